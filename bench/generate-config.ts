/**
 * A large synthetic configuration in both formats Watchpost reads, for the load benchmarks: the
 * same hosts and services once as a Nagios object file with its nagios.cfg (which `nagios4 -v`
 * also accepts, so the two can be timed on identical input), once as a native YAML site.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nagiosMainConfig } from '../src/testing/nagios-main-config.js';

/** How big the configuration is. */
export interface BenchSize {
  readonly hosts: number;
  readonly servicesPerHost: number;
  /** Hosts per host group (hosts are grouped in order). */
  readonly hostsPerGroup: number;
}

/** The size the targets are stated for: 10,000 hosts with 10 services each. */
export const FULL_SIZE: BenchSize = { hosts: 10_000, servicesPerHost: 10, hostsPerGroup: 500 };

/** Where the generated configuration is. */
export interface GeneratedConfig {
  /** The nagios.cfg to give `nagios4 -v` and `loadNagiosMainConfig`. */
  readonly nagiosCfg: string;
  /** The native YAML site directory to give `loadSite`. */
  readonly siteDir: string;
  readonly hosts: number;
  readonly services: number;
}

/** Service names and their check commands; a host gets the first `servicesPerHost`. */
const SERVICES: readonly (readonly [string, string])[] = [
  ['PING', 'check_ping!100.0,20%!500.0,60%'],
  ['SSH', 'check_ssh'],
  ['HTTP', 'check_http!-p!80'],
  ['HTTPS', 'check_http!-p!443!-S'],
  ['Disk /', 'check_disk!20%!10%!/'],
  ['Disk /var', 'check_disk!20%!10%!/var'],
  ['Load', 'check_load!5,4,3!10,8,6'],
  ['Users', 'check_users!20!50'],
  ['Processes', 'check_procs!250!400'],
  ['Swap', 'check_swap!20%!10%'],
  ['NTP', 'check_ntp_time!0.5!1'],
  ['DNS', 'check_dns!example.org'],
];

const COMMANDS: readonly (readonly [string, string])[] = [
  ['check-host-alive', '$USER1$/check_ping -H $HOSTADDRESS$ -w 3000.0,80% -c 5000.0,100% -p 5'],
  ['check_ping', '$USER1$/check_ping -H $HOSTADDRESS$ -w $ARG1$ -c $ARG2$ -p 5'],
  ['check_ssh', '$USER1$/check_ssh $HOSTADDRESS$'],
  ['check_http', '$USER1$/check_http -I $HOSTADDRESS$ $ARG1$ $ARG2$ $ARG3$'],
  ['check_disk', '$USER1$/check_disk -w $ARG1$ -c $ARG2$ -p $ARG3$'],
  ['check_load', '$USER1$/check_load -w $ARG1$ -c $ARG2$'],
  ['check_users', '$USER1$/check_users -w $ARG1$ -c $ARG2$'],
  ['check_procs', '$USER1$/check_procs -w $ARG1$ -c $ARG2$'],
  ['check_swap', '$USER1$/check_swap -w $ARG1$ -c $ARG2$'],
  ['check_ntp_time', '$USER1$/check_ntp_time -H $HOSTADDRESS$ -w $ARG1$ -c $ARG2$'],
  ['check_dns', '$USER1$/check_dns -H $ARG1$ -s $HOSTADDRESS$'],
  [
    'notify-host-by-email',
    '/usr/bin/printf "%b" "$NOTIFICATIONTYPE$ $HOSTNAME$ is $HOSTSTATE$" | /usr/bin/mail $CONTACTEMAIL$',
  ],
  [
    'notify-service-by-email',
    '/usr/bin/printf "%b" "$NOTIFICATIONTYPE$ $HOSTNAME$/$SERVICEDESC$ is $SERVICESTATE$" | /usr/bin/mail $CONTACTEMAIL$',
  ],
];

const CONTACTS = ['alice', 'bob', 'carol', 'dave'];

function hostName(i: number): string {
  return `host${String(i).padStart(5, '0')}`;
}

/** A private address for host `i` (10.x.y.z), unique up to 16 million hosts. */
function address(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

function groupName(i: number, size: BenchSize): string {
  return `group${String(Math.floor(i / size.hostsPerGroup)).padStart(3, '0')}`;
}

/** Every tenth host is a switch that the next nine hang off: a realistic parent tree. */
function parentOf(i: number): string | null {
  return i % 10 === 0 ? null : hostName(i - (i % 10));
}

function serviceList(size: BenchSize): readonly (readonly [string, string])[] {
  if (size.servicesPerHost > SERVICES.length) {
    throw new Error(`at most ${SERVICES.length} services per host can be generated, ${size.servicesPerHost} asked`);
  }
  return SERVICES.slice(0, size.servicesPerHost);
}

/** Lines of one `define` block, directives aligned as people write them. */
function define(type: string, directives: readonly (readonly [string, string])[]): string {
  const body = directives.map(([key, value]) => `    ${key.padEnd(29)} ${value}`).join('\n');
  return `define ${type} {\n${body}\n}\n`;
}

/** The Nagios object file: templates, commands, contacts, the time period, groups, hosts, services. */
function nagiosObjects(size: BenchSize): string {
  const parts: string[] = [];
  parts.push(
    define('timeperiod', [
      ['timeperiod_name', '24x7'],
      ['alias', '24 Hours A Day, 7 Days A Week'],
      ...['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map(
        (day) => [day, '00:00-24:00'] as const,
      ),
    ]),
  );
  for (const [name, line] of COMMANDS)
    parts.push(
      define('command', [
        ['command_name', name],
        ['command_line', line],
      ]),
    );
  parts.push(
    define('contact', [
      ['name', 'generic-contact'],
      ['service_notification_period', '24x7'],
      ['host_notification_period', '24x7'],
      ['service_notification_options', 'w,u,c,r,f,s'],
      ['host_notification_options', 'd,u,r,f,s'],
      ['service_notification_commands', 'notify-service-by-email'],
      ['host_notification_commands', 'notify-host-by-email'],
      ['register', '0'],
    ]),
  );
  for (const contact of CONTACTS) {
    parts.push(
      define('contact', [
        ['contact_name', contact],
        ['use', 'generic-contact'],
        ['alias', contact],
        ['email', `${contact}@example.org`],
      ]),
    );
  }
  parts.push(
    define('contactgroup', [
      ['contactgroup_name', 'admins'],
      ['alias', 'Administrators'],
      ['members', CONTACTS.join(',')],
    ]),
  );
  parts.push(
    define('host', [
      ['name', 'generic-host'],
      ['check_command', 'check-host-alive'],
      ['max_check_attempts', '3'],
      ['check_interval', '5'],
      ['retry_interval', '1'],
      ['check_period', '24x7'],
      ['notification_period', '24x7'],
      ['notification_interval', '60'],
      ['notification_options', 'd,u,r'],
      ['contact_groups', 'admins'],
      ['register', '0'],
    ]),
  );
  parts.push(
    define('service', [
      ['name', 'generic-service'],
      ['max_check_attempts', '3'],
      ['check_interval', '5'],
      ['retry_interval', '1'],
      ['check_period', '24x7'],
      ['notification_period', '24x7'],
      ['notification_interval', '60'],
      ['notification_options', 'w,u,c,r'],
      ['contact_groups', 'admins'],
      ['register', '0'],
    ]),
  );
  const groups = Math.ceil(size.hosts / size.hostsPerGroup);
  for (let g = 0; g < groups; g++) {
    const name = groupName(g * size.hostsPerGroup, size);
    parts.push(
      define('hostgroup', [
        ['hostgroup_name', name],
        ['alias', `Hosts of ${name}`],
      ]),
    );
  }
  const services = serviceList(size);
  for (let i = 0; i < size.hosts; i++) {
    const name = hostName(i);
    const parent = parentOf(i);
    parts.push(
      define('host', [
        ['use', 'generic-host'],
        ['host_name', name],
        ['alias', `Host ${i}`],
        ['address', address(i)],
        ['hostgroups', groupName(i, size)],
        ...(parent === null ? [] : [['parents', parent] as const]),
        ['_SERIAL', `SN${i}`],
      ]),
    );
    for (const [description, check] of services) {
      parts.push(
        define('service', [
          ['use', 'generic-service'],
          ['host_name', name],
          ['service_description', description],
          ['check_command', check],
        ]),
      );
    }
  }
  return parts.join('\n');
}

/** A YAML scalar, quoted when plain YAML would read it as something else. */
function quote(text: string): string {
  return /^[A-Za-z0-9_.@/-][A-Za-z0-9_.@/ -]*$/.test(text) && !text.endsWith(' ') ? text : JSON.stringify(text);
}

/** The shared objects of the native site: time period, commands, contacts and groups. */
function yamlCommon(size: BenchSize): string {
  const lines: string[] = ['timeperiods:', '  - timeperiod_name: 24x7', '    alias: 24 Hours A Day, 7 Days A Week'];
  lines.push('    ranges:');
  for (const day of ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']) {
    lines.push(`      ${day}: "00:00-24:00"`);
  }
  lines.push('commands:');
  for (const [name, line] of COMMANDS)
    lines.push(`  - command_name: ${name}`, `    command_line: ${JSON.stringify(line)}`);
  lines.push('contacts:');
  for (const contact of CONTACTS) {
    lines.push(
      `  - contact_name: ${contact}`,
      `    email: ${contact}@example.org`,
      '    host_notification_commands: [notify-host-by-email]',
      '    service_notification_commands: [notify-service-by-email]',
    );
  }
  lines.push('contactgroups:', '  - contactgroup_name: admins', `    members: [${CONTACTS.join(', ')}]`);
  lines.push('hostgroups:');
  const groups = Math.ceil(size.hosts / size.hostsPerGroup);
  for (let g = 0; g < groups; g++) lines.push(`  - hostgroup_name: ${groupName(g * size.hostsPerGroup, size)}`);
  return `${lines.join('\n')}\n`;
}

/** Hosts `from` to `to` (exclusive) with their services nested, as a native object file. */
function yamlHosts(size: BenchSize, from: number, to: number): string {
  const services = serviceList(size);
  const lines: string[] = ['hosts:'];
  for (let i = from; i < to; i++) {
    const parent = parentOf(i);
    lines.push(
      `  - host_name: ${hostName(i)}`,
      `    alias: Host ${i}`,
      `    address: ${address(i)}`,
      `    hostgroups: [${groupName(i, size)}]`,
    );
    if (parent !== null) lines.push(`    parents: [${parent}]`);
    lines.push(`    custom: {serial: SN${i}}`, '    services:');
    for (const [description, check] of services) {
      lines.push(`      - service_description: ${quote(description)}`, `        check_command: ${quote(check)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What folder.yaml gives every host of the benchmark: the attributes Nagios takes from templates. */
const FOLDER_YAML = [
  'title: Benchmark hosts',
  'check_command: check-host-alive',
  'max_check_attempts: 3',
  'check_interval: 5m',
  'retry_interval: 1m',
  'check_period: 24x7',
  'notification_period: 24x7',
  'notification_interval: 60m',
  'notification_options: [d, u, r]',
  'contact_groups: [admins]',
  '',
].join('\n');

/**
 * Writes the configuration of `size` below `dir` (which must exist): `dir/nagios/` and
 * `dir/site/`. Returns where each is.
 */
export function generateBenchConfig(dir: string, size: BenchSize = FULL_SIZE): GeneratedConfig {
  const nagiosDir = join(dir, 'nagios');
  for (const sub of ['var', 'var/archives', 'rw', 'spool/checkresults', 'tmp']) {
    mkdirSync(join(nagiosDir, sub), { recursive: true });
  }
  writeFileSync(join(nagiosDir, 'objects.cfg'), nagiosObjects(size));
  writeFileSync(join(nagiosDir, 'resource.cfg'), '$USER1$=/usr/lib/nagios/plugins\n');
  const nagiosCfg = join(nagiosDir, 'nagios.cfg');
  writeFileSync(
    nagiosCfg,
    nagiosMainConfig(nagiosDir, [join(nagiosDir, 'objects.cfg')], join(nagiosDir, 'resource.cfg')),
  );

  const siteDir = join(dir, 'site');
  const hostDir = join(siteDir, 'conf.d', 'servers');
  mkdirSync(hostDir, { recursive: true });
  writeFileSync(join(siteDir, 'watchpost.yaml'), 'site: bench\nalias: Load benchmark\n');
  writeFileSync(join(siteDir, 'conf.d', 'common.yaml'), yamlCommon(size));
  writeFileSync(join(hostDir, 'folder.yaml'), FOLDER_YAML);
  // A few files, as an administrator splits hosts by rack or team.
  const files = Math.min(10, Math.max(1, Math.ceil(size.hosts / 1000)));
  const perFile = Math.ceil(size.hosts / files);
  for (let f = 0; f < files; f++) {
    const from = f * perFile;
    const to = Math.min(size.hosts, from + perFile);
    if (from >= to) break;
    writeFileSync(join(hostDir, `hosts-${String(f).padStart(2, '0')}.yaml`), yamlHosts(size, from, to));
  }
  return { nagiosCfg, siteDir, hosts: size.hosts, services: size.hosts * size.servicesPerHost };
}
