/**
 * What the journal records for an attempt's outcome: `done`, an `attempt` with the next try's
 * time, or `dead`. Shared by the running spool and by folding in the outcomes that a delivery
 * process recorded while the site was down. Pure.
 */
import type { DeliveryOutcome } from '../notification-job.js';
import { nextAttempt, type RetryPolicy } from './retry-policy.js';
import type { RecordedOutcome } from './spool-deliverer.js';
import type { SpoolRecord } from './spool-record.js';
import type { SpoolEntry, SpoolState } from './spool-state.js';

/** What became of a delivery attempt, for history. */
export type AttemptVerdict = 'delivered' | 'retry' | 'dead';

/** The records of one entry's outcome and what they mean. */
export interface OutcomeRecords {
  readonly verdict: AttemptVerdict;
  readonly records: readonly SpoolRecord[];
}

/** The records of `outcome` for `entry` at `now`: a success, a retry with back-off, or the dead-letter list. */
export function outcomeRecords(
  entry: SpoolEntry,
  outcome: DeliveryOutcome,
  policy: RetryPolicy,
  now: number,
): OutcomeRecords {
  const id = entry.job.id;
  if (outcome.ok) return { verdict: 'delivered', records: [{ kind: 'done', id, at: entry.begun ?? now }] };
  if (!outcome.retryable) return { verdict: 'dead', records: [{ kind: 'dead', id, at: now, reason: outcome.reason }] };
  const attempts = entry.attempts + 1;
  const next = nextAttempt(policy, attempts, entry.since, now);
  if (!next.retry) {
    const reason = `too old to try again after ${attempts} attempt(s): ${outcome.reason}`;
    return { verdict: 'dead', records: [{ kind: 'dead', id, at: now, reason }] };
  }
  return {
    verdict: 'retry',
    records: [{ kind: 'attempt', id, at: now, attempts, nextAt: next.at, reason: outcome.reason }],
  };
}

/** One recorded outcome that applied to an entry. */
export interface FoldedOutcome extends OutcomeRecords {
  readonly entry: SpoolEntry;
  readonly outcome: DeliveryOutcome;
}

/**
 * Applies to `state` the recorded outcomes of attempts that the journal shows begun and without
 * an outcome (same id, same `begun`); every other one was applied already (a file read twice, a
 * later attempt) and changes nothing. Successes go first: when two attempts share an id and a
 * begin time, the one that delivered wins, so a delivered notification is never tried again.
 */
export function foldRecordedOutcomes(
  state: SpoolState,
  recorded: readonly RecordedOutcome[],
  policy: RetryPolicy,
  now: number,
): FoldedOutcome[] {
  const folded: FoldedOutcome[] = [];
  const ordered = [...recorded.filter((r) => r.outcome.ok), ...recorded.filter((r) => !r.outcome.ok)];
  for (const { ids, begun, outcome } of ordered) {
    for (const id of ids) {
      const entry = state.entries.get(id);
      if (entry?.status !== 'queued' || entry.begun !== begun) continue;
      const result = outcomeRecords(entry, outcome, policy, now);
      for (const record of result.records) state.apply(record);
      folded.push({ ...result, entry, outcome });
    }
  }
  return folded;
}
