/**
 * What the mail checks share for mail flows (seed 003): the token store and the clock that
 * stamps tokens, given once when the native check types are made.
 */
import type { MailflowStore } from './mailflow-store.js';
import { FLOW_ID_PATTERN } from './mailflow-tokens.js';
import type { ParameterReader } from './native-parameters.js';

/** The store and clock the mail flow checks use. */
export interface Mailflows {
  readonly store: MailflowStore;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

/** Reads `mailflowid` (or `fallback` when it is absent), checking it is usable in a mail subject. */
export function readFlowId(reader: ParameterReader, name: string, fallback: string | null): string | null {
  const flowId = reader.text(name, fallback);
  if (flowId !== null && !FLOW_ID_PATTERN.test(flowId)) {
    reader.problems.push(
      `parameter "${name}" may hold only letters, digits and . _ : @ + - (at most 100), not "${flowId}"`,
    );
  }
  return flowId;
}
