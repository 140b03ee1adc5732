/**
 * What happens in monitoring, as one stream of events that notifications, history, Livestatus
 * and the web interface read: state changes, passive results, stale results, flapping,
 * downtimes, acknowledgements, comments, master control changes and notification decisions.
 * Every event says when it happened (`at`, ms). Plain data.
 */
import type { Acknowledgement } from './acknowledgement.js';
import type { PluginStatus } from './check-result.js';
import type { ObjectStateChange } from './check-state.js';
import type { Comment } from './comment.js';
import type { Downtime } from './downtime.js';
import type { MasterSwitch } from './master-control.js';
import type { NotificationDecision, NotificationType } from './notification-decision.js';
import type { ObjectRef } from './object-ref.js';

/** A host or service changed state, SOFT or HARD (`HOST ALERT` / `SERVICE ALERT`). */
export interface StateChangedEvent {
  readonly kind: 'state-change';
  readonly at: number;
  readonly change: ObjectStateChange;
}

/** A passive result was accepted (`PASSIVE HOST CHECK` / `PASSIVE SERVICE CHECK`). */
export interface PassiveResultEvent {
  readonly kind: 'passive-result';
  readonly at: number;
  readonly target: ObjectRef;
  readonly status: PluginStatus;
  readonly output: string;
}

/** A result was older than the freshness threshold; a check is forced. */
export interface ResultStaleEvent {
  readonly kind: 'result-stale';
  readonly at: number;
  readonly target: ObjectRef;
  /** How much older than the threshold the last result was (ms). */
  readonly staleByMs: number;
  readonly thresholdMs: number;
}

/** Flapping started (percent ≥ high threshold) or stopped (percent ≤ low threshold). */
export interface FlappingEvent {
  readonly kind: 'flapping-start' | 'flapping-stop';
  readonly at: number;
  readonly target: ObjectRef;
  readonly percent: number;
  /** The high threshold for a start, the low one for a stop. */
  readonly threshold: number;
}

/** Flap detection was switched off while the object was flapping. */
export interface FlappingDisabledEvent {
  readonly kind: 'flapping-disabled';
  readonly at: number;
  readonly target: ObjectRef;
}

/** A downtime was scheduled. */
export interface DowntimeScheduledEvent {
  readonly kind: 'downtime-schedule';
  readonly at: number;
  readonly downtime: Downtime;
}

/**
 * A downtime started, ended, was cancelled, or expired without ever starting (a flexible or
 * triggered one whose window passed). `depth` is the number of the target's downtimes in effect
 * afterwards: the log writes STARTED only for the first and STOPPED/CANCELLED only for the last.
 */
export interface DowntimeChangedEvent {
  readonly kind: 'downtime-start' | 'downtime-end' | 'downtime-cancel' | 'downtime-expire';
  readonly at: number;
  readonly downtime: Downtime;
  readonly depth: number;
}

/** A problem was acknowledged. */
export interface AcknowledgementSetEvent {
  readonly kind: 'acknowledgement-set';
  readonly at: number;
  readonly target: ObjectRef;
  readonly acknowledgement: Acknowledgement;
}

/** An acknowledgement ended: removed by command, by a state change or recovery, or at its end time. */
export interface AcknowledgementRemovedEvent {
  readonly kind: 'acknowledgement-remove';
  readonly at: number;
  readonly target: ObjectRef;
  readonly acknowledgement: Acknowledgement;
  readonly reason: 'command' | 'state-change' | 'recovery' | 'expired';
}

/** A comment was added or deleted. */
export interface CommentEvent {
  readonly kind: 'comment-add' | 'comment-delete';
  readonly at: number;
  readonly comment: Comment;
}

/** A master control switch changed, globally or for one object. */
export interface SwitchChangedEvent {
  readonly kind: 'switch-change';
  readonly at: number;
  readonly scope: ObjectRef | 'global';
  readonly name: MasterSwitch;
  readonly enabled: boolean;
}

/**
 * Whether something would notify, and if not, why not. Delivery (rules, contacts, methods) is
 * the notification pipeline's; this says only what the monitoring core decided.
 */
export interface NotificationDecisionEvent {
  readonly kind: 'notification-decision';
  readonly at: number;
  readonly target: ObjectRef;
  readonly type: NotificationType;
  readonly decision: NotificationDecision;
  /** The object's problem (`null` for OK/UP) and output when deciding. */
  readonly problem: string | null;
  readonly output: string;
  /** The number of this notification of the current problem ($NOTIFICATIONNUMBER$). */
  readonly number: number;
  /** Who caused it and why, for acknowledgement and downtime notifications; `''` otherwise. */
  readonly author: string;
  readonly comment: string;
}

/**
 * An event handler was run after a state change: the object's own (`HOST EVENT HANDLER` /
 * `SERVICE EVENT HANDLER`) or the site's global one (`GLOBAL HOST EVENT HANDLER` /
 * `GLOBAL SERVICE EVENT HANDLER`); what it did changes nothing in monitoring.
 */
export interface EventHandlerEvent {
  readonly kind: 'event-handler';
  readonly at: number;
  readonly target: ObjectRef;
  /** Nagios' name of the state the handler ran for (`CRITICAL`, `DOWN`, `OK`). */
  readonly state: string;
  readonly stateType: 'soft' | 'hard';
  readonly attempt: number;
  /** The handler as configured (`name!arg1!...`), the object's own or the global one, as Nagios logs it. */
  readonly command: string;
  /** The site's global event handler; absent or `false`: the object's own. */
  readonly global?: boolean;
}

/** Every event of the stream. */
export type MonitoringEvent =
  | StateChangedEvent
  | PassiveResultEvent
  | ResultStaleEvent
  | FlappingEvent
  | FlappingDisabledEvent
  | DowntimeScheduledEvent
  | DowntimeChangedEvent
  | AcknowledgementSetEvent
  | AcknowledgementRemovedEvent
  | CommentEvent
  | SwitchChangedEvent
  | NotificationDecisionEvent
  | EventHandlerEvent;
