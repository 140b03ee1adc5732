import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PENDING, type CheckState } from './check-state.js';
import { shouldRunEventHandler, shouldRunGlobalEventHandler } from './should-run-event-handler.js';

const observation = {
  lastCheck: 0,
  lastStateChange: 0,
  lastHardStateChange: 0,
  previousProblem: null,
  output: '',
  longOutput: '',
  perfdata: '',
};
const OK: CheckState<string> = { kind: 'ok', ...observation };
const soft = (problem: string, attempt: number): CheckState<string> => ({
  kind: 'soft-problem',
  problem,
  attempt,
  ...observation,
});
const hard = (problem: string): CheckState<string> => ({ kind: 'hard-problem', problem, attempt: 3, ...observation });

const CASES: readonly { name: string; before: CheckState<string>; after: CheckState<string>; run: boolean }[] = [
  { name: 'first result OK', before: PENDING, after: OK, run: false },
  { name: 'OK again', before: OK, after: OK, run: false },
  { name: 'first SOFT problem', before: OK, after: soft('critical', 1), run: true },
  { name: 'first result a SOFT problem', before: PENDING, after: soft('critical', 1), run: true },
  { name: 'SOFT retry, same problem', before: soft('critical', 1), after: soft('critical', 2), run: true },
  { name: 'SOFT retry, other problem', before: soft('critical', 1), after: soft('warning', 2), run: true },
  { name: 'SOFT becomes HARD', before: soft('critical', 2), after: hard('critical'), run: true },
  { name: 'HARD at once', before: OK, after: hard('down'), run: true },
  { name: 'first result HARD', before: PENDING, after: hard('down'), run: true },
  { name: 'HARD again, same problem', before: hard('critical'), after: hard('critical'), run: false },
  { name: 'HARD, other problem', before: hard('critical'), after: hard('warning'), run: true },
  { name: 'SOFT recovery', before: soft('critical', 1), after: OK, run: true },
  { name: 'HARD recovery', before: hard('critical'), after: OK, run: true },
];

test('event handlers run on SOFT problems, HARD changes and recoveries, as in Nagios', () => {
  for (const c of CASES) {
    assert.equal(
      shouldRunEventHandler({ before: c.before, after: c.after, globalEnabled: true, objectEnabled: true }),
      c.run,
      c.name,
    );
  }
});

test('event handlers never run with the global or the object switch off', () => {
  for (const c of CASES) {
    for (const [globalEnabled, objectEnabled] of [
      [false, true],
      [true, false],
      [false, false],
    ] as const) {
      assert.equal(
        shouldRunEventHandler({ before: c.before, after: c.after, globalEnabled, objectEnabled }),
        false,
        `${c.name} (global ${String(globalEnabled)}, object ${String(objectEnabled)})`,
      );
    }
  }
});

test('the global event handler runs on the same changes whatever the object says, only with the global switch on', () => {
  for (const c of CASES) {
    for (const globalEnabled of [true, false]) {
      assert.equal(
        shouldRunGlobalEventHandler({ before: c.before, after: c.after, globalEnabled }),
        c.run && globalEnabled,
        `${c.name} (global ${String(globalEnabled)})`,
      );
    }
  }
});
