import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommand } from './parse-command.js';

test('parseCommand() splits arguments by the command signature', () => {
  const cases: readonly (readonly [string, string, number | null, readonly string[]])[] = [
    ['[1700000000] ENABLE_NOTIFICATIONS', 'ENABLE_NOTIFICATIONS', 1700000000, []],
    ['ENABLE_NOTIFICATIONS', 'ENABLE_NOTIFICATIONS', null, []],
    [
      '[1700000000] SCHEDULE_FORCED_SVC_CHECK;srv1;CPU load;1700000000',
      'SCHEDULE_FORCED_SVC_CHECK',
      1700000000,
      ['srv1', 'CPU load', '1700000000'],
    ],
    [
      '[1700000000] ACKNOWLEDGE_SVC_PROBLEM;srv1;CPU load;2;1;1;admin;working on it; really',
      'ACKNOWLEDGE_SVC_PROBLEM',
      1700000000,
      ['srv1', 'CPU load', '2', '1', '1', 'admin', 'working on it; really'],
    ],
    [
      '[1] PROCESS_SERVICE_CHECK_RESULT;srv1;Backup;2;CRIT - failed|age=86400s;3600;7200',
      'PROCESS_SERVICE_CHECK_RESULT',
      1,
      ['srv1', 'Backup', '2', 'CRIT - failed|age=86400s;3600;7200'],
    ],
    [
      '[1] SCHEDULE_HOST_DOWNTIME;srv1;1700000000;1700003600;1;0;3600;admin;patching',
      'SCHEDULE_HOST_DOWNTIME',
      1,
      ['srv1', '1700000000', '1700003600', '1', '0', '3600', 'admin', 'patching'],
    ],
    ['[1] ADD_HOST_COMMENT;srv1;1;admin;', 'ADD_HOST_COMMENT', 1, ['srv1', '1', 'admin', '']],
    ['[1] LOG;a;b', 'LOG', 1, ['a;b']],
    ['[1]DISABLE_HOST_CHECK;srv1', 'DISABLE_HOST_CHECK', 1, ['srv1']],
  ];
  for (const [text, name, submittedAt, args] of cases) {
    const parsed = parseCommand(text);
    assert.equal(parsed.kind, 'command', `${text}: ${parsed.kind === 'bad-command' ? parsed.reason : ''}`);
    if (parsed.kind !== 'command') continue;
    assert.equal(parsed.command.name, name);
    assert.equal(parsed.command.submittedAt, submittedAt);
    assert.deepEqual(parsed.command.args, args);
    assert.ok(Object.isFrozen(parsed.command));
  }
});

test('parseCommand() refuses unknown names, wrong arguments and bad timestamps with a reason', () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ['[1] MAKE_COFFEE;now', /unknown command 'MAKE_COFFEE'/],
    ['[1] enable_notifications', /unknown command/],
    ['[x] ENABLE_NOTIFICATIONS', /malformed timestamp/],
    ['[1]', /missing command name/],
    ['[1] SCHEDULE_FORCED_SVC_CHECK;srv1;CPU load', /expects host;service;time, got 2 field/],
    ['[1] ENABLE_NOTIFICATIONS;extra', /expects no arguments, got 1 field/],
    ['[1] DISABLE_HOST_CHECK;srv1;extra', /expects host, got 2 field/],
    ['[1] SCHEDULE_FORCED_HOST_CHECK;srv1;soon', /argument 2: expected a time in epoch seconds, got 'soon'/],
    ['[1] PROCESS_HOST_CHECK_RESULT;srv1;7;out', /argument 2: expected a state 0\.\.3/],
    ['[1] ADD_HOST_COMMENT;srv1;yes;me;text', /argument 2: expected 0 or 1/],
    ['[1] DISABLE_HOST_CHECK;', /argument 1: empty host name/],
  ];
  for (const [text, reason] of cases) {
    const parsed = parseCommand(text);
    assert.equal(parsed.kind, 'bad-command', text);
    if (parsed.kind === 'bad-command') assert.match(parsed.reason, reason, text);
  }
});
