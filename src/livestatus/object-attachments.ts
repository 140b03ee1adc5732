/**
 * Things attached to hosts and services by reference (downtimes, comments), indexed by host name
 * and then description, so that a row finds its own without building a `host;service` key.
 */
import type { ObjectRef } from '../model/object-ref.js';

interface HostEntries<T> {
  readonly own: T[];
  readonly services: Map<string, T[]>;
}

const NONE: readonly never[] = Object.freeze([]);

/** Items grouped by the object they belong to. */
export class ObjectAttachments<T> {
  readonly #byHost = new Map<string, HostEntries<T>>();

  constructor(items: Iterable<T>, targetOf: (item: T) => ObjectRef) {
    for (const item of items) {
      const target = targetOf(item);
      let entries = this.#byHost.get(target.hostName);
      if (entries === undefined) this.#byHost.set(target.hostName, (entries = { own: [], services: new Map() }));
      if (target.object === 'host') {
        entries.own.push(item);
        continue;
      }
      const list = entries.services.get(target.description);
      if (list === undefined) entries.services.set(target.description, [item]);
      else list.push(item);
    }
  }

  /** The items of a host (`description` null) or of a service, in the order given. */
  of(hostName: string, description: string | null): readonly T[] {
    const entries = this.#byHost.get(hostName);
    if (entries === undefined) return NONE;
    if (description === null) return entries.own;
    return entries.services.get(description) ?? NONE;
  }
}
