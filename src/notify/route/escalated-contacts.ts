/**
 * Nagios escalations (`hostescalation`, `serviceescalation`): from the nth notification of a
 * problem on, and while the escalation's period and options allow, the escalations' contacts
 * are notified instead of the object's own, as Nagios Core 4 does (notifications.c,
 * create_notification_list_from_service). Pure.
 */
import { escalationApplies as appliesTo } from '../../model/escalated-interval.js';
import type { Configuration, Escalation } from '../../model/objects.js';
import type { PeriodCheck } from './match-rule.js';
import type { RoutingSubject } from './routing-subject.js';

const LETTER: Readonly<Record<string, string>> = { WARN: 'w', CRIT: 'c', UNKNOWN: 'u', DOWN: 'd', UNREACH: 'u' };

/** Whether `escalation` applies to `subject`. */
export function escalationApplies(escalation: Escalation, subject: RoutingSubject, inPeriod: PeriodCheck): boolean {
  return appliesTo(escalation, subject.number, LETTER[subject.state] ?? 'r', subject.at, inPeriod);
}

/** The contacts of the escalations that apply, or `null` when none does (the object's contacts then). */
export function escalatedContacts(
  subject: RoutingSubject,
  configuration: Configuration,
  inPeriod: PeriodCheck,
): string[] | null {
  const escalations =
    subject.what === 'host'
      ? configuration.hostEscalations.filter((e) => e.hostName === subject.hostName && e.serviceDescription === null)
      : configuration.serviceEscalations.filter(
          (e) => e.hostName === subject.hostName && e.serviceDescription === subject.serviceDescription,
        );
  const applying = escalations.filter((e) => escalationApplies(e, subject, inPeriod));
  if (applying.length === 0) return null;
  const names = new Set<string>();
  for (const e of applying) {
    for (const name of e.contacts) names.add(name);
    for (const group of e.contactGroups)
      for (const m of configuration.contactGroups.get(group)?.members ?? []) names.add(m);
  }
  return [...names];
}
