/**
 * The mail flow bookkeeping of seed 003, as pure values: `smtp` with `email` + `mailflowid`
 * records a token it sent, `imap`/`pop3` with `mailflowid` take away the tokens whose mail
 * arrived, and `mailflow` (`id`, `seconds`) is CRITICAL while a token of the flow that has not
 * arrived is older than `seconds`. Times are milliseconds since the epoch, passed in.
 */
import type { PluginStatus } from '../../model/check-result.js';

/** A token sent and not yet seen in a mailbox. */
export interface PendingToken {
  readonly token: string;
  readonly sentAt: number;
}

/** The last token of a flow that arrived, for the output of `mailflow`. */
export interface Arrival {
  readonly token: string;
  readonly sentAt: number;
  readonly arrivedAt: number;
}

/** What is known about one flow. */
export interface FlowRecord {
  /** Oldest first. */
  readonly pending: readonly PendingToken[];
  readonly lastArrival: Arrival | null;
}

/** Every flow, by its id. */
export interface MailflowState {
  readonly flows: Readonly<Record<string, FlowRecord>>;
}

/**
 * Pending tokens kept per flow. A flow whose mail never arrives would otherwise grow without
 * end; the oldest token decides the state, so the newest are the ones dropped.
 */
export const MAX_PENDING_TOKENS = 1000;

/** The ids a flow may have: they travel in mail subjects and IMAP searches. */
export const FLOW_ID_PATTERN = /^[A-Za-z0-9._:@+-]{1,100}$/;

/** No flows. */
export const EMPTY_MAILFLOW_STATE: MailflowState = { flows: {} };

const EMPTY_FLOW: FlowRecord = { pending: [], lastArrival: null };

/** The state with `token` sent on `flowId` at `sentAt`; unchanged when the flow is full. */
export function withSentToken(state: MailflowState, flowId: string, token: string, sentAt: number): MailflowState {
  const flow = state.flows[flowId] ?? EMPTY_FLOW;
  if (flow.pending.length >= MAX_PENDING_TOKENS) return state;
  return { flows: { ...state.flows, [flowId]: { ...flow, pending: [...flow.pending, { token, sentAt }] } } };
}

/** The state after the mails with `tokens` of `flowId` were seen at `arrivedAt`, and what arrived. */
export function withArrivedTokens(
  state: MailflowState,
  flowId: string,
  tokens: ReadonlySet<string>,
  arrivedAt: number,
): { readonly state: MailflowState; readonly arrived: readonly Arrival[] } {
  const flow = state.flows[flowId];
  if (flow === undefined) return { state, arrived: [] };
  const arrived = flow.pending
    .filter((pending) => tokens.has(pending.token))
    .map((pending) => ({ ...pending, arrivedAt }));
  if (arrived.length === 0) return { state, arrived };
  const pending = flow.pending.filter((one) => !tokens.has(one.token));
  const lastArrival = arrived[arrived.length - 1] ?? flow.lastArrival;
  return { state: { flows: { ...state.flows, [flowId]: { pending, lastArrival } } }, arrived };
}

/** What `mailflow` says about a flow. */
export interface FlowVerdict {
  readonly status: PluginStatus;
  readonly text: string;
  readonly perfdata: readonly string[];
}

/** The verdict on `flowId` at `now`: CRITICAL when a pending token is older than `seconds`. */
export function flowVerdict(state: MailflowState, flowId: string, seconds: number, now: number): FlowVerdict {
  const flow = state.flows[flowId] ?? EMPTY_FLOW;
  const oldest = flow.pending[0];
  const oldestAge = oldest === undefined ? 0 : Math.max(0, (now - oldest.sentAt) / 1000);
  const late = flow.pending.filter((pending) => now - pending.sentAt > seconds * 1000).length;
  const last = flow.lastArrival;
  const lastText =
    last === null
      ? 'no token has arrived yet'
      : `the last token arrived ${((last.arrivedAt - last.sentAt) / 1000).toFixed(0)} s after it was sent, ${new Date(last.arrivedAt).toISOString()}`;
  const perfdata = [`pending=${flow.pending.length};;;0`, `oldest=${oldestAge.toFixed(0)}s;;${seconds};0`];
  if (late > 0) {
    return {
      status: 2,
      text: `flow ${flowId}: ${late} of ${flow.pending.length} tokens not arrived after ${seconds} s, the oldest sent ${oldestAge.toFixed(0)} s ago; ${lastText}`,
      perfdata,
    };
  }
  const pendingText =
    flow.pending.length === 0
      ? state.flows[flowId] === undefined
        ? 'no token sent yet'
        : 'no token pending'
      : `${flow.pending.length} tokens pending, the oldest sent ${oldestAge.toFixed(0)} s ago`;
  return { status: 0, text: `flow ${flowId}: ${pendingText}; ${lastText}`, perfdata };
}

/** Reads a stored state; `null` when `value` is not one (the caller says so and starts empty). */
export function readMailflowState(value: unknown): MailflowState | null {
  if (!isObject(value) || !isObject(value.flows)) return null;
  const flows: Record<string, FlowRecord> = {};
  for (const [id, record] of Object.entries(value.flows)) {
    if (!isObject(record) || !Array.isArray(record.pending)) return null;
    const pending: PendingToken[] = [];
    for (const one of record.pending as unknown[]) {
      if (!isObject(one) || typeof one.token !== 'string' || typeof one.sentAt !== 'number') return null;
      pending.push({ token: one.token, sentAt: one.sentAt });
    }
    const last = record.lastArrival;
    let lastArrival: Arrival | null = null;
    if (isObject(last)) {
      if (typeof last.token !== 'string' || typeof last.sentAt !== 'number' || typeof last.arrivedAt !== 'number')
        return null;
      lastArrival = { token: last.token, sentAt: last.sentAt, arrivedAt: last.arrivedAt };
    }
    flows[id] = { pending, lastArrival };
  }
  return { flows };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
