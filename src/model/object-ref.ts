/**
 * A reference to one host or service, the way commands, downtimes, comments and events name
 * their object: by host name, and for a service also by its description.
 */
import { serviceKey } from './objects.js';

/** A host or a service, by name. */
export type ObjectRef =
  | { readonly object: 'host'; readonly hostName: string }
  | { readonly object: 'service'; readonly hostName: string; readonly description: string };

/** The reference of a host. */
export function hostRef(hostName: string): ObjectRef {
  return { object: 'host', hostName };
}

/** The reference of a service. */
export function serviceRef(hostName: string, description: string): ObjectRef {
  return { object: 'service', hostName, description };
}

/** The key of an object in the engine's state map: the host name, or `host;service` ({@link serviceKey}). */
export function objectKey(ref: ObjectRef): string {
  return ref.object === 'host' ? ref.hostName : serviceKey(ref.hostName, ref.description);
}

/** Just the reference of anything that carries one (a state, a status), without its other fields. */
export function refOf(named: ObjectRef): ObjectRef {
  return named.object === 'host' ? hostRef(named.hostName) : serviceRef(named.hostName, named.description);
}

/** `host` or `host;service`, for messages. */
export function describeRef(ref: ObjectRef): string {
  return ref.object === 'host' ? `host '${ref.hostName}'` : `service '${ref.description}' on host '${ref.hostName}'`;
}
