/**
 * Everything the monitoring core keeps about one host or service at run time: its check state
 * plus flapping, acknowledgement, notification record and run-time switch changes. Plain data
 * that serialises to JSON as it is, so that retention can write it and read it back.
 */
import type { Acknowledgement } from './acknowledgement.js';
import { PENDING, type ObjectState } from './check-state.js';
import { NO_FLAPPING, type FlapState } from './flapping.js';
import type { SwitchOverrides } from './master-control.js';
import { NEVER_NOTIFIED, type NotificationRecord } from './notification-decision.js';
import type { ObjectRef } from './object-ref.js';

/** What an object carries besides its check state. */
export interface StatusFields {
  /** The last check that found the object OK/UP (Nagios `last_time_ok` / `last_time_up`). */
  readonly lastTimeOk: number | null;
  readonly flap: FlapState;
  readonly acknowledgement: Acknowledgement | null;
  readonly notification: NotificationRecord;
  /** Master control switches changed at run time for this object (modified attributes). */
  readonly overrides: SwitchOverrides;
  /** A service whose host had a problem at its last check (Nagios `host_problem_at_last_check`). */
  readonly hostProblemAtLastCheck: boolean;
}

/** A host or service with its state and everything else the core keeps about it. */
export type ObjectStatus = ObjectState & StatusFields;

/** The status of a host. */
export type HostStatus = Extract<ObjectState, { readonly object: 'host' }> & StatusFields;
/** The status of a service. */
export type ServiceStatus = Extract<ObjectState, { readonly object: 'service' }> & StatusFields;

const FRESH: StatusFields = {
  lastTimeOk: null,
  flap: NO_FLAPPING,
  acknowledgement: null,
  notification: NEVER_NOTIFIED,
  overrides: {},
  hostProblemAtLastCheck: false,
};

/** The status of an object monitoring has just begun: pending, nothing recorded. */
export function initialStatus(ref: ObjectRef): ObjectStatus {
  return ref.object === 'host'
    ? { object: 'host', hostName: ref.hostName, state: PENDING, ...FRESH }
    : { object: 'service', hostName: ref.hostName, description: ref.description, state: PENDING, ...FRESH };
}
