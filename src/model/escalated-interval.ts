/**
 * Nagios escalations and re-notification timing: while an escalation applies to the last
 * notification sent (its number within `first_notification`..`last_notification`, its
 * escalation period at the time it was sent, the object's problem in its escalation options),
 * the escalation's `notification_interval` replaces the object's; of several, the smallest
 * wins, as in Nagios Core 4 (notifications.c, get_next_service_notification_time). An
 * escalation's interval of 0 means no more re-notifications while it applies. Pure.
 */
import type { Escalation } from './objects.js';

/** The escalation option letter of a problem (`r` for none: a recovery). */
const LETTER: Readonly<Record<string, string>> = {
  warning: 'w',
  critical: 'c',
  unknown: 'u',
  down: 'd',
  unreachable: 'u',
};

/** The escalation option letter of `problem` (`null`: recovered, `r`). */
export function escalationLetter(problem: string | null): string {
  return problem === null ? 'r' : (LETTER[problem] ?? '');
}

/** Whether `escalation` applies to notification number `number` sent at `at` about a state of option `letter`. */
export function escalationApplies(
  escalation: Escalation,
  number: number,
  letter: string,
  at: number,
  inPeriod: (period: string, at: number) => boolean,
): boolean {
  if (number < escalation.firstNotification) return false;
  if (escalation.lastNotification !== 0 && number > escalation.lastNotification) return false;
  if (escalation.escalationPeriod !== null && !inPeriod(escalation.escalationPeriod, at)) return false;
  const options = escalation.escalationOptions;
  // Without options every state is escalated.
  return options.length === 0 || options.includes(letter);
}

/**
 * The re-notification interval in force (seconds) after notification `number` about `problem`
 * went out at `at`: the smallest interval of the escalations that apply, else the object's.
 */
export function notificationIntervalInForce(
  objectInterval: number,
  escalations: readonly Escalation[],
  last: { readonly number: number; readonly at: number; readonly problem: string | null },
  inPeriod: (period: string, at: number) => boolean,
): number {
  let interval: number | null = null;
  const letter = escalationLetter(last.problem);
  for (const e of escalations) {
    if (!escalationApplies(e, last.number, letter, last.at, inPeriod)) continue;
    interval = interval === null ? e.notificationInterval : Math.min(interval, e.notificationInterval);
  }
  return interval ?? objectInterval;
}
