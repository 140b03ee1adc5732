import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectState } from '../../model/check-state.js';
import { FakeStatusSource, RecordingCommandSink } from '../../testing/fake-status-source.js';
import { FIXTURE_NOW, FIXTURE_STATES, fixtureConfiguration } from '../../testing/livestatus-fixture.js';
import { converse } from '../../testing/livestatus-script.js';

const CPU_CRITICAL: ObjectState = {
  object: 'service',
  hostName: 'srv1',
  description: 'CPU load',
  state: {
    kind: 'hard-problem',
    problem: 'critical',
    attempt: 3,
    lastCheck: FIXTURE_NOW,
    lastStateChange: FIXTURE_NOW,
    lastHardStateChange: FIXTURE_NOW,
    previousProblem: null,
    output: 'CRITICAL - load average: 9.00',
    longOutput: '',
    perfdata: '',
  },
};

const ask = (source: FakeStatusSource, request: string): Promise<string> =>
  converse({ request: `${request}\n\n`, source, commands: new RecordingCommandSink(), clock: { now: FIXTURE_NOW } });

test('a service status changed between two requests shows in the second, though one row reads it once', async () => {
  const source = new FakeStatusSource({ configuration: fixtureConfiguration(), states: FIXTURE_STATES });
  const request =
    'GET services\nColumns: state plugin_output\nFilter: host_name = srv1\nFilter: description = CPU load';
  assert.equal(await ask(source, request), '0;OK - load average: 0.10, 0.20, 0.30\n');
  source.set(CPU_CRITICAL);
  assert.equal(await ask(source, request), '2;CRITICAL - load average: 9.00\n');
});

test('host_name of a service is its host name, as the joined host column says', async () => {
  const source = new FakeStatusSource({ configuration: fixtureConfiguration(), states: FIXTURE_STATES });
  const table = [
    ['GET services\nColumns: host_name host_alias description\nFilter: host_name = srv1', 'srv1;'],
    ['GET services\nColumns: host_name\nFilter: host_name ~ ^srv\nStats: state >= 0', 'srv1;'],
    [
      'GET columns\nColumns: name type description\nFilter: table = services\nFilter: name = host_name',
      'host_name;string;Host name\n',
    ],
  ] as const;
  for (const [request, start] of table) {
    const answer = await ask(source, request);
    assert.ok(answer.startsWith(start), `${request}\n→ ${answer}`);
  }
});
