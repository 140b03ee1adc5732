/**
 * Builders shared by the notification tests: a small configuration with contacts, groups and
 * notification commands, notification events and jobs, and temporary directories.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotificationDecisionEvent } from '../model/events.js';
import type { NotificationType } from '../model/notification-decision.js';
import type { Configuration } from '../model/objects.js';
import { buildFromYaml } from '../testing/build-from-yaml.js';
import type { SmtpSettings } from './methods/email/send-email.js';
import type { DeliveryMethod, NotificationJob } from './notification-job.js';
import type { NotificationSettings } from './start-notifications.js';

/** Notification settings for tests: an SMTP server that is not used, the default spool policy. */
export const NOTIFICATION_TEST_SETTINGS: NotificationSettings = {
  timezone: 'UTC',
  notifications: {
    scriptTimeout: 10,
    smtp: {
      host: '',
      port: 25,
      security: 'none',
      user: '',
      password: '',
      from: 'w@example.org',
      timeout: 5,
      verifyCertificate: true,
    },
    spool: { retryInitial: 30, retryMax: 600, maxAge: 86400, concurrency: 4 },
  },
};

/** The time the tests start at (ms). */
export const T0 = 1_700_000_000_000;

/** A configuration of contacts and objects for routing tests; `script` is the notification command line. */
export function notifyConfiguration(script = '/bin/true'): Configuration {
  const built = buildFromYaml({
    'a.yaml': `commands:
  - {command_name: check-dummy, command_line: /bin/true}
  - {command_name: notify-service-by-script, command_line: "${script} $ARG1$"}
  - {command_name: notify-host-by-script, command_line: "${script} host"}
timeperiods:
  - {timeperiod_name: never, alias: never}
contacts:
  - contact_name: alice
    email: alice@example.org
    pager: '555-0100'
    service_notification_commands: [notify-service-by-script!alice-arg]
    host_notification_commands: [notify-host-by-script]
  - contact_name: bob
    email: bob@example.org
    service_notification_options: [c, r]
    service_notification_commands: [notify-service-by-script]
  - contact_name: carol
    email: ''
    service_notification_period: never
    service_notification_commands: [notify-service-by-script]
  - contact_name: dave
    email: dave@example.org
    service_notifications_enabled: false
    service_notification_commands: [notify-service-by-script]
contactgroups:
  - {contactgroup_name: ops, members: [bob, carol]}
  - {contactgroup_name: dba, members: [dave]}
hostgroups:
  - {hostgroup_name: web}
servicegroups:
  - {servicegroup_name: shop}
hosts:
  - host_name: web01
    address: 192.0.2.10
    check_command: check-dummy
    hostgroups: [web]
    contacts: [alice]
    contact_groups: [ops]
    labels: {env: prod}
    custom: {serial: SN-1}
    services:
      - {service_description: HTTP, check_command: check-dummy, servicegroups: [shop]}
      - {service_description: Disk /, check_command: check-dummy, contact_groups: [dba]}
  - host_name: db01
    check_command: check-dummy
    contacts: [alice]
    labels: {env: test}
    services:
      - {service_description: MySQL, check_command: check-dummy}
serviceescalations:
  - {host_name: db01, service_description: MySQL, first_notification: 2, last_notification: 3, escalation_options: [c], contacts: [bob]}
`,
  });
  if (built.errors.length > 0) throw new Error(built.errors.join('\n'));
  return built.configuration;
}

/** A notification decision that notifies. */
export function decisionEvent(options: {
  readonly host: string;
  readonly service?: string;
  readonly type?: NotificationType;
  readonly problem?: string | null;
  readonly output?: string;
  readonly at?: number;
  readonly number?: number;
}): NotificationDecisionEvent {
  const type = options.type ?? 'problem';
  return {
    kind: 'notification-decision',
    at: options.at ?? T0,
    target:
      options.service === undefined
        ? { object: 'host', hostName: options.host }
        : { object: 'service', hostName: options.host, description: options.service },
    type,
    decision: { notify: true },
    problem: options.problem === undefined ? 'critical' : options.problem,
    output: options.output ?? 'CRITICAL - connection refused',
    number: options.number ?? 1,
    author: '',
    comment: '',
  };
}

/** A job of `contact` by `method`, numbered `n` for a distinct id. */
export function aJob(
  n: number,
  options: { contact?: string; method?: DeliveryMethod; createdAt?: number } = {},
): NotificationJob {
  return {
    id: n.toString(16).padStart(32, '0'),
    createdAt: options.createdAt ?? T0,
    contact: options.contact ?? 'alice',
    what: 'SERVICE',
    method: options.method ?? { kind: 'script', name: 'notify', commandLine: '/bin/true' },
    macros: {
      NOTIFICATIONTYPE: 'PROBLEM',
      HOSTNAME: 'web01',
      SERVICEDESC: 'HTTP',
      SERVICESTATE: 'CRITICAL',
      SERVICEOUTPUT: `output ${n}`,
      NOTIFICATIONNUMBER: '1',
      TIMET: String(T0 / 1000),
    },
  };
}

/** A fresh temporary directory and the function that removes it. */
export function tempDir(prefix = 'watchpost-notify-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Plain SMTP to a test server on loopback `port`, without authentication. */
export function loopbackSmtp(port: number, extra: Partial<SmtpSettings> = {}): SmtpSettings {
  return {
    host: '127.0.0.1',
    port,
    security: 'none',
    user: '',
    password: '',
    from: 'watchpost@example.org',
    timeoutSeconds: 5,
    verifyCertificate: true,
    ...extra,
  };
}
