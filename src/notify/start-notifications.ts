/**
 * The notification pipeline of a running site, as stages: the engine's notification decisions
 * → route (rules or Nagios' routing, route-notification.ts) → spool (durable, spool/) →
 * deliver by method (script, e-mail, webhook) with retries → history (monitoring log lines).
 * The methods run in a separate delivery process (delivery-process/), which a kill -9 of the
 * site leaves running to finish and record its attempts.
 *
 * Contract: `attach` subscribes to a monitoring's event stream and drops the previous
 * subscription (a reload starts a new monitoring); the caller closes the pipeline after
 * monitoring has stopped. Listeners never block: accepting a notification into the spool is
 * asynchronous, and `close` waits for what was accepted to be durable.
 */
import { pathToFileURL } from 'node:url';
import { packagePath } from '../lib/package-path.js';
import type { Logger } from '../lib/logger.js';
import { inPeriod } from '../model/check-period.js';
import type { HostState, ServiceState } from '../model/check-state.js';
import type { MonitoringEvent, NotificationDecisionEvent } from '../model/events.js';
import { objectKey } from '../model/object-ref.js';
import type { Configuration } from '../model/objects.js';
import type { ObjectStatus } from '../model/object-status.js';
import { PENDING } from '../model/check-state.js';
import { deliveryProcess, type DeliveryProcess } from './delivery-process/process-deliverer.js';
import type { SmtpSettings } from './methods/email/send-email.js';
import type { MethodSettings } from './methods/site-methods.js';
import { notificationLogMessage, notificationResultMessage } from './notification-log-lines.js';
import type { Deliver } from './notification-job.js';
import type { NotificationHistory, NotifyClock } from './ports.js';
import type { PeriodCheck } from './route/match-rule.js';
import type { NotificationRule, ShortState } from './route/notification-rule.js';
import { routeNotification, type RoutedNotification } from './route/route-notification.js';
import { shortState } from './route/routing-subject.js';
import type { SiteSettings } from '../config/site-settings.js';
import { openSpool, type Spool, type SpoolHealth } from './spool/open-spool.js';
import type { RetryPolicy } from './spool/retry-policy.js';
import { systemTimeZone } from '../lib/system-time-zone.js';

/** The site settings the pipeline reads. */
export interface NotificationSettings {
  readonly timezone: string;
  readonly notifications: Pick<SiteSettings['notifications'], 'scriptTimeout' | 'smtp' | 'spool'>;
}

/** What the pipeline reads of a running monitoring. */
export interface NotificationEventSource {
  subscribe(listener: (event: MonitoringEvent) => void): () => void;
  states(): ReadonlyMap<string, ObjectStatus>;
}

/** What starting the pipeline needs. Getters are read at each use, so a reload takes effect. */
export interface NotificationsOptions {
  /** The spool's directory, `<site>/var/notify`. */
  readonly spoolDir: string;
  readonly clock: NotifyClock;
  readonly settings: () => NotificationSettings;
  readonly configuration: () => Configuration;
  readonly rules: () => readonly NotificationRule[];
  readonly history: NotificationHistory;
  readonly logger?: Logger;
  /** Delivers in this process instead of the delivery process (tests). */
  readonly deliver?: Deliver;
}

/** The running pipeline. */
export interface Notifications {
  attach(source: NotificationEventSource): void;
  health(): SpoolHealth;
  readonly spool: Spool;
  close(): Promise<void>;
}

/** The SMTP settings of the e-mail method from the site settings. */
export function smtpSettingsOf(settings: NotificationSettings): SmtpSettings {
  const s = settings.notifications.smtp;
  return {
    host: s.host,
    port: s.port,
    security: s.security,
    user: s.user,
    password: s.password,
    from: s.from,
    timeoutSeconds: s.timeout,
    verifyCertificate: s.verifyCertificate,
  };
}

/** What the methods in the delivery process need of the site settings. */
export function methodSettingsOf(settings: NotificationSettings): MethodSettings {
  return { scriptTimeoutSeconds: settings.notifications.scriptTimeout, smtp: smtpSettingsOf(settings) };
}

/**
 * How long an attempt may take at most: the script time limit, or four times the SMTP time
 * limit (it applies to connecting, the greeting and each reply), at least a minute (webhooks
 * default to 10 s), plus a margin. A delivery process slower than that is taken for stuck.
 */
export function longestAttemptMs(settings: NotificationSettings): number {
  const n = settings.notifications;
  return Math.max(n.scriptTimeout, n.smtp.timeout * 4, 60) * 1000 + 10_000;
}

/** The spool's retry policy from the site settings (`notifications.spool`, in seconds). */
export function retryPolicyOf(settings: NotificationSettings): RetryPolicy {
  const spool = settings.notifications.spool;
  return {
    initialDelayMs: spool.retryInitial * 1000,
    maxDelayMs: spool.retryMax * 1000,
    maxAgeMs: spool.maxAge * 1000,
  };
}

/** A time period check over the configuration's periods in the site's zone. */
export function periodCheck(configuration: () => Configuration, timeZone: () => string): PeriodCheck {
  // `''` is the system's zone, which the period code needs by name.
  const zone = (): string => timeZone() || systemTimeZone();
  return (name, at) =>
    inPeriod(name, at, { lookup: (n) => configuration().timePeriods.get(n)?.rules, timeZone: zone() });
}

/** The current states of an event's object from a status map. */
export function statesOf(
  event: NotificationDecisionEvent,
  statuses: ReadonlyMap<string, ObjectStatus>,
): { hostState: HostState; serviceState: ServiceState | null } {
  const host = statuses.get(event.target.hostName);
  const service = event.target.object === 'service' ? statuses.get(objectKey(event.target)) : undefined;
  return {
    hostState: host?.object === 'host' ? host.state : PENDING,
    serviceState: event.target.object === 'host' ? null : service?.object === 'service' ? service.state : PENDING,
  };
}

/** Opens the spool and starts delivering; events flow in once a monitoring is attached. */
export async function startNotifications(options: NotificationsOptions): Promise<Notifications> {
  const { clock, history, logger } = options;
  const settingsAtStart = options.settings();
  const delivery: DeliveryProcess | null =
    options.deliver === undefined
      ? deliveryProcess({
          dir: options.spoolDir,
          methods: pathToFileURL(packagePath('dist', 'src', 'notify', 'methods', 'site-methods.js')).href,
          settings: () => methodSettingsOf(options.settings()),
          finishWithinMs: longestAttemptMs(settingsAtStart),
          ...(logger === undefined ? {} : { logger }),
        })
      : null;
  const spoolSettings = settingsAtStart.notifications.spool;
  const spool = await openSpool({
    dir: options.spoolDir,
    clock,
    ...(delivery === null ? { deliver: options.deliver } : { deliverer: delivery }),
    policy: retryPolicyOf(settingsAtStart),
    concurrency: spoolSettings.concurrency,
    onAttempt: (job, outcome, verdict) =>
      history.message(clock.now(), notificationResultMessage(job, outcome, verdict)),
    ...(logger === undefined ? {} : { logger }),
  });
  const check = periodCheck(options.configuration, () => options.settings().timezone);
  // The last two HARD states of each object, for transitions such as OK->CRIT.
  const hardStates = new Map<string, { current: ShortState; previous: ShortState | null }>();
  const accepting = new Set<Promise<void>>();
  let statuses: () => ReadonlyMap<string, ObjectStatus> = () => new Map();
  let unsubscribe: (() => void) | null = null;

  const accept = (routed: RoutedNotification): void => {
    for (const note of [...routed.plan.notes, ...routed.planned.notes]) {
      logger?.log('debug', 'notification not sent to a contact', {
        host: routed.subject.hostName,
        service: routed.subject.serviceDescription,
        note,
      });
    }
    for (const job of routed.planned.jobs) {
      const adding = spool
        .add(job)
        .then((result) => {
          if (result === 'accepted') history.message(job.createdAt, notificationLogMessage(job));
        })
        .catch((error: unknown) =>
          logger?.log('error', 'notification not accepted by the spool', { id: job.id, error: String(error) }),
        )
        .finally(() => accepting.delete(adding));
      accepting.add(adding);
    }
  };

  const onEvent = (event: MonitoringEvent): void => {
    if (event.kind === 'state-change') {
      const change = event.change;
      if (!change.event.hard) return;
      const key = change.object === 'host' ? change.hostName : `${change.hostName};${change.description}`;
      const known = hardStates.get(key);
      // Before its first result an object counts as OK/UP, as Nagios starts it.
      const before = shortState(change.object, change.event.previous === 'pending' ? null : change.event.previous);
      hardStates.set(key, {
        current: shortState(change.object, change.event.problem),
        previous: known?.current ?? before,
      });
      return;
    }
    if (event.kind !== 'notification-decision' || !event.decision.notify) return;
    const routed = routeNotification({
      event,
      configuration: options.configuration(),
      rules: options.rules(),
      ...statesOf(event, statuses()),
      previousHardState: hardStates.get(objectKey(event.target))?.previous ?? null,
      inPeriod: check,
      timeZone: options.settings().timezone,
    });
    if (routed !== null) accept(routed);
  };

  return {
    attach(source) {
      // A reload: the methods take the new SMTP settings and script time limit.
      delivery?.updateSettings();
      unsubscribe?.();
      statuses = () => source.states();
      unsubscribe = source.subscribe(onEvent);
    },
    health: () => spool.health(),
    spool,
    async close() {
      unsubscribe?.();
      unsubscribe = null;
      await Promise.all([...accepting]);
      await spool.close();
    },
  };
}
