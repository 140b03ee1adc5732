/**
 * What routing knows about one notification: the event and the names, groups, labels and
 * states of its object. Built by the caller from the engine's event and the configuration. Plain data.
 */
import type { HostProblem, ServiceProblem } from '../../model/check-state.js';
import type { NotificationType } from '../../model/notification-decision.js';
import type { ShortState } from './notification-rule.js';

/** The notification being routed. */
export interface RoutingSubject {
  readonly type: NotificationType;
  readonly what: 'host' | 'service';
  readonly hostName: string;
  /** `''` for a host. */
  readonly serviceDescription: string;
  /** For a service: its host's groups. */
  readonly hostGroups: readonly string[];
  readonly serviceGroups: readonly string[];
  /** The object's own contacts and contact groups. */
  readonly contacts: readonly string[];
  readonly contactGroups: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly custom: Readonly<Record<string, string>>;
  readonly state: ShortState;
  /** The last HARD state before this one, `null` when not known. */
  readonly previousState: ShortState | null;
  /** The number of the notification of the current problem ($NOTIFICATIONNUMBER$), for escalations. */
  readonly number: number;
  readonly at: number;
}

const HOST_SHORT: Readonly<Record<HostProblem | 'up', ShortState>> = { up: 'UP', down: 'DOWN', unreachable: 'UNREACH' };
const SERVICE_SHORT: Readonly<Record<ServiceProblem | 'ok', ShortState>> = {
  ok: 'OK',
  warning: 'WARN',
  critical: 'CRIT',
  unknown: 'UNKNOWN',
};

/** The short state of a problem (`null`: OK/UP) of a host or service. */
export function shortState(what: 'host' | 'service', problem: string | null): ShortState {
  if (what === 'host') return HOST_SHORT[(problem ?? 'up') as HostProblem | 'up'] ?? 'DOWN';
  return SERVICE_SHORT[(problem ?? 'ok') as ServiceProblem | 'ok'] ?? 'UNKNOWN';
}
