import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allSchemas } from './json-schema.js';

test('the published JSON Schemas in schema/ are the ones the readers validate with', () => {
  for (const [name, schema] of allSchemas()) {
    const path = fileURLToPath(new URL(`../../../schema/${name}`, import.meta.url));
    const published = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    assert.deepEqual(published, JSON.parse(JSON.stringify(schema)), `${name} is stale: run 'npm run schema'`);
  }
});

test('the object schema knows every section and rejects unknown keys', () => {
  const schema = allSchemas().get('objects.schema.json') as {
    properties: Record<string, unknown>;
    $defs: Record<string, { additionalProperties: boolean; properties: Record<string, unknown> }>;
  };
  assert.ok('hostdependencies' in schema.properties);
  assert.equal(schema.$defs.host?.additionalProperties, false);
  assert.ok('custom' in (schema.$defs.host?.properties ?? {}));
  assert.ok('ranges' in (schema.$defs.timeperiod?.properties ?? {}));
});
