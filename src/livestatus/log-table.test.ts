import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeStatusSource, MemoryLogArchive, RecordingCommandSink } from '../testing/fake-status-source.js';
import { fixtureConfiguration } from '../testing/livestatus-fixture.js';
import { converse } from '../testing/livestatus-script.js';
import { parseLogLine } from './parse-log-line.js';

const DAY = 86_400;

test('parseLogLine() reads the fields of each kind of line as Checkmk does', () => {
  const cases: [string, Record<string, string | number>][] = [
    [
      '[100] SERVICE ALERT: h;s;CRITICAL;HARD;3;out; with semicolon',
      {
        logClass: 1,
        hostName: 'h',
        serviceDescription: 's',
        state: 2,
        stateType: 'HARD',
        attempt: 3,
        pluginOutput: 'out; with semicolon',
      },
    ],
    [
      '[100] HOST ALERT: h;UNREACHABLE;SOFT;2;x',
      { logClass: 1, hostName: 'h', state: 2, stateType: 'SOFT', attempt: 2 },
    ],
    [
      '[100] SERVICE NOTIFICATION: c;h;s;ACKNOWLEDGEMENT (WARNING);mail;o',
      { logClass: 3, contactName: 'c', state: 1, stateInfo: 'ACKNOWLEDGEMENT', commandName: 'mail', pluginOutput: 'o' },
    ],
    [
      '[100] HOST NOTIFICATION: c;h;ACKNOWLEDGEMENT (DOWN);mail;out;put;ann;on it',
      { logClass: 3, state: 1, pluginOutput: 'out;put', comment: 'on it', stateInfo: 'ACKNOWLEDGEMENT' },
    ],
    ['[100] SERVICE NOTIFICATION: c;h;s;RECOVERY;mail;fine', { logClass: 3, state: 0, pluginOutput: 'fine' }],
    ['[100] SERVICE EVENT HANDLER: h;s;CRITICAL;SOFT;1;restart', { logClass: 0, state: 2, commandName: 'restart' }],
    ['[100] logging initial states', { logClass: 2 }],
    ['[100] PASSIVE HOST CHECK: h;1;down', { logClass: 4, hostName: 'h', state: 1, pluginOutput: 'down' }],
    ['[100] EXTERNAL COMMAND: X;y', { logClass: 5, type: 'EXTERNAL COMMAND', options: 'X;y' }],
    ['[100] INITIAL HOST STATE: h;UP;HARD;1;ok', { logClass: 6, state: 0 }],
    ['[100] HOST DOWNTIME ALERT: h;STARTED;begins', { logClass: 1, stateType: 'STARTED', comment: 'begins' }],
    ['[100] Watchpost starting... (PID=1)', { logClass: 2 }],
    ['[100] something else', { logClass: 0, type: 'something else' }],
  ];
  for (const [line, expected] of cases) {
    const entry = parseLogLine(line, 7);
    assert.ok(entry !== null, line);
    assert.equal(entry.time, 100);
    assert.equal(entry.lineno, 7);
    for (const [field, value] of Object.entries(expected))
      assert.equal(entry[field as keyof typeof entry], value, `${line}: ${field}`);
  }
  assert.equal(parseLogLine('no stamp', 1), null);
  assert.equal(parseLogLine('[12x] HOST ALERT: h', 1), null);
});

test('the log table reads only the files whose time range can match the filter on time', async () => {
  const log = new MemoryLogArchive({
    'archive/a.log': [`[${10 * DAY}] LOG VERSION: 2`, `[${10 * DAY + 5}] HOST ALERT: srv1;DOWN;HARD;1;a`],
    'archive/b.log': [`[${20 * DAY}] LOG VERSION: 2`, `[${25 * DAY + 5}] HOST ALERT: srv1;UP;HARD;1;b`],
    'monitoring.log': [`[${30 * DAY}] LOG VERSION: 2`, `[${30 * DAY + 5}] HOST ALERT: srv1;DOWN;HARD;1;c`],
  });
  const source = new FakeStatusSource({ configuration: fixtureConfiguration(), log });
  const answer = await converse({
    request: `GET log\nColumns: plugin_output\nFilter: type = HOST ALERT\nFilter: time >= ${25 * DAY}\nFilter: time < ${26 * DAY}\n\n`,
    source,
    commands: new RecordingCommandSink(),
    clock: { now: 31 * DAY * 1000 },
  });
  assert.equal(answer, 'b\n');
  assert.deepEqual([...log.reads.keys()], ['archive/b.log']);
  const all = await converse({
    request: 'GET log\nColumns: plugin_output\nFilter: type = HOST ALERT\nLimit: 2\n\n',
    source,
    commands: new RecordingCommandSink(),
    clock: { now: 31 * DAY * 1000 },
  });
  assert.equal(all, 'c\nb\n', 'newest first');
});
