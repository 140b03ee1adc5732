/**
 * The configuration of the Livestatus query benchmark, generated once and written for both
 * systems: N hosts with 10 services each, every service checked by a dummy check whose state is
 * fixed per service (the MIX: 70 % OK, 10 % each WARNING, CRITICAL, UNKNOWN). Watchpost reads it
 * as Nagios object files in its site's conf.d; Icinga 2, which cannot read those, gets the same
 * objects in its own language (icinga-config.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One service of the benchmark and the state its check reports. */
export interface BenchService {
  readonly hostName: string;
  readonly description: string;
  /** 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
  readonly state: number;
  readonly output: string;
}

/** The objects both systems monitor. */
export interface LivestatusBenchObjects {
  readonly hosts: readonly string[];
  readonly services: readonly BenchService[];
  /** How many services are in each state 0..3. */
  readonly stateCounts: readonly [number, number, number, number];
}

/** The service descriptions of every host (names with spaces and slashes, as real ones have). */
export const SERVICE_NAMES: readonly string[] = [
  'PING',
  'SSH',
  'HTTP',
  'HTTPS',
  'Disk /',
  'Disk /var',
  'Load',
  'Users',
  'Processes',
  'Swap',
];

const LABELS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** `host00042`: sortable names, as the other benchmarks use. */
export function benchHostName(i: number): string {
  return `host${String(i).padStart(5, '0')}`;
}

/**
 * The state of service `i` (counting over all services): 7 of every 10 OK, one each WARNING,
 * CRITICAL and UNKNOWN, spread by a multiplicative hash so that problems are not all the same
 * service of every host.
 */
export function mixState(i: number): number {
  const slot = Math.imul(i + 1, 2654435761) >>> 0;
  const tenth = slot % 10;
  return tenth < 7 ? 0 : tenth - 6;
}

/** The objects for `hosts` hosts with 10 services each. */
export function livestatusBenchObjects(hosts: number): LivestatusBenchObjects {
  const hostNames: string[] = [];
  const services: BenchService[] = [];
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (let h = 0; h < hosts; h++) {
    const hostName = benchHostName(h);
    hostNames.push(hostName);
    for (const description of SERVICE_NAMES) {
      const state = mixState(services.length);
      counts[state as 0 | 1 | 2 | 3]++;
      services.push({ hostName, description, state, output: `${LABELS[state] ?? 'UNKNOWN'}: bench` });
    }
  }
  return { hosts: hostNames, services, stateCounts: counts };
}

/** A Nagios `define` block. */
function define(type: string, directives: readonly (readonly [string, string])[]): string {
  return `define ${type} {\n${directives.map(([k, v]) => `    ${k.padEnd(24)} ${v}`).join('\n')}\n}\n`;
}

/**
 * The Nagios object file Watchpost loads: hosts without checks (always UP, as in the
 * performance reference), services checked by `native:dummy` once a day (interval units of
 * 60 s), so that the site is idle while it is queried. The states come in as passive results
 * first (see livestatus-bench.ts); the daily check would report the same.
 */
export function nagiosObjectText(objects: LivestatusBenchObjects): string {
  const parts: string[] = [
    define('command', [
      ['command_name', 'bench_dummy'],
      ['command_line', 'native:dummy state=$ARG1$ text=$ARG2$'],
    ]),
    define('host', [
      ['name', 'bench-host'],
      ['max_check_attempts', '1'],
      ['register', '0'],
    ]),
    define('service', [
      ['name', 'bench-service'],
      ['max_check_attempts', '1'],
      ['check_interval', '1440'],
      ['retry_interval', '1440'],
      ['register', '0'],
    ]),
  ];
  for (const host of objects.hosts) {
    parts.push(
      define('host', [
        ['use', 'bench-host'],
        ['host_name', host],
        ['address', '127.0.0.1'],
      ]),
    );
  }
  for (const s of objects.services) {
    parts.push(
      define('service', [
        ['use', 'bench-service'],
        ['host_name', s.hostName],
        ['service_description', s.description],
        ['check_command', `bench_dummy!${s.state}!bench`],
      ]),
    );
  }
  return parts.join('');
}

/** Where the Watchpost site listens. */
export interface SiteListen {
  readonly tcpPort: number;
}

/**
 * Writes a Watchpost site directory for `objects` into `siteDir` (created): watchpost.yaml with
 * Livestatus on TCP (loopback) and the unix socket, the objects in conf.d/objects.cfg.
 */
export function writeWatchpostSite(siteDir: string, objects: LivestatusBenchObjects, listen: SiteListen): void {
  mkdirSync(join(siteDir, 'conf.d'), { recursive: true });
  writeFileSync(
    join(siteDir, 'watchpost.yaml'),
    [
      'site: lsbench',
      'alias: Livestatus benchmark',
      'livestatus:',
      '  tcp: true',
      '  address: 127.0.0.1',
      `  port: ${listen.tcpPort}`,
      '  max_connections: 1000',
      'http:',
      '  enabled: false',
      'notifications:',
      '  enabled: false',
      'flap_detection:',
      '  enabled: false',
      '',
    ].join('\n'),
  );
  writeFileSync(join(siteDir, 'conf.d', 'objects.cfg'), nagiosObjectText(objects));
}
