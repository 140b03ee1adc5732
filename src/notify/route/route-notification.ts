/**
 * Routing one notification decision of the engine: what routing knows about it (the subject),
 * who gets it how (the plan), and the notifications to deliver, with their macros. Pure; the
 * caller supplies the states and the time period check.
 */
import { PENDING, type HostState, type ServiceState } from '../../model/check-state.js';
import type { NotificationDecisionEvent } from '../../model/events.js';
import type { Configuration, Host, Service } from '../../model/objects.js';
import type { PeriodCheck } from './match-rule.js';
import { notificationJobs, type PlannedJobs } from './notification-jobs.js';
import { notificationMacros } from './notification-macros.js';
import type { NotificationRule, ShortState } from './notification-rule.js';
import { planRecipients, type RecipientPlan } from './plan-recipients.js';
import { shortState, type RoutingSubject } from './routing-subject.js';
import { lookupService } from '../../model/service-index.js';

/** What routing a decision reads. */
export interface RouteInput {
  readonly event: NotificationDecisionEvent;
  readonly configuration: Configuration;
  readonly rules: readonly NotificationRule[];
  /** The object's current states; pending when not known. */
  readonly hostState: HostState;
  readonly serviceState: ServiceState | null;
  readonly previousHardState: ShortState | null;
  readonly inPeriod: PeriodCheck;
  readonly timeZone: string;
}

/** A routed notification. */
export interface RoutedNotification {
  readonly subject: RoutingSubject;
  readonly plan: RecipientPlan;
  readonly planned: PlannedJobs;
}

const stripUnderscore = (attributes: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k.replace(/^_/, ''), v]));

/** The routing subject of an event about `host` (and `service`). */
export function routingSubject(
  event: NotificationDecisionEvent,
  host: Host,
  service: Service | null,
  previousHardState: ShortState | null,
): RoutingSubject {
  // A service without contacts of its own has its host's, as Nagios' implied inheritance gives them.
  const own = service !== null && (service.contacts.length > 0 || service.contactGroups.length > 0);
  const contactsOf = own && service !== null ? service : host;
  return {
    type: event.type,
    what: service === null ? 'host' : 'service',
    hostName: host.name,
    serviceDescription: service?.description ?? '',
    hostGroups: host.hostGroups,
    serviceGroups: service?.serviceGroups ?? [],
    contacts: contactsOf.contacts,
    contactGroups: contactsOf.contactGroups,
    labels: { ...host.labels, ...(service?.labels ?? {}) },
    custom: { ...stripUnderscore(host.customAttributes), ...stripUnderscore(service?.customAttributes ?? {}) },
    state: shortState(service === null ? 'host' : 'service', event.problem),
    previousState: previousHardState,
    number: event.number,
    at: event.at,
  };
}

const LONG_STATE: Readonly<Record<ShortState, string>> = {
  OK: 'OK',
  WARN: 'WARNING',
  CRIT: 'CRITICAL',
  UNKNOWN: 'UNKNOWN',
  UP: 'UP',
  DOWN: 'DOWN',
  UNREACH: 'UNREACHABLE',
};

/**
 * Routes a decision; `null` when its object is not in the configuration (a reload removed it).
 * Decisions that do not notify route to nobody.
 */
export function routeNotification(input: RouteInput): RoutedNotification | null {
  const { event, configuration } = input;
  const host = configuration.hosts.get(event.target.hostName);
  if (host === undefined) return null;
  let service: Service | null = null;
  if (event.target.object === 'service') {
    service = lookupService(configuration.services, event.target.hostName, event.target.description) ?? null;
    if (service === null) return null;
  }
  const subject = routingSubject(event, host, service, input.previousHardState);
  const empty: RoutedNotification = {
    subject,
    plan: {
      recipients: [],
      trace: [],
      escalated: false,
      notes: [`not notified: ${event.decision.notify ? '' : event.decision.reason}`],
    },
    planned: { jobs: [], notes: [] },
  };
  if (!event.decision.notify) return empty;
  const plan = planRecipients(input.rules, subject, { configuration, inPeriod: input.inPeriod });
  const macros = notificationMacros({
    event,
    host,
    hostState: input.hostState,
    service: service === null ? null : { service, state: input.serviceState ?? PENDING },
    previousHardState: input.previousHardState === null ? '' : LONG_STATE[input.previousHardState],
    timeZone: input.timeZone,
  });
  if (plan.escalated) macros.NOTIFICATIONISESCALATED = '1';
  const planned = notificationJobs(plan.recipients, {
    what: service === null ? 'HOST' : 'SERVICE',
    at: event.at,
    eventKey: [event.target.hostName, service?.description ?? '', event.type, event.number].join('\u0000'),
    macros,
    configuration,
  });
  return { subject, plan, planned };
}
