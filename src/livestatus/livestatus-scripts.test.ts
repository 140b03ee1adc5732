import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { RecordingCommandSink } from '../testing/fake-status-source.js';
import { FIXTURE_NOW, fixtureSource } from '../testing/livestatus-fixture.js';
import { converse, parseScript } from '../testing/livestatus-script.js';

const DIR = fileURLToPath(new URL('../../../test-data/livestatus', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.test'))
  .sort();

test('the Livestatus scripts exist', () => {
  assert.ok(files.length > 0, `no scripts in ${DIR}`);
});

for (const file of files) {
  const cases = parseScript(readFileSync(join(DIR, file), 'utf8'), file);
  for (const c of cases) {
    test(`${file}:${c.line} ${c.title}`, async () => {
      const answer = await converse({
        request: c.request,
        source: fixtureSource(),
        commands: new RecordingCommandSink(),
        clock: { now: FIXTURE_NOW },
      });
      assert.equal(answer, c.expected);
    });
  }
}
