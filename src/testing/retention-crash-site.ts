/**
 * The site of the retention crash test: 1,000 services (10 hosts of 100) checked every two
 * seconds. By number, services `% 4 == 0` are always CRITICAL (to acknowledge), `% 4 == 3`
 * change at random (background churn), the others are OK; `% 4 == 1` get comments and
 * downtimes and `% 4 == 2` switch changes from the test.
 */
import type { PluginStatus } from '../model/check-result.js';

/** Hosts and services per host of the crash-test site. */
export const CRASH_SITE = { hosts: 10, servicesPerHost: 100 } as const;

/** The name of service `i` of a host. */
export function crashServiceName(i: number): string {
  return `svc${i}`;
}

/** The configuration of the crash-test site as YAML. */
export function crashSiteYaml(): string {
  const lines = ['commands:', "  - {command_name: c, command_line: 'c $SERVICEDESC$'}", 'hosts:'];
  for (let h = 0; h < CRASH_SITE.hosts; h++) {
    lines.push(`  - host_name: host${h}`, '    active_checks_enabled: false', '    services:');
    for (let i = 0; i < CRASH_SITE.servicesPerHost; i++) {
      lines.push(
        `      - {service_description: ${crashServiceName(i)}, check_command: c, check_interval: 2s, max_check_attempts: 1}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The status the fake runner answers for a command line `c svc<i>`. */
export function crashStatusOf(commandLine: string): PluginStatus {
  const i = Number(commandLine.slice('c svc'.length));
  if (i % 4 === 0) return 2;
  if (i % 4 === 3) return Math.random() < 0.5 ? 0 : 2;
  return 0;
}
