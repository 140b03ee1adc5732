import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MonitoringCommand } from '../model/monitoring-command.js';
import { buildFromYaml } from '../testing/build-from-yaml.js';
import {
  FIXTURE_COMMENTS,
  FIXTURE_DOWNTIMES,
  FIXTURE_YAML,
  fixtureConfiguration,
} from '../testing/livestatus-fixture.js';
import { TABLES } from './catalog.js';
import { parseCommand } from './parse-command.js';
import { parseRequest } from './parse-request.js';
import { toMonitoringCommands, type CommandState } from './to-monitoring-commands.js';

const NOW = 1_700_000_000_000;

/** Command line → the kinds of the monitoring commands it becomes, or the start of its error. */
const CASES: readonly (readonly [string, readonly string[] | string])[] = [
  ['DISABLE_NOTIFICATIONS', ['set-switch']],
  ['ENABLE_HOST_NOTIFICATIONS;srv1', ['set-switch']],
  ['DISABLE_SVC_CHECK;srv1;Memory', ['set-switch']],
  ['DISABLE_HOST_SVC_CHECKS;srv1', ['set-switch', 'set-switch']],
  ['ENABLE_HOST_SVC_NOTIFICATIONS;srv2', ['set-switch', 'set-switch']],
  ['DISABLE_PASSIVE_HOST_CHECKS;srv1', ['set-switch']],
  ['ENABLE_PASSIVE_SVC_CHECKS;srv1;Memory', ['set-switch']],
  ['DISABLE_HOST_FLAP_DETECTION;srv1', ['set-switch']],
  ['ENABLE_SVC_EVENT_HANDLER;srv1;Memory', ['set-switch']],
  ['DISABLE_HOSTGROUP_HOST_NOTIFICATIONS;linux', ['set-switch', 'set-switch']],
  ['DISABLE_HOSTGROUP_SVC_CHECKS;web', ['set-switch', 'set-switch']],
  ['ENABLE_SERVICEGROUP_SVC_NOTIFICATIONS;cpu', ['set-switch', 'set-switch']],
  ['ENABLE_SERVICEGROUP_HOST_CHECKS;cpu', ['set-switch', 'set-switch']],
  ['DISABLE_HOSTGROUP_HOST_CHECKS;nogroup', "unknown host group 'nogroup'"],
  ['DISABLE_SERVICEGROUP_SVC_CHECKS;nogroup', "unknown service group 'nogroup'"],
  ['DISABLE_CONTACT_HOST_NOTIFICATIONS;ops', 'DISABLE_CONTACT_HOST_NOTIFICATIONS is not supported'],
  [
    'SCHEDULE_HOSTGROUP_HOST_DOWNTIME;linux;1700000000;1700003600;1;0;0;me;w',
    ['schedule-downtime', 'schedule-downtime'],
  ],
  ['SCHEDULE_HOSTGROUP_SVC_DOWNTIME;web;1700000000;1700003600;1;0;0;me;w', ['schedule-downtime', 'schedule-downtime']],
  [
    'SCHEDULE_SERVICEGROUP_HOST_DOWNTIME;cpu;1700000000;1700003600;1;0;0;me;w',
    ['schedule-downtime', 'schedule-downtime'],
  ],
  [
    'SCHEDULE_SERVICEGROUP_SVC_DOWNTIME;cpu;1700000000;1700003600;1;0;0;me;w',
    ['schedule-downtime', 'schedule-downtime'],
  ],
  [
    'SCHEDULE_AND_PROPAGATE_HOST_DOWNTIME;srv1;1700000000;1700003600;1;0;0;me;w',
    ['schedule-downtime', 'schedule-downtime'],
  ],
  [
    'SCHEDULE_AND_PROPAGATE_TRIGGERED_HOST_DOWNTIME;srv1;1700000000;1700003600;1;0;0;me;w',
    'SCHEDULE_AND_PROPAGATE_TRIGGERED_HOST_DOWNTIME: triggered propagation is not supported',
  ],
  ['DEL_ALL_SVC_COMMENTS;srv2;CPU load', ['delete-comment', 'delete-comment']],
  ['DEL_ALL_HOST_COMMENTS;srv2', ['delete-comment']],
  ['DEL_ALL_HOST_COMMENTS;srv1', []],
  ['ACKNOWLEDGE_HOST_PROBLEM;srv2;2;1;1;me;text', ['acknowledge']],
  ['ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;1;0;0;me;a;b', ['acknowledge']],
  ['REMOVE_SVC_ACKNOWLEDGEMENT;srv2;CPU load', ['remove-acknowledgement']],
  ['SCHEDULE_HOST_DOWNTIME;srv1;1700000000;1700003600;1;0;0;me;work', ['schedule-downtime']],
  ['SCHEDULE_SVC_DOWNTIME;srv1;Memory;1700000000;1700003600;0;0;600;me;work', ['schedule-downtime']],
  ['DEL_HOST_DOWNTIME;4', ['delete-downtime']],
  ['ADD_SVC_COMMENT;srv1;Memory;1;me;hello', ['add-comment']],
  ['DEL_SVC_COMMENT;3', ['delete-comment']],
  ['SCHEDULE_FORCED_SVC_CHECK;srv1;Memory;1700000000', ['schedule-check']],
  ['SCHEDULE_HOST_SVC_CHECKS;srv1;1700000000', ['schedule-check', 'schedule-check']],
  ['PROCESS_SERVICE_CHECK_RESULT;srv1;Memory;2;CRIT - bad|x=1', ['process-result']],
  ['PROCESS_HOST_CHECK_RESULT;srv1;0;UP', ['process-result']],
  ['ACKNOWLEDGE_HOST_PROBLEM;nohost;2;1;1;me;text', "unknown host 'nohost'"],
  ['DISABLE_SVC_CHECK;srv1;nosvc', "unknown service 'srv1;nosvc'"],
  ['ACKNOWLEDGE_HOST_PROBLEM_EXPIRE;srv2;2;1;1;1700003600;me;t', ['acknowledge']],
  ['ACKNOWLEDGE_SVC_PROBLEM_EXPIRE;srv2;CPU load;2;1;1;1700003600;me;t', ['acknowledge']],
  ['ACKNOWLEDGE_HOST_PROBLEM_EXPIRE;nohost;2;1;1;1700003600;me;t', "unknown host 'nohost'"],
];

/** The running monitoring as far as commands need it: the fixture's comments and downtimes. */
const STATE: CommandState = {
  comments: () => new Map(FIXTURE_COMMENTS.map((c) => [c.id, c])),
  downtimes: () => FIXTURE_DOWNTIMES,
};

test('toMonitoringCommands() translates each external command or says why not', () => {
  const config = fixtureConfiguration();
  for (const [line, expected] of CASES) {
    const parsed = parseCommand(line);
    assert.equal(parsed.kind, 'command', line);
    if (parsed.kind !== 'command') continue;
    const translation = toMonitoringCommands(parsed.command, config, NOW, STATE);
    if (typeof expected === 'string') {
      assert.equal(translation.ok, false, line);
      if (!translation.ok) assert.ok(translation.error.startsWith(expected), `${line}: ${translation.error}`);
      continue;
    }
    assert.ok(translation.ok, line);
    if (translation.ok)
      assert.deepEqual(
        translation.commands.map((c) => c.kind),
        expected,
        line,
      );
  }
});

test('toMonitoringCommands() fills in the arguments of each monitoring command', () => {
  const config = fixtureConfiguration();
  const srv2Cpu = { object: 'service', hostName: 'srv2', description: 'CPU load' } as const;
  const acknowledge = { kind: 'acknowledge', sticky: true, notify: true, persistent: false, author: 'me' } as const;
  const cases: [string, MonitoringCommand][] = [
    [
      'ACKNOWLEDGE_SVC_PROBLEM_EXPIRE;srv2;CPU load;2;1;0;1700003600;me;a;b',
      { ...acknowledge, target: srv2Cpu, comment: 'a;b', expires: 1_700_003_600_000 },
    ],
    [
      'ACKNOWLEDGE_HOST_PROBLEM_EXPIRE;srv2;2;1;0;0;me;no end',
      { ...acknowledge, target: { object: 'host', hostName: 'srv2' }, comment: 'no end' },
    ],
    // The Checkmk GUI's form: the end time as one more field after the comment.
    [
      'ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;2;1;0;me;until tonight;1700003600',
      { ...acknowledge, target: srv2Cpu, comment: 'until tonight', expires: 1_700_003_600_000 },
    ],
    [
      'ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;2;1;0;me;ticket;42',
      { ...acknowledge, target: srv2Cpu, comment: 'ticket;42' },
    ],
    [
      'ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;2;1;0;me;a;b',
      {
        kind: 'acknowledge',
        target: { object: 'service', hostName: 'srv2', description: 'CPU load' },
        sticky: true,
        notify: true,
        persistent: false,
        author: 'me',
        comment: 'a;b',
      },
    ],
    [
      'SCHEDULE_SVC_DOWNTIME;srv1;Memory;1700000000;1700003600;0;3;600;me;work',
      {
        kind: 'schedule-downtime',
        target: { object: 'service', hostName: 'srv1', description: 'Memory' },
        start: 1_700_000_000_000,
        end: 1_700_003_600_000,
        fixed: false,
        durationMs: 600_000,
        triggeredBy: 3,
        author: 'me',
        comment: 'work',
      },
    ],
    [
      'DISABLE_PASSIVE_HOST_CHECKS;srv1',
      { kind: 'set-switch', scope: { object: 'host', hostName: 'srv1' }, name: 'passiveChecks', enabled: false },
    ],
    [
      'SCHEDULE_HOST_CHECK;srv1;0',
      { kind: 'schedule-check', target: { object: 'host', hostName: 'srv1' }, at: NOW, forced: false },
    ],
    ['DEL_SVC_DOWNTIME;2', { kind: 'delete-downtime', id: 2 }],
  ];
  for (const [line, expected] of cases) {
    const parsed = parseCommand(line);
    assert.equal(parsed.kind, 'command', line);
    if (parsed.kind !== 'command') continue;
    assert.deepEqual(
      toMonitoringCommands(parsed.command, config, NOW, STATE),
      { ok: true, commands: [expected] },
      line,
    );
  }
});

test('DEL_ALL_*_COMMENTS without the running monitoring is an error, not a silent no-op', () => {
  const parsed = parseCommand('DEL_ALL_HOST_COMMENTS;srv2');
  assert.equal(parsed.kind, 'command');
  if (parsed.kind !== 'command') return;
  const translation = toMonitoringCommands(parsed.command, fixtureConfiguration(), NOW);
  assert.equal(translation.ok, false);
});

test('with AuthUser a user may only command objects they may see', () => {
  const built = buildFromYaml({
    'fixture.yaml': `${FIXTURE_YAML}users:
  - {user_name: root, role: admin}
  - {user_name: opsuser, role: user, contact: ops}
  - {user_name: looker, role: guest}
`,
  });
  assert.deepEqual(built.errors, []);
  const config = built.configuration;
  /** Command line, AuthUser, allowed or the start of the error. */
  const cases: [string, string, true | string][] = [
    ['ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;2;1;0;me;x', 'opsuser', true],
    ['ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;2;1;0;me;x', 'ops', true],
    ['ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;2;1;0;me;x', 'root', true],
    [
      'ACKNOWLEDGE_SVC_PROBLEM;srv1;CPU load;2;1;0;me;x',
      'opsuser',
      "ACKNOWLEDGE_SVC_PROBLEM: user 'opsuser' may not command 'srv1;CPU load'",
    ],
    [
      'ACKNOWLEDGE_HOST_PROBLEM;srv2;2;1;0;me;x',
      'viewer',
      "ACKNOWLEDGE_HOST_PROBLEM: user 'viewer' may not command 'srv2'",
    ],
    ['ADD_SVC_COMMENT;srv2;Disk /;1;me;x', 'viewer', true],
    ['DISABLE_NOTIFICATIONS', 'opsuser', "DISABLE_NOTIFICATIONS: user 'opsuser' may not change global settings"],
    ['DISABLE_NOTIFICATIONS', 'root', true],
    [
      'DISABLE_HOSTGROUP_HOST_NOTIFICATIONS;linux',
      'opsuser',
      "DISABLE_HOSTGROUP_HOST_NOTIFICATIONS: user 'opsuser' may not command 'srv1'",
    ],
    ['DEL_SVC_COMMENT;2', 'opsuser', true],
    ['DEL_HOST_COMMENT;1', 'viewer', "DEL_HOST_COMMENT: user 'viewer' may not command 'srv2'"],
    ['DEL_HOST_DOWNTIME;99', 'opsuser', "DEL_HOST_DOWNTIME: cannot tell whether user 'opsuser' may see the object"],
    ['DEL_HOST_DOWNTIME;99', 'root', true],
    ['ADD_HOST_COMMENT;srv1;1;me;x', 'looker', "ADD_HOST_COMMENT: user 'looker' may not send commands"],
    ['ADD_HOST_COMMENT;srv1;1;me;x', 'stranger', "ADD_HOST_COMMENT: unknown user 'stranger'"],
  ];
  for (const [line, user, expected] of cases) {
    const parsed = parseCommand(line);
    assert.equal(parsed.kind, 'command', line);
    if (parsed.kind !== 'command') continue;
    const translation = toMonitoringCommands({ ...parsed.command, authUser: user }, config, NOW, STATE);
    if (expected === true) assert.equal(translation.ok, true, `${line} as ${user}`);
    else assert.deepEqual(translation, { ok: false, error: expected, forbidden: true }, `${line} as ${user}`);
  }
  // A command that fails for another reason is not a refusal of the user.
  const unknown = parseCommand('ADD_HOST_COMMENT;nohost;1;me;x');
  assert.ok(unknown.kind === 'command');
  const failed = toMonitoringCommands({ ...unknown.command, authUser: 'root' }, config, NOW, STATE);
  assert.equal(failed.ok, false);
  assert.equal(!failed.ok && failed.forbidden, undefined);
});

test('a COMMAND request with an AuthUser header line carries the user', () => {
  const request = parseRequest(['COMMAND [1700000000] DEL_HOST_COMMENT;1', 'AuthUser: viewer'], {
    tables: TABLES,
    now: NOW,
  });
  assert.equal(request.kind, 'command');
  if (request.kind === 'command') assert.equal(request.command.authUser, 'viewer');
  const without = parseRequest(['COMMAND [1700000000] DEL_HOST_COMMENT;1'], { tables: TABLES, now: NOW });
  assert.ok(without.kind === 'command' && without.command.authUser === undefined);
});
