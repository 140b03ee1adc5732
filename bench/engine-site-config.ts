/**
 * The configuration of the engine benchmarks, written twice from the same numbers: as a native
 * site directory for `watchpost start` and as a Nagios object file for `nagios4`. N services,
 * ten per host, all running one command every I seconds; hosts are not actively checked, so the
 * checks asked for are exactly N / I per second (the method of the project's performance
 * reference). Notifications, event handlers and flap detection are off on both sides.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the generated configuration holds. */
export interface EngineBenchConfig {
  readonly services: number;
  readonly intervalSeconds: number;
  /** The service check's command line, e.g. `/usr/lib/nagios/plugins/check_dummy 0 ok`. */
  readonly commandLine: string;
}

/** Services per host, as in the reference (1,000 hosts x 10 services for 10k). */
export const SERVICES_PER_HOST = 10;

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The host of service `i` and its description. */
export function benchServiceName(i: number): { readonly host: string; readonly description: string } {
  return { host: `h${Math.floor(i / SERVICES_PER_HOST)}`, description: `s${i % SERVICES_PER_HOST}` };
}

/**
 * Writes a site directory below `siteDir` (created): watchpost.yaml and conf.d/bench.yaml.
 * Livestatus listens on the default unix socket `run/live`.
 */
export function writeBenchSite(siteDir: string, config: EngineBenchConfig): void {
  mkdirSync(join(siteDir, 'conf.d'), { recursive: true });
  writeFileSync(
    join(siteDir, 'watchpost.yaml'),
    [
      'site: bench',
      'alias: Engine benchmark',
      'http:',
      '  enabled: false',
      'notifications:',
      '  enabled: false',
      'flap_detection:',
      '  enabled: false',
      'event_handlers:',
      '  enabled: false',
      '',
    ].join('\n'),
  );
  const lines: string[] = [
    'timeperiods:',
    '  - timeperiod_name: always',
    '    alias: always',
    '    ranges:',
    ...DAYS.map((day) => `      ${day}: "00:00-24:00"`),
    'commands:',
    '  - command_name: bench_check',
    `    command_line: ${JSON.stringify(config.commandLine)}`,
    'hosts:',
  ];
  const hosts = Math.ceil(config.services / SERVICES_PER_HOST);
  const interval = `${config.intervalSeconds}s`;
  for (let h = 0; h < hosts; h++) {
    lines.push(
      `  - host_name: h${h}`,
      '    address: 127.0.0.1',
      '    active_checks_enabled: false',
      '    max_check_attempts: 1',
      '    check_period: always',
      '    notifications_enabled: false',
      '    services:',
    );
    for (let s = 0; s < SERVICES_PER_HOST && h * SERVICES_PER_HOST + s < config.services; s++) {
      lines.push(
        `      - service_description: s${s}`,
        '        check_command: bench_check',
        '        max_check_attempts: 1',
        `        check_interval: ${interval}`,
        `        retry_interval: ${interval}`,
        '        check_period: always',
        '        notifications_enabled: false',
      );
    }
  }
  writeFileSync(join(siteDir, 'conf.d', 'bench.yaml'), `${lines.join('\n')}\n`);
}

/** The same objects as a Nagios object file (`interval_length=1` makes the intervals seconds). */
export function nagiosBenchObjects(config: EngineBenchConfig): string {
  const parts = [
    `define command {\n  command_name bench_check\n  command_line ${config.commandLine}\n}`,
    `define timeperiod {\n  timeperiod_name always\n  alias always\n${DAYS.map((d) => `  ${d} 00:00-24:00\n`).join('')}}`,
    'define contact {\n  contact_name nobody\n  host_notifications_enabled 0\n  service_notifications_enabled 0\n' +
      '  host_notification_period always\n  service_notification_period always\n  host_notification_options n\n' +
      '  service_notification_options n\n  host_notification_commands bench_check\n' +
      '  service_notification_commands bench_check\n}',
    'define host {\n  name bench-host\n  register 0\n  max_check_attempts 1\n  check_period always\n' +
      '  active_checks_enabled 0\n  contacts nobody\n  notification_period always\n  notifications_enabled 0\n}',
    `define service {\n  name bench-service\n  register 0\n  check_command bench_check\n  max_check_attempts 1\n` +
      `  check_interval ${config.intervalSeconds}\n  retry_interval ${config.intervalSeconds}\n  check_period always\n` +
      '  notification_period always\n  notifications_enabled 0\n  contacts nobody\n}',
  ];
  const hosts = Math.ceil(config.services / SERVICES_PER_HOST);
  for (let h = 0; h < hosts; h++) {
    parts.push(`define host {\n  use bench-host\n  host_name h${h}\n  address 127.0.0.1\n}`);
    for (let s = 0; s < SERVICES_PER_HOST && h * SERVICES_PER_HOST + s < config.services; s++) {
      parts.push(`define service {\n  use bench-service\n  host_name h${h}\n  service_description s${s}\n}`);
    }
  }
  return `${parts.join('\n')}\n`;
}
