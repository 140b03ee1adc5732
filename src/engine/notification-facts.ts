/**
 * Gathers what the notification decision reads about one object from the engine's state.
 */
import { stateTypeOf } from '../model/check-state.js';
import type { SwitchValues } from '../model/master-control.js';
import type { NotificationFacts, NotificationType } from '../model/notification-decision.js';
import type { ObjectStatus } from '../model/object-status.js';
import { checkedObject, type CheckTarget } from './check-targets.js';

/** What the engine knows about an object when a notification is to be decided. */
export interface FactsSource {
  readonly target: CheckTarget;
  readonly status: ObjectStatus;
  /** The global switches in force. */
  readonly globals: SwitchValues;
  /** The object's switches in force. */
  readonly switches: SwitchValues;
  readonly downtimeDepth: number;
  /** Services: the host's downtime depth; 0 for hosts. */
  readonly hostDowntimeDepth: number;
  /** Services: the host has a problem. */
  readonly hostProblem: boolean;
  /** Hosts: parents all have problems. */
  readonly allParentsDown: boolean;
  readonly inNotificationPeriod: boolean;
  /** A notification dependency of the object fails (notification-dependency.ts). */
  readonly dependencyFailed: boolean;
  /** The re-notification interval in force (seconds): the object's, or its escalations' while one applies. */
  readonly notificationInterval: number;
}

/** The facts of a notification of `type` about the object at `now`. */
export function notificationFacts(source: FactsSource, type: NotificationType, now: number): NotificationFacts {
  const { target, status } = source;
  const object = checkedObject(target);
  const state = status.state;
  return {
    type,
    object: target.object,
    problem: state.kind === 'soft-problem' || state.kind === 'hard-problem' ? state.problem : null,
    stateType: stateTypeOf(state),
    notificationOptions:
      target.object === 'host' ? target.host.notificationOptions : target.service.notificationOptions,
    enabledGlobally: source.globals.notifications,
    enabledForObject: source.switches.notifications,
    inNotificationPeriod: source.inNotificationPeriod,
    acknowledged: status.acknowledgement !== null,
    flapping: source.globals.flapDetection && source.switches.flapDetection && status.flap.flapping,
    inDowntime: source.downtimeDepth > 0,
    hostInDowntime: source.hostDowntimeDepth > 0,
    hostProblem: source.hostProblem,
    allParentsDown: source.allParentsDown,
    dependencyFailed: source.dependencyFailed,
    volatile: target.object === 'service' && target.service.isVolatile,
    record: status.notification,
    lastHardStateChange: state.kind === 'pending' ? now : state.lastHardStateChange,
    firstNotificationDelayMs: object.firstNotificationDelay * 1000,
    notificationIntervalMs: source.notificationInterval * 1000,
    now,
  };
}
