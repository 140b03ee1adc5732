/**
 * The mailbox side of a mail flow (seed 003): the `imap` and `pop3` checks hand over the token
 * mails of a flow they found; the tokens still pending are marked arrived, and the words for the
 * check's output are made here, once for both protocols.
 */
import type { Step } from './mail-dialogue.js';
import type { Mailflows } from './mailflow-context.js';
import { withArrivedTokens } from './mailflow-tokens.js';
import { readTokenSubject } from './mail-token.js';

/** At most this many token mails are handled per check; the next check takes the rest. */
export const MAX_TOKEN_MAILS = 500;

/** The tokens of `flowId` among `subjects`, by the message number each came with. */
export function flowTokens(flowId: string, subjects: ReadonlyMap<number, string>): Map<number, string> {
  const tokens = new Map<number, string>();
  for (const [number, subject] of subjects) {
    const read = readTokenSubject(subject);
    if (read !== null && read.flowId === flowId) tokens.set(number, read.token);
  }
  return tokens;
}

/** Records the arrival of `tokens` of `flowId` and says what arrived. */
export async function recordArrivals(mailflows: Mailflows, flowId: string, tokens: ReadonlySet<string>): Promise<Step> {
  const now = mailflows.now();
  const recorded = await mailflows.store.update((state) => {
    const changed = withArrivedTokens(state, flowId, tokens, now);
    return { state: changed.state, value: changed.arrived };
  });
  if (recorded.problem !== null) return { ok: false, finding: { status: 1, text: recorded.problem } };
  const arrived = recorded.value;
  const slowest = Math.max(0, ...arrived.map((one) => (one.arrivedAt - one.sentAt) / 1000));
  const text =
    tokens.size === 0
      ? `flow ${flowId}: no token mail in the mailbox`
      : `flow ${flowId}: ${tokens.size} token mails found and deleted, ${arrived.length} of them pending${arrived.length > 0 ? ` (the slowest after ${slowest.toFixed(0)} s)` : ''}`;
  return { ok: true, text };
}
