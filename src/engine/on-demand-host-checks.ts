/**
 * The hosts to check on demand after a result, read from the core's current state (the rules
 * are model/on-demand-checks.ts). Hosts of other sites are never checked here; a host whose last
 * result is within the cache horizon is not checked again (Nagios `schedule_host_check` with
 * `CHECK_OPTION_DEPENDENCY_CHECK`).
 */
import { PENDING, type HostState } from '../model/check-state.js';
import {
  hostChange,
  hostCheckAfterServiceResult,
  hostsToCheckAfterHostResult,
  resultRecent,
  type RelatedHost,
} from '../model/on-demand-checks.js';
import type { ObjectStatus } from '../model/object-status.js';
import type { MonitoringCore } from './monitoring-core.js';

/** Finds the hosts to check on demand. */
export class OnDemandHostChecks {
  readonly #core: MonitoringCore;
  readonly #horizonMs: number;
  /** Child host names by parent name, among the hosts this site checks. */
  readonly #children = new Map<string, string[]>();

  constructor(core: MonitoringCore, horizonSeconds: number) {
    this.#core = core;
    this.#horizonMs = horizonSeconds * 1000;
    for (const target of core.targets.values()) {
      if (target.object !== 'host') continue;
      for (const parent of target.host.parents) {
        const children = this.#children.get(parent);
        if (children === undefined) this.#children.set(parent, [target.key]);
        else children.push(target.key);
      }
    }
  }

  /**
   * The keys of the hosts to check now because a result took object `key` from `before` to its
   * current status, in the order Nagios queues them (parents, then children).
   */
  after(key: string, before: ObjectStatus, now: number): string[] {
    const current = this.#core.state.statuses.get(key);
    if (current === undefined) return [];
    let names: string[] = [];
    if (before.object === 'host' && current.object === 'host') {
      // Most results change nothing: no need to gather parents and children for them.
      if (hostChange(before.state, current.state) === null) return [];
      names = hostsToCheckAfterHostResult({
        before: before.state,
        after: current.state,
        parents: this.#related(this.#core.targets.get(current.hostName)?.host.parents ?? []),
        children: this.#related(this.#children.get(current.hostName) ?? []),
      });
    } else if (before.object === 'service' && current.object === 'service') {
      const demanded = hostCheckAfterServiceResult({
        before: before.state,
        after: current.state,
        hostState: this.#stateOf(current.hostName) ?? PENDING,
        hostChecksEnabled: this.#core.globals().activeChecks,
        now,
        horizonMs: this.#horizonMs,
      });
      if (demanded) names = [current.hostName];
    }
    return names.filter((name) => {
      const state = this.#stateOf(name);
      return state !== undefined && !resultRecent(state, { now, horizonMs: this.#horizonMs });
    });
  }

  #stateOf(name: string): HostState | undefined {
    const status = this.#core.state.statuses.get(name);
    return status?.object === 'host' ? status.state : undefined;
  }

  /** The hosts of `names` this site checks, with their states. */
  #related(names: readonly string[]): RelatedHost[] {
    const related: RelatedHost[] = [];
    for (const name of names) {
      const state = this.#stateOf(name);
      if (state !== undefined) related.push({ name, state });
    }
    return related;
  }
}
