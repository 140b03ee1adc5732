import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { RecordingCommandSink } from '../testing/fake-status-source.js';
import { FIXTURE_NOW, fixtureSource } from '../testing/livestatus-fixture.js';
import { converse } from '../testing/livestatus-script.js';
import { TABLES } from './catalog.js';

/**
 * Checkmk's livestatus.py reads python3 answers with ast.literal_eval and json answers with
 * json.loads; every table, all columns, must pass both. Needs python3 (any Debian has it; the
 * test says so when it is missing rather than passing).
 */
test('every table in python3 and json is read by Python (ast.literal_eval, json.loads)', async (t) => {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    t.skip('python3 is not installed');
    return;
  }
  const answers: Record<string, string> = {};
  for (const table of TABLES.keys()) {
    for (const format of ['python3', 'json']) {
      answers[`${format} ${table}`] = await converse({
        request: `GET ${table}\nOutputFormat: ${format}\n\n`,
        source: fixtureSource(),
        commands: new RecordingCommandSink(),
        clock: { now: FIXTURE_NOW },
      });
    }
  }
  const script = `
import ast, json, sys
answers = json.load(sys.stdin)
result = {}
for name, text in answers.items():
    value = ast.literal_eval(text) if name.startswith('python3') else json.loads(text)
    result[name] = [len(value), len(value[0])]
print(json.dumps(result))
`;
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(answers), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const shapes = JSON.parse(run.stdout) as Record<string, [number, number]>;
  for (const table of TABLES.keys()) {
    assert.deepEqual(shapes[`python3 ${table}`], shapes[`json ${table}`], table);
    assert.equal(
      shapes[`json ${table}`]?.[1],
      TABLES.get(table)?.columns.length,
      `${table}: header row of all columns`,
    );
  }
});
