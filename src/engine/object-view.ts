/**
 * What Livestatus and the web interface show about one object beyond its stored status: values
 * derived at a moment in time (handled or not, stale or not, in its periods or not) and the
 * switches and modified attributes in force.
 */
import { inPeriod } from '../model/check-period.js';
import { modifiedAttributeNames, modifiedAttributes, type SwitchValues } from '../model/master-control.js';
import type { ObjectStatus } from '../model/object-status.js';
import { problemHandling, type ProblemHandling } from '../model/problem-handling.js';
import { isStale, staleness } from '../model/staleness.js';
import { checkedObject } from './check-targets.js';
import type { MonitoringCore } from './monitoring-core.js';

/** One object as seen at a moment. */
export interface ObjectView {
  readonly status: ObjectStatus;
  /** The object's own switches in force (the global ones apply on top). */
  readonly switches: SwitchValues;
  /** Nagios' modified-attributes bit mask and names (Livestatus `modified_attributes[_list]`). */
  readonly modifiedAttributes: number;
  readonly modifiedAttributeNames: readonly string[];
  readonly downtimeDepth: number;
  /** A service's host's downtime depth; 0 for hosts. */
  readonly hostDowntimeDepth: number;
  readonly handling: ProblemHandling;
  /** Age of the last result in check intervals; stale from 1.5 on. */
  readonly staleness: number;
  readonly stale: boolean;
  readonly inCheckPeriod: boolean;
  readonly inNotificationPeriod: boolean;
}

/** The view of object `key` at `now`, or `undefined` for an unknown key. */
export function viewOf(core: MonitoringCore, key: string, now: number, since: number): ObjectView | undefined {
  const target = core.targets.get(key);
  const status = core.state.statuses.get(key);
  const switches = core.switchesOf(key);
  if (target === undefined || status === undefined || switches === undefined) return undefined;
  const object = checkedObject(target);
  const downtimeDepth = core.state.downtimeDepth(key);
  const hostDowntimeDepth = target.object === 'service' ? core.state.downtimeDepth(target.host.name) : 0;
  const state = status.state;
  const timing = {
    lastCheck: state.kind === 'pending' ? null : state.lastCheck,
    since,
    checkIntervalMs: object.checkInterval * 1000,
    now,
  };
  return {
    status,
    switches,
    modifiedAttributes: modifiedAttributes(status.overrides),
    modifiedAttributeNames: modifiedAttributeNames(status.overrides),
    downtimeDepth,
    hostDowntimeDepth,
    handling: problemHandling({
      problem: state.kind === 'soft-problem' || state.kind === 'hard-problem',
      inDowntime: downtimeDepth > 0 || hostDowntimeDepth > 0,
      acknowledged: status.acknowledgement !== null,
      hostProblem: target.object === 'service' && core.hostProblem(target.host.name) !== null,
    }),
    staleness: staleness(timing),
    stale: isStale(timing),
    inCheckPeriod: inPeriod(object.checkPeriod, now, core.periods),
    inNotificationPeriod: inPeriod(object.notificationPeriod, now, core.periods),
  };
}
