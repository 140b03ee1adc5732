/**
 * The small site the Livestatus tests answer about: three hosts (one UP, one DOWN with a parent,
 * one pending), four services in every kind of state, groups, contacts with groups, custom
 * variables, labels and time periods, all at a fixed time; what the engine keeps besides states
 * (an acknowledged, flapping service with a switch changed at run time, downtimes, comments) and
 * two monitoring log files.
 */
import { PENDING, type ObjectState } from '../model/check-state.js';
import type { Comment } from '../model/comment.js';
import type { Downtime } from '../model/downtime.js';
import { NO_FLAPPING } from '../model/flapping.js';
import type { ObjectStatus } from '../model/object-status.js';
import type { Configuration } from '../model/objects.js';
import { buildFromYaml } from './build-from-yaml.js';
import { FakeStatusSource, MemoryLogArchive } from './fake-status-source.js';

/** The time of every fixture request: 2023-11-14 22:13:20 UTC, a Tuesday. */
export const FIXTURE_NOW = 1_700_000_000_000;

const S = 1000;

/** The fixture's configuration as native YAML. */
export const FIXTURE_YAML = `commands:
  - {command_name: check-ping, command_line: '$USER1$/check_ping -H $HOSTADDRESS$ -w 100,20% -c 500,60%'}
  - {command_name: check-load, command_line: '$USER1$/check_load -w $ARG1$ -c $ARG2$'}
  - {command_name: check-mem, command_line: '$USER1$/check_mem'}
  - {command_name: notify-mail, command_line: /bin/true}
timeperiods:
  - {timeperiod_name: workhours, alias: Work hours, ranges: {monday: '09:00-17:00', tuesday: '09:00-17:00'}}
  - {timeperiod_name: night, alias: Night, ranges: {tuesday: '22:00-24:00'}}
contacts:
  - {contact_name: admin, alias: Administrator, email: admin@example.com}
  - {contact_name: ops, alias: Operator, email: ops@example.com, pager: '555-1234'}
  - {contact_name: viewer, alias: Viewer}
contactgroups:
  - {contactgroup_name: admins, alias: Admins, members: [admin]}
  - {contactgroup_name: operators, alias: Operators, members: [ops]}
hostgroups:
  - {hostgroup_name: linux, alias: Linux servers}
  - {hostgroup_name: web, alias: Web servers}
servicegroups:
  - {servicegroup_name: cpu, alias: CPU checks}
hosts:
  - host_name: srv1
    alias: Server one
    address: 10.0.0.1
    hostgroups: [linux, web]
    contact_groups: [admins]
    check_command: check-ping
    notes: Rack 4
    custom: {os: Linux, serial: A1}
    labels: {env: prod}
  - host_name: srv2
    alias: Server two
    address: 10.0.0.2
    parents: [srv1]
    hostgroups: [linux]
    contact_groups: [operators]
    check_command: check-ping
    notification_period: night
    custom: {serial: B2}
  - host_name: router
    address: 10.0.0.254
    check_command: check-ping
    notification_period: workhours
services:
  - {service_description: CPU load, host_name: [srv1, srv2], check_command: 'check-load!5!10', servicegroups: [cpu], max_check_attempts: 3}
  - {service_description: Memory, host_name: srv1, check_command: check-mem, max_check_attempts: 3}
  - {service_description: Disk /, host_name: srv2, check_command: check-mem, contacts: [viewer]}
`;

/** The fixture's states at {@link FIXTURE_NOW}. */
export const FIXTURE_STATES: readonly ObjectState[] = [
  {
    object: 'host',
    hostName: 'srv1',
    state: {
      kind: 'ok',
      lastCheck: FIXTURE_NOW - 30 * S,
      lastStateChange: FIXTURE_NOW - 3600 * S,
      lastHardStateChange: FIXTURE_NOW - 3600 * S,
      previousProblem: null,
      output: 'PING OK - rta 0.50 ms',
      longOutput: '',
      perfdata: 'rta=0.5ms;100;500;0 pl=0%;20;60;0',
    },
  },
  {
    object: 'host',
    hostName: 'srv2',
    state: {
      kind: 'hard-problem',
      problem: 'down',
      attempt: 1,
      lastCheck: FIXTURE_NOW - 10 * S,
      lastStateChange: FIXTURE_NOW - 600 * S,
      lastHardStateChange: FIXTURE_NOW - 600 * S,
      previousProblem: 'down',
      output: 'CRITICAL - Host unreachable (10.0.0.2)',
      longOutput: '',
      perfdata: '',
    },
  },
  { object: 'host', hostName: 'router', state: PENDING },
  {
    object: 'service',
    hostName: 'srv1',
    description: 'CPU load',
    state: {
      kind: 'ok',
      lastCheck: FIXTURE_NOW - 20 * S,
      lastStateChange: FIXTURE_NOW - 7200 * S,
      lastHardStateChange: FIXTURE_NOW - 7200 * S,
      previousProblem: null,
      output: 'OK - load average: 0.10, 0.20, 0.30',
      longOutput: 'CPU 0: 10%\nCPU 1: 5%',
      perfdata: 'load1=0.1;5;10;0 load5=0.2;5;10;0 load15=0.3;5;10;0',
    },
  },
  {
    object: 'service',
    hostName: 'srv1',
    description: 'Memory',
    state: {
      kind: 'soft-problem',
      problem: 'warning',
      attempt: 2,
      lastCheck: FIXTURE_NOW - 45 * S,
      lastStateChange: FIXTURE_NOW - 105 * S,
      lastHardStateChange: FIXTURE_NOW - 86400 * S,
      previousProblem: 'warning',
      output: 'WARN - 85% used; swap 10%',
      longOutput: '',
      perfdata: 'used=85%;80;90;0;100',
    },
  },
  {
    object: 'service',
    hostName: 'srv2',
    description: 'CPU load',
    state: {
      kind: 'hard-problem',
      problem: 'critical',
      attempt: 3,
      lastCheck: FIXTURE_NOW - 5 * S,
      lastStateChange: FIXTURE_NOW - 300 * S,
      lastHardStateChange: FIXTURE_NOW - 180 * S,
      previousProblem: 'critical',
      output: 'CRIT - load average: 12.00, 11.50, 9.00 "hot" \\ über',
      longOutput: '',
      perfdata: 'load1=12;5;10;0',
    },
  },
  { object: 'service', hostName: 'srv2', description: 'Disk /', state: PENDING },
];

let built: Configuration | null = null;

/** The fixture's configuration (built once). Throws if the fixture YAML has errors: a bug in the test data. */
export function fixtureConfiguration(): Configuration {
  if (built === null) {
    const result = buildFromYaml({ 'fixture.yaml': FIXTURE_YAML });
    if (result.errors.length > 0) throw new Error(`livestatus fixture: ${result.errors.join('\n')}`);
    built = result.configuration;
  }
  return built;
}

/** srv2's CPU load as the engine keeps it: acknowledged (sticky), flapping, notified twice, notifications off. */
function acknowledgedCpu(): ObjectStatus {
  const state = FIXTURE_STATES.find(
    (s) => s.object === 'service' && s.hostName === 'srv2' && s.description === 'CPU load',
  );
  if (state === undefined || state.object !== 'service') throw new Error('livestatus fixture: srv2;CPU load missing');
  return {
    ...state,
    lastTimeOk: FIXTURE_NOW - 400 * S,
    flap: { ...NO_FLAPPING, percent: 42.5, flapping: true },
    acknowledgement: {
      kind: 'sticky',
      notify: true,
      persistent: false,
      author: 'ops',
      comment: 'looking',
      at: FIXTURE_NOW - 60 * S,
      commentId: 2,
    },
    notification: { number: 2, lastAt: FIXTURE_NOW - 120 * S, notifiedProblem: true },
    overrides: { notifications: false },
    hostProblemAtLastCheck: false,
  };
}

/** A downtime in effect on srv2 and a flexible one waiting on srv1's Memory. */
export const FIXTURE_DOWNTIMES: readonly Downtime[] = [
  {
    id: 1,
    target: { object: 'host', hostName: 'srv2' },
    fixed: true,
    start: FIXTURE_NOW - 600 * S,
    end: FIXTURE_NOW + 3000 * S,
    durationMs: 3600 * S,
    triggeredBy: null,
    author: 'admin',
    comment: 'maintenance',
    entryTime: FIXTURE_NOW - 700 * S,
    commentId: 1,
    phase: { kind: 'active', since: FIXTURE_NOW - 600 * S, until: FIXTURE_NOW + 3000 * S },
  },
  {
    id: 2,
    target: { object: 'service', hostName: 'srv1', description: 'Memory' },
    fixed: false,
    start: FIXTURE_NOW,
    end: FIXTURE_NOW + 7200 * S,
    durationMs: 1800 * S,
    triggeredBy: null,
    author: 'admin',
    comment: 'swap work',
    entryTime: FIXTURE_NOW - 100 * S,
    commentId: null,
    phase: { kind: 'waiting' },
  },
];

/** The downtime comment of srv2, the acknowledgement comment and a user comment of srv2's CPU load. */
export const FIXTURE_COMMENTS: readonly Comment[] = [
  {
    id: 1,
    target: { object: 'host', hostName: 'srv2' },
    kind: 'downtime',
    author: '(Watchpost Process)',
    text: 'in downtime',
    at: FIXTURE_NOW - 700 * S,
    persistent: false,
  },
  {
    id: 2,
    target: { object: 'service', hostName: 'srv2', description: 'CPU load' },
    kind: 'acknowledgement',
    author: 'ops',
    text: 'looking',
    at: FIXTURE_NOW - 60 * S,
    persistent: false,
    expires: FIXTURE_NOW + 3600 * S,
  },
  {
    id: 3,
    target: { object: 'service', hostName: 'srv2', description: 'CPU load' },
    kind: 'user',
    author: 'admin',
    text: 'see ticket 7; call ops',
    at: FIXTURE_NOW - 30 * S,
    persistent: true,
  },
];

/** An archived file (a day before) and the current file. */
export const FIXTURE_LOG: Readonly<Record<string, readonly string[]>> = {
  'archive/monitoring-2023-11-13.log': [
    '[1699913600] LOG VERSION: 2',
    '[1699913600] Watchpost starting... (PID=4242)',
    '[1699913700] SERVICE ALERT: srv1;Memory;WARNING;SOFT;1;WARN - 80% used; swap 5%',
  ],
  'monitoring.log': [
    '[1699990000] LOG VERSION: 2',
    '[1699999000] HOST ALERT: srv2;DOWN;HARD;1;CRITICAL - Host unreachable',
    '[1699999100] SERVICE NOTIFICATION: ops;srv2;CPU load;CRITICAL;notify-by-mail;CRIT - load average: 12.00',
    '[1699999200] HOST NOTIFICATION: admin;srv2;ACKNOWLEDGEMENT (DOWN);notify-by-mail;CRITICAL - Host unreachable',
    '[1699999300] PASSIVE SERVICE CHECK: srv2;Disk /;1;WARN - 91% used',
    '[1699999400] EXTERNAL COMMAND: ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;2;1;0;ops;looking',
    '[1699999500] SERVICE FLAPPING ALERT: srv2;CPU load;STARTED; Service appears to have started flapping',
    '[1699999600] CURRENT SERVICE STATE: srv1;CPU load;OK;HARD;1;OK - load average: 0.10',
  ],
};

/** A fresh status source over the fixture. */
export function fixtureSource(): FakeStatusSource {
  const source = new FakeStatusSource({
    configuration: fixtureConfiguration(),
    states: FIXTURE_STATES,
    downtimes: FIXTURE_DOWNTIMES,
    comments: FIXTURE_COMMENTS,
    log: new MemoryLogArchive(FIXTURE_LOG),
  });
  source.set(acknowledgedCpu());
  return source;
}
