/**
 * The Livestatus benchmark's objects in Icinga 2's configuration language, for a private
 * Icinga 2 instance: features checker, livestatus on TCP (loopback) and the main log, nothing
 * else. Hosts and services have the same names as in the Nagios files Watchpost reads; each
 * service runs the ITL `dummy` check command (Icinga's in-process twin of `check_dummy`, as
 * `native:dummy` is Watchpost's) with its state, once a day, so that the daemon is idle while it
 * is queried.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LivestatusBenchObjects } from './livestatus-config.js';

/** A string literal of the Icinga 2 language. */
function literal(text: string): string {
  return JSON.stringify(text);
}

/** The main configuration file: the ITL, the three features, then the objects file. */
export function icingaMainConfig(tcpPort: number): string {
  return [
    'include <itl>',
    '',
    'object CheckerComponent "checker" { }',
    '',
    'object LivestatusListener "livestatus" {',
    '  socket_type = "tcp"',
    '  bind_host = "127.0.0.1"',
    `  bind_port = "${tcpPort}"`,
    '}',
    '',
    'object FileLogger "main-log" {',
    '  severity = "information"',
    '  path = LogDir + "/icinga2.log"',
    '}',
    '',
    'include "objects.conf"',
    '',
  ].join('\n');
}

/** Every host and service as Icinga 2 objects, through one template each. */
export function icingaObjectText(objects: LivestatusBenchObjects): string {
  const parts: string[] = [
    'template Host "bench-host" {',
    '  check_command = "dummy"',
    '  check_interval = 1d',
    '  retry_interval = 1d',
    '  max_check_attempts = 1',
    '  enable_notifications = false',
    '  enable_flapping = false',
    '}',
    'template Service "bench-service" {',
    '  check_command = "dummy"',
    '  check_interval = 1d',
    '  retry_interval = 1d',
    '  max_check_attempts = 1',
    '  enable_notifications = false',
    '  enable_flapping = false',
    '}',
  ];
  for (const host of objects.hosts) {
    parts.push(`object Host ${literal(host)} { import "bench-host"; address = "127.0.0.1" }`);
  }
  for (const s of objects.services) {
    const text = s.output.slice(s.output.indexOf(': ') + 2);
    parts.push(
      `object Service ${literal(s.description)} { import "bench-service"; host_name = ${literal(s.hostName)}; ` +
        `vars.dummy_state = ${s.state}; vars.dummy_text = ${literal(text)} }`,
    );
  }
  return `${parts.join('\n')}\n`;
}

/** The private directory tree of one Icinga 2 instance. */
export interface IcingaPaths {
  readonly root: string;
  readonly configDir: string;
  readonly mainConfig: string;
  readonly dataDir: string;
  readonly logDir: string;
  readonly cacheDir: string;
  readonly spoolDir: string;
  readonly runDir: string;
}

/** Writes the main configuration and the objects below `root` (created) and returns the paths. */
export function writeIcingaConfig(root: string, objects: LivestatusBenchObjects, tcpPort: number): IcingaPaths {
  const paths: IcingaPaths = {
    root,
    configDir: join(root, 'etc'),
    mainConfig: join(root, 'etc', 'icinga2.conf'),
    dataDir: join(root, 'var', 'lib'),
    logDir: join(root, 'var', 'log'),
    cacheDir: join(root, 'var', 'cache'),
    spoolDir: join(root, 'var', 'spool'),
    runDir: join(root, 'run'),
  };
  for (const dir of [paths.configDir, paths.dataDir, paths.logDir, paths.cacheDir, paths.spoolDir, paths.runDir]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(paths.mainConfig, icingaMainConfig(tcpPort));
  writeFileSync(join(paths.configDir, 'objects.conf'), icingaObjectText(objects));
  return paths;
}
