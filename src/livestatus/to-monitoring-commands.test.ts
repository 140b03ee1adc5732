import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureConfiguration } from '../testing/livestatus-fixture.js';
import { parseCommand } from './parse-command.js';
import { toMonitoringCommands } from './to-monitoring-commands.js';

const NOW = 1_700_000_000_000;

/** Command line → the kinds of the monitoring commands it becomes, or the start of its error. */
const CASES: readonly (readonly [string, readonly string[] | string])[] = [
  ['DISABLE_NOTIFICATIONS', ['set-switch']],
  ['ENABLE_HOST_NOTIFICATIONS;srv1', ['set-switch']],
  ['DISABLE_SVC_CHECK;srv1;Memory', ['set-switch']],
  ['DISABLE_HOST_SVC_CHECKS;srv1', ['set-switch', 'set-switch']],
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
  ['ACKNOWLEDGE_HOST_PROBLEM_EXPIRE;srv2;2;1;1;1700003600;me;t', 'ACKNOWLEDGE_HOST_PROBLEM_EXPIRE is not supported'],
];

test('toMonitoringCommands() translates each external command or says why not', () => {
  const config = fixtureConfiguration();
  for (const [line, expected] of CASES) {
    const parsed = parseCommand(line);
    assert.equal(parsed.kind, 'command', line);
    if (parsed.kind !== 'command') continue;
    const translation = toMonitoringCommands(parsed.command, config, NOW);
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
