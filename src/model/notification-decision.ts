/**
 * Whether something that happened to a host or service would notify, and if not, which rule
 * suppresses it: the suppression list of seed 002 in the order Nagios Core 4 checks it
 * (notifications.c, check_service_notification_viability). The rules are the tables
 * {@link GENERAL_RULES} and {@link RULES_BY_TYPE}; the tests walk every row. Pure.
 */

/** What a notification is about, Nagios' notification types. */
export type NotificationType =
  | 'problem'
  | 'recovery'
  | 'acknowledgement'
  | 'flapping-start'
  | 'flapping-stop'
  | 'flapping-disabled'
  | 'downtime-start'
  | 'downtime-end'
  | 'downtime-cancelled';

/** Why a notification is suppressed. */
export type SuppressionReason =
  | 'disabled-globally'
  | 'outside-notification-period'
  | 'disabled-for-object'
  | 'soft-state'
  | 'acknowledged'
  | 'dependency'
  | 'state-not-in-options'
  | 'problem-not-notified'
  | 'first-notification-delay'
  | 'flapping'
  | 'host-problem'
  | 'parents-down'
  | 'renotification-interval'
  | 'in-downtime'
  | 'no-problem';

/** The verdict: notify, or the first rule that suppresses. */
export type NotificationDecision =
  { readonly notify: true } | { readonly notify: false; readonly reason: SuppressionReason };

/** How often an object has notified about its current problem. Plain data. */
export interface NotificationRecord {
  /** Problem notifications of the current problem ($NOTIFICATIONNUMBER$); 0 after recovery. */
  readonly number: number;
  /** When the last problem notification went out; reset by every state change, as in Nagios. */
  readonly lastAt: number | null;
  /** Whether a problem notification went out since the last recovery (a recovery only notifies then). */
  readonly notifiedProblem: boolean;
}

/** The record of an object that has never notified. */
export const NEVER_NOTIFIED: NotificationRecord = { number: 0, lastAt: null, notifiedProblem: false };

/** Everything the decision reads, gathered by the caller. Durations in ms. */
export interface NotificationFacts {
  readonly type: NotificationType;
  readonly object: 'host' | 'service';
  /** The object's problem (`warning`, `down`, ...), `null` for OK/UP. */
  readonly problem: string | null;
  readonly stateType: 'soft' | 'hard';
  /** Nagios letters: d u r f s for hosts, w u c r f s for services. */
  readonly notificationOptions: readonly string[];
  readonly enabledGlobally: boolean;
  /** The object's notifications switch as in force (configured or changed at run time). */
  readonly enabledForObject: boolean;
  readonly inNotificationPeriod: boolean;
  readonly acknowledged: boolean;
  /** Flapping, with flap detection in force globally and for the object. */
  readonly flapping: boolean;
  /** Downtimes of the object itself in effect. */
  readonly inDowntime: boolean;
  /** A service whose host is in downtime; `false` for hosts. */
  readonly hostInDowntime: boolean;
  /** A service whose host is DOWN or UNREACHABLE; `false` for hosts. */
  readonly hostProblem: boolean;
  /** A host with parents that all are DOWN or UNREACHABLE; `false` for services. */
  readonly allParentsDown: boolean;
  /** A host or service dependency of the object fails its notification_failure_criteria (in its dependency period). */
  readonly dependencyFailed: boolean;
  /** A volatile service notifies every HARD problem result. */
  readonly volatile: boolean;
  readonly record: NotificationRecord;
  /** Since when the object is in its current HARD state, for the first notification delay. */
  readonly lastHardStateChange: number;
  readonly firstNotificationDelayMs: number;
  /** 0: notify once per problem. */
  readonly notificationIntervalMs: number;
  readonly now: number;
}

/** One rule: when `applies` holds, notifications are suppressed for `reason`. */
export interface SuppressionRule {
  readonly reason: SuppressionReason;
  readonly applies: (facts: NotificationFacts) => boolean;
}

const OPTION_OF_PROBLEM: Readonly<Record<string, string>> = {
  warning: 'w',
  critical: 'c',
  unknown: 'u',
  down: 'd',
  unreachable: 'u',
};

const has = (facts: NotificationFacts, option: string): boolean => facts.notificationOptions.includes(option);

/** The rules every type passes first. */
export const GENERAL_RULES: readonly SuppressionRule[] = [
  { reason: 'disabled-globally', applies: (f) => !f.enabledGlobally },
  { reason: 'outside-notification-period', applies: (f) => !f.inNotificationPeriod },
  { reason: 'disabled-for-object', applies: (f) => !f.enabledForObject },
];

const PROBLEM_RULES: readonly SuppressionRule[] = [
  { reason: 'soft-state', applies: (f) => f.stateType === 'soft' },
  { reason: 'acknowledged', applies: (f) => f.acknowledged },
  { reason: 'dependency', applies: (f) => f.dependencyFailed },
  { reason: 'state-not-in-options', applies: (f) => !has(f, OPTION_OF_PROBLEM[f.problem ?? ''] ?? '') },
  {
    reason: 'first-notification-delay',
    applies: (f) =>
      f.record.number === 0 &&
      f.firstNotificationDelayMs > 0 &&
      f.now < f.lastHardStateChange + f.firstNotificationDelayMs,
  },
  { reason: 'flapping', applies: (f) => f.flapping },
  { reason: 'host-problem', applies: (f) => f.hostProblem },
  { reason: 'parents-down', applies: (f) => f.allParentsDown },
  {
    reason: 'renotification-interval',
    applies: (f) =>
      !f.volatile &&
      f.record.lastAt !== null &&
      (f.notificationIntervalMs <= 0 || f.now < f.record.lastAt + f.notificationIntervalMs),
  },
  { reason: 'in-downtime', applies: (f) => f.inDowntime || f.hostInDowntime },
];

const RECOVERY_RULES: readonly SuppressionRule[] = [
  { reason: 'soft-state', applies: (f) => f.stateType === 'soft' },
  { reason: 'acknowledged', applies: (f) => f.acknowledged },
  { reason: 'dependency', applies: (f) => f.dependencyFailed },
  { reason: 'state-not-in-options', applies: (f) => !has(f, 'r') },
  { reason: 'problem-not-notified', applies: (f) => !f.record.notifiedProblem },
  { reason: 'flapping', applies: (f) => f.flapping },
];

const FLAPPING_RULES: readonly SuppressionRule[] = [
  { reason: 'state-not-in-options', applies: (f) => !has(f, 'f') },
  { reason: 'in-downtime', applies: (f) => f.inDowntime || f.hostInDowntime },
];

// Only the object's own downtimes count here: a service downtime notifies even while its host is down for maintenance.
const DOWNTIME_RULES: readonly SuppressionRule[] = [
  { reason: 'state-not-in-options', applies: (f) => !has(f, 's') },
  { reason: 'in-downtime', applies: (f) => f.inDowntime },
];

/** The rules of each type after {@link GENERAL_RULES}, in the order they are checked. */
export const RULES_BY_TYPE: Readonly<Record<NotificationType, readonly SuppressionRule[]>> = {
  problem: PROBLEM_RULES,
  recovery: RECOVERY_RULES,
  acknowledgement: [{ reason: 'no-problem', applies: (f) => f.problem === null }],
  'flapping-start': FLAPPING_RULES,
  'flapping-stop': FLAPPING_RULES,
  'flapping-disabled': FLAPPING_RULES,
  'downtime-start': DOWNTIME_RULES,
  'downtime-end': DOWNTIME_RULES,
  'downtime-cancelled': DOWNTIME_RULES,
};

/** Whether the event described by `facts` would notify, or the first rule that suppresses it. */
export function notificationDecision(facts: NotificationFacts): NotificationDecision {
  for (const rule of GENERAL_RULES) if (rule.applies(facts)) return { notify: false, reason: rule.reason };
  for (const rule of RULES_BY_TYPE[facts.type]) if (rule.applies(facts)) return { notify: false, reason: rule.reason };
  return { notify: true };
}

/**
 * The record after a decision: a problem notification counts and starts the re-notification
 * interval; a recovery (notified or not) starts the count afresh.
 */
export function recordNotification(
  record: NotificationRecord,
  type: NotificationType,
  decision: NotificationDecision,
  now: number,
): NotificationRecord {
  if (type === 'recovery') return NEVER_NOTIFIED;
  if (type !== 'problem' || !decision.notify) return record;
  return { number: record.number + 1, lastAt: now, notifiedProblem: true };
}
