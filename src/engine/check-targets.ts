/**
 * The objects this site checks: its hosts (those assigned to no site or to this one) and their
 * services, each under the key the engine's state map uses (host name; `host;service`).
 */
import { serviceKey, type Configuration, type Host, type Service } from '../model/objects.js';

/** A host or service to check, with its key. */
export type CheckTarget =
  | { readonly object: 'host'; readonly key: string; readonly host: Host }
  | { readonly object: 'service'; readonly key: string; readonly host: Host; readonly service: Service };

/** Every host and service that `site` monitors, hosts first, in configuration order. */
export function checkTargets(configuration: Configuration, site: string): CheckTarget[] {
  const hosts: CheckTarget[] = [];
  const services: CheckTarget[] = [];
  for (const host of configuration.hosts.values()) {
    if (host.site !== null && host.site !== site) continue;
    hosts.push({ object: 'host', key: host.name, host });
  }
  for (const service of configuration.services.values()) {
    const host = configuration.hosts.get(service.hostName);
    if (host === undefined || (host.site !== null && host.site !== site)) continue;
    services.push({ object: 'service', key: serviceKey(service.hostName, service.description), host, service });
  }
  return [...hosts, ...services];
}

/** What is checked of a target: the host or the service. */
export function checkedObject(target: CheckTarget): Host | Service {
  return target.object === 'host' ? target.host : target.service;
}

/**
 * Whether the engine schedules checks for a target: active checks enabled, a positive check
 * interval (0 means "no regular checks" in Nagios), and a check command (a host without one is
 * still "checked": it is UP, as in Nagios).
 */
export function isActivelyChecked(target: CheckTarget): boolean {
  const object = checkedObject(target);
  return (
    object.activeChecksEnabled && object.checkInterval > 0 && (target.object === 'host' || object.checkCommand !== null)
  );
}
