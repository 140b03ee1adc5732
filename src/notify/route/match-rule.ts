/**
 * Whether a notification rule's conditions hold for a notification, and if not, which
 * condition failed (for `watchpost notify test`). Conditions are a table the tests walk. Pure.
 */
import type { NamePattern, NotificationRule, RuleConditions, TransitionPattern } from './notification-rule.js';
import type { RoutingSubject } from './routing-subject.js';

/** Whether a time period contains an instant; unknown names count as always. */
export type PeriodCheck = (period: string, at: number) => boolean;

/** The verdict on one rule. */
export type RuleMatch = { readonly matches: true } | { readonly matches: false; readonly failed: string };

/** Whether a name matches any of the patterns. */
export function matchesName(patterns: readonly NamePattern[], name: string): boolean {
  return patterns.some((p) => (p.kind === 'exact' ? p.name === name : p.regex.test(name)));
}

function matchesTransition(t: TransitionPattern, subject: RoutingSubject): boolean {
  if (t.to !== null && t.to !== subject.state) return false;
  if (t.from === null) return true;
  return subject.previousState === t.from;
}

const intersects = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x));
const has = (want: Readonly<Record<string, string>>, got: Readonly<Record<string, string>>): boolean =>
  Object.entries(want).every(([k, v]) => got[k] === v);

interface Condition {
  readonly name: string;
  readonly holds: (c: RuleConditions, s: RoutingSubject, inPeriod: PeriodCheck) => boolean;
}

/** The conditions in the order they are checked; a condition not written holds. */
export const CONDITIONS: readonly Condition[] = [
  { name: 'event_types', holds: (c, s) => c.eventTypes === null || c.eventTypes.includes(s.type) },
  { name: 'hosts', holds: (c, s) => c.hosts === null || matchesName(c.hosts, s.hostName) },
  {
    name: 'services',
    holds: (c, s) => c.services === null || (s.what === 'service' && matchesName(c.services, s.serviceDescription)),
  },
  { name: 'host_groups', holds: (c, s) => c.hostGroups === null || intersects(c.hostGroups, s.hostGroups) },
  {
    name: 'service_groups',
    holds: (c, s) => c.serviceGroups === null || (s.what === 'service' && intersects(c.serviceGroups, s.serviceGroups)),
  },
  { name: 'contact_groups', holds: (c, s) => c.contactGroups === null || intersects(c.contactGroups, s.contactGroups) },
  { name: 'labels', holds: (c, s) => c.labels === null || has(c.labels, s.labels) },
  { name: 'custom', holds: (c, s) => c.custom === null || has(c.custom, s.custom) },
  {
    name: 'transitions',
    holds: (c, s) =>
      c.transitions === null ||
      ((s.type === 'problem' || s.type === 'recovery') && c.transitions.some((t) => matchesTransition(t, s))),
  },
  { name: 'period', holds: (c, s, inPeriod) => c.period === null || inPeriod(c.period, s.at) },
];

/** Whether `rule` applies to `subject`. */
export function matchRule(rule: NotificationRule, subject: RoutingSubject, inPeriod: PeriodCheck): RuleMatch {
  for (const condition of CONDITIONS) {
    if (!condition.holds(rule.conditions, subject, inPeriod)) return { matches: false, failed: condition.name };
  }
  return { matches: true };
}
