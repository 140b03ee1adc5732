/**
 * Who is notified how: the rule chain, or without rules Nagios' routing (every contact of the
 * object, by its own notification commands, filtered by its notification options and period).
 *
 * The chain works as Checkmk's: rules are read in order; a matching rule adds its recipients by
 * its method (a later rule for the same contact and method replaces the earlier one's
 * parameters), a matching `cancel` rule takes back what earlier rules planned for its
 * recipients by that kind of method, and a matching `stop` rule ends the chain. The `nagios`
 * method keeps Nagios' contact filters; other methods go to the contacts the rules name.
 * Personal rules (Checkmk's) run after the global chain, for their owner's contact only. Pure.
 */
import type { Configuration } from '../../model/objects.js';
import { contactAccepts } from './contact-accepts.js';
import { escalatedContacts } from './escalated-contacts.js';
import { matchRule, type PeriodCheck } from './match-rule.js';
import { NO_CONDITIONS, type NotificationRule, type RuleMethod, type RuleRecipients } from './notification-rule.js';
import type { RoutingSubject } from './routing-subject.js';

/** One planned notification: a contact by a method, and the rule that chose it. */
export interface PlannedRecipient {
  readonly contact: string;
  readonly method: RuleMethod;
  /** The rule's description, or `default` for Nagios' routing. */
  readonly rule: string;
  /** The rule's bulk window (ms), 0 for none. */
  readonly bulkMs: number;
}

/** What happened to one rule, for `watchpost notify test`. */
export interface RuleTrace {
  readonly rule: string;
  readonly where: string;
  readonly verdict: 'matched' | 'cancelled' | 'skipped';
  /** The failed condition of a skipped rule, the contacts of a matched or cancelling one. */
  readonly detail: string;
}

/** The plan and how it came about. */
export interface RecipientPlan {
  readonly recipients: readonly PlannedRecipient[];
  readonly trace: readonly RuleTrace[];
  /** Contacts left out, with why (unknown, filtered by their options, ...). */
  readonly notes: readonly string[];
  /** An escalation replaced the object's contacts. */
  readonly escalated: boolean;
}

/** What planning reads besides the rules. */
export interface PlanContext {
  readonly configuration: Configuration;
  readonly inPeriod: PeriodCheck;
}

/** The key under which a later rule replaces an earlier one's plan for a contact. */
export function methodKey(method: RuleMethod): string {
  switch (method.kind) {
    case 'nagios':
    case 'email':
      return method.kind;
    case 'webhook':
      return `webhook ${method.url}`;
    case 'script':
      return `script ${method.command}`;
  }
}

/** The contacts of the object: its own and its contact groups' members, each once, in order. */
export function objectContacts(subject: RoutingSubject, configuration: Configuration): string[] {
  const names = new Set(subject.contacts);
  for (const group of subject.contactGroups) {
    for (const member of configuration.contactGroups.get(group)?.members ?? []) names.add(member);
  }
  return [...names];
}

function recipientsOf(
  who: RuleRecipients,
  subject: RoutingSubject,
  object: readonly string[],
  configuration: Configuration,
): string[] {
  const names = new Set<string>(who.objectContacts ? object : []);
  for (const name of who.contacts) names.add(name);
  for (const group of who.contactGroups) {
    for (const member of configuration.contactGroups.get(group)?.members ?? []) names.add(member);
  }
  return [...names];
}

/** The chain's working state: the plan so far, the trace and the notes. */
interface Planning {
  readonly subject: RoutingSubject;
  readonly context: PlanContext;
  /** Keyed by contact, then method key; Map order is the order contacts were first planned. */
  readonly plan: Map<string, Map<string, PlannedRecipient>>;
  readonly trace: RuleTrace[];
  readonly notes: string[];
}

const whereOf = (rule: NotificationRule): string =>
  rule.source.line > 0 ? `${rule.source.file}:${rule.source.line}` : rule.source.file;

/** Applies a matching rule to `contacts`: cancels or adds, and traces it under `label`. */
function applyRule(p: Planning, rule: NotificationRule, contacts: readonly string[], label: string): void {
  const { configuration } = p.context;
  const where = whereOf(rule);
  if (rule.cancel) {
    for (const name of contacts) {
      const planned = p.plan.get(name);
      if (planned === undefined) continue;
      for (const [key, r] of planned) if (r.method.kind === rule.method.kind) planned.delete(key);
    }
    p.trace.push({
      rule: label,
      where,
      verdict: 'cancelled',
      detail: `${rule.method.kind} for ${contacts.join(', ') || 'nobody'}`,
    });
    return;
  }
  const taken: string[] = [];
  for (const name of contacts) {
    const contact = configuration.contacts.get(name);
    if (contact === undefined) {
      p.notes.push(`${name}: no such contact`);
      continue;
    }
    if (rule.method.kind === 'nagios') {
      const verdict = contactAccepts(contact, p.subject, p.context.inPeriod);
      if (!verdict.accepts) {
        p.notes.push(`${name}: ${verdict.reason}`);
        continue;
      }
    }
    const planned = p.plan.get(name) ?? new Map<string, PlannedRecipient>();
    planned.set(methodKey(rule.method), { contact: name, method: rule.method, rule: label, bulkMs: rule.bulkMs });
    p.plan.set(name, planned);
    taken.push(name);
  }
  p.trace.push({ rule: label, where, verdict: 'matched', detail: taken.join(', ') || 'nobody' });
}

/**
 * The personal rules, after the global chain, each user's in order and as a chain of its own
 * (a personal `stop` ends only that user's rules). A rule adds or cancels only for its owner's
 * contact, and for a user whose role does not see every object only where that contact is one
 * of the object's contacts: a personal rule must not tell a user of objects they may not see.
 */
function applyPersonalRules(p: Planning, rules: readonly NotificationRule[]): void {
  const stopped = new Set<string>();
  const objects = objectContacts(p.subject, p.context.configuration);
  for (const rule of rules) {
    const owner = rule.owner;
    if (owner === undefined || stopped.has(owner.user)) continue;
    const label = `personal rule of ${owner.user}: ${rule.description}`;
    if (!owner.seesAll && !objects.includes(owner.contact)) {
      p.trace.push({
        rule: label,
        where: whereOf(rule),
        verdict: 'skipped',
        detail: `${owner.contact} is not a contact of the object`,
      });
      continue;
    }
    const match = matchRule(rule, p.subject, p.context.inPeriod);
    if (!match.matches) {
      p.trace.push({ rule: label, where: whereOf(rule), verdict: 'skipped', detail: `${match.failed} does not match` });
      continue;
    }
    applyRule(p, rule, [owner.contact], label);
    if (rule.stop) stopped.add(owner.user);
  }
}

const DEFAULT_RULE: NotificationRule = {
  description: 'default',
  source: { file: '(built in)', line: 0 },
  conditions: NO_CONDITIONS,
  recipients: { objectContacts: true, contacts: [], contactGroups: [] },
  method: { kind: 'nagios' },
  cancel: false,
  stop: true,
  bulkMs: 0,
};

/**
 * The plan for `subject` under `rules` (no global rules: Nagios' routing), then the personal
 * rules among them (those with an `owner`).
 */
export function planRecipients(
  rules: readonly NotificationRule[],
  subject: RoutingSubject,
  context: PlanContext,
): RecipientPlan {
  const { configuration } = context;
  const p: Planning = { subject, context, plan: new Map(), trace: [], notes: [] };
  const global = rules.filter((rule) => rule.owner === undefined);
  const chain: readonly NotificationRule[] = global.length > 0 ? global : [DEFAULT_RULE];
  // The object's contacts, or its escalations' while one applies.
  const escalated = escalatedContacts(subject, configuration, context.inPeriod);
  const object = escalated ?? objectContacts(subject, configuration);
  for (const rule of chain) {
    const match = matchRule(rule, subject, context.inPeriod);
    if (!match.matches) {
      p.trace.push({
        rule: rule.description,
        where: whereOf(rule),
        verdict: 'skipped',
        detail: `${match.failed} does not match`,
      });
      continue;
    }
    applyRule(p, rule, recipientsOf(rule.recipients, subject, object, configuration), rule.description);
    if (rule.stop) break;
  }
  applyPersonalRules(
    p,
    rules.filter((rule) => rule.owner !== undefined),
  );
  const recipients = [...p.plan.values()].flatMap((byMethod) => [...byMethod.values()]);
  return { recipients, trace: p.trace, notes: p.notes, escalated: escalated !== null };
}
