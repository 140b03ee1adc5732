/**
 * When Nagios runs a host's or service's event handler. Pure.
 *
 * Nagios Core documentation, "Event Handlers", section "When Are Event Handlers Executed?":
 * event handlers are executed when a service or host is in a SOFT problem state, initially goes
 * into a HARD problem state, or initially recovers from a SOFT or HARD problem state. So every
 * SOFT attempt runs the handler (also a retry with the same problem), a HARD change runs it
 * (a new HARD problem, another problem while HARD, a recovery), and a repeated HARD result of the
 * same state does not; neither does an OK/UP result after OK/UP or pending.
 */
import { problemOf, type CheckState } from './check-state.js';

/** What the rule looks at: the state before and after one result, and the switches in force. */
export interface EventHandlerFacts {
  readonly before: CheckState<string>;
  readonly after: CheckState<string>;
  /** The global event handler switch in force. */
  readonly globalEnabled: boolean;
  /** The object's own event handler switch in force. */
  readonly objectEnabled: boolean;
}

/** Whether the object's event handler runs after a result that took it from `before` to `after`. */
export function shouldRunEventHandler(facts: EventHandlerFacts): boolean {
  return facts.objectEnabled && shouldRunGlobalEventHandler(facts);
}

/**
 * Whether the site's global event handler (`global_host_event_handler`,
 * `global_service_event_handler`) runs after a result: on the same changes as the object's own,
 * with the global switch on, whatever the object's own switch says (Nagios sehandlers.c checks
 * only `enable_event_handlers` for the global handler). It runs before the object's own.
 */
export function shouldRunGlobalEventHandler(facts: Omit<EventHandlerFacts, 'objectEnabled'>): boolean {
  if (!facts.globalEnabled) return false;
  const { before, after } = facts;
  switch (after.kind) {
    case 'pending':
      return false;
    case 'soft-problem':
      return true;
    case 'hard-problem':
      return before.kind !== 'hard-problem' || problemOf(before) !== after.problem;
    case 'ok':
      return before.kind === 'soft-problem' || before.kind === 'hard-problem';
  }
}
