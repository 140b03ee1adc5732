/**
 * The services of a configuration by host and description, in the order they were added. It is
 * also a ReadonlyMap keyed by {@link serviceKey}, as the rest of the code reads services.
 *
 * The services are not held in one map by key: a key is a new string per service, and filling
 * a map with 100,000 new strings means hashing each, which costs more than building the
 * services. Here a service is found by two lookups of strings that are hashed once already:
 * the host's name, shared by its services, and a description that many services share.
 */
import { serviceKey } from './objects.js';

/** What the index needs of a service. */
interface Named {
  readonly hostName: string;
  readonly description: string;
}

const SEPARATOR = ';';

export class ServiceIndex<S extends Named> implements ReadonlyMap<string, S> {
  /** Host name → description → position in {@link #services}. */
  readonly #byHost = new Map<string, Map<string, number>>();
  readonly #services: S[] = [];
  /** The host looked up last and its descriptions: a host's services are mostly added one after another. */
  #lastHost: string | null = null;
  #lastDescriptions: Map<string, number> | undefined = undefined;

  get size(): number {
    return this.#services.length;
  }

  /** The position of the service `description` of `hostName`, or -1. */
  positionOf(hostName: string, description: string): number {
    return this.#descriptionsOf(hostName)?.get(description) ?? -1;
  }

  #descriptionsOf(hostName: string): Map<string, number> | undefined {
    if (hostName !== this.#lastHost) {
      this.#lastHost = hostName;
      this.#lastDescriptions = this.#byHost.get(hostName);
    }
    return this.#lastDescriptions;
  }

  /** The service `description` of `hostName`. */
  find(hostName: string, description: string): S | undefined {
    const at = this.positionOf(hostName, description);
    return at === -1 ? undefined : this.#services[at];
  }

  /** The service at `position` (the order services were added in). */
  at(position: number): S | undefined {
    return this.#services[position];
  }

  /** Adds a service whose host and description the index does not hold yet; returns its position. */
  add(service: S): number {
    let descriptions = this.#descriptionsOf(service.hostName);
    if (descriptions === undefined) {
      descriptions = new Map();
      this.#byHost.set(service.hostName, descriptions);
      this.#lastDescriptions = descriptions;
    }
    if (descriptions.has(service.description)) {
      throw new Error(`service '${serviceKey(service.hostName, service.description)}' is held already`);
    }
    const position = this.#services.push(service) - 1;
    descriptions.set(service.description, position);
    return position;
  }

  /** Puts `service` in the place of the one of the same host and description; returns its position. */
  replace(service: S): number {
    const position = this.positionOf(service.hostName, service.description);
    if (position === -1) {
      throw new Error(`service '${serviceKey(service.hostName, service.description)}' is not held`);
    }
    this.#services[position] = service;
    return position;
  }

  /**
   * The position of the service of `key`, or -1. A host name may hold the separator itself, so
   * each place it occurs is tried, left-most first.
   */
  positionOfKey(key: string): number {
    for (let at = key.indexOf(SEPARATOR); at !== -1; at = key.indexOf(SEPARATOR, at + 1)) {
      const position = this.positionOf(key.slice(0, at), key.slice(at + 1));
      if (position !== -1) return position;
    }
    return -1;
  }

  get(key: string): S | undefined {
    const position = this.positionOfKey(key);
    return position === -1 ? undefined : this.#services[position];
  }

  has(key: string): boolean {
    return this.positionOfKey(key) !== -1;
  }

  values(): MapIterator<S> {
    return this.#services.values();
  }

  *keys(): MapIterator<string> {
    for (const service of this.#services) yield serviceKey(service.hostName, service.description);
  }

  *entries(): MapIterator<[string, S]> {
    for (const service of this.#services) yield [serviceKey(service.hostName, service.description), service];
  }

  [Symbol.iterator](): MapIterator<[string, S]> {
    return this.entries();
  }

  forEach(visit: (service: S, key: string, map: ReadonlyMap<string, S>) => void, thisArg?: unknown): void {
    for (const service of this.#services) {
      visit.call(thisArg, service, serviceKey(service.hostName, service.description), this);
    }
  }

  get [Symbol.toStringTag](): string {
    return 'ServiceIndex';
  }
}

/**
 * The service `description` of `hostName` in `services`: found by host and description when
 * the map is a {@link ServiceIndex}, so that no key string is made for the lookup.
 */
export function lookupService<S>(
  services: ReadonlyMap<string, S>,
  hostName: string,
  description: string,
): S | undefined {
  if (services instanceof ServiceIndex) return (services as ServiceIndex<S & Named>).find(hostName, description);
  return services.get(serviceKey(hostName, description));
}
