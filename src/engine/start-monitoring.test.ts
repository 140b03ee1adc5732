import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginRequest } from '../model/check-result.js';
import { ManualClock } from './manual-clock.js';
import {
  START,
  TEST_SETTINGS as SETTINGS,
  advance,
  configurationOf as configuration,
  memoryLog,
  resultOf,
  scriptedRunner,
  settle,
} from './monitoring-for-tests.js';
import type { RunPlugin } from './ports.js';
import { startMonitoring } from './start-monitoring.js';

test('startMonitoring() logs every object at start, checks hosts and services and logs SOFT and HARD changes', async () => {
  const config = configuration(`commands:
  - {command_name: check-web, command_line: 'check_web -H $HOSTADDRESS$ -p $ARG1$ -s "$SERVICEDESC$"'}
  - {command_name: check-alive, command_line: 'check_alive $HOSTNAME$'}
hosts:
  - host_name: web01
    address: 192.0.2.1
    check_command: check-alive
    check_interval: 60s
    services:
      - service_description: HTTP
        check_command: check-web!80
        check_interval: 60s
        retry_interval: 10s
        max_check_attempts: 3
  - host_name: plain
`);
  const clock = new ManualClock(START);
  const log = memoryLog();
  const runner = scriptedRunner({
    'check_alive web01': [0],
    'check_web -H 192.0.2.1 -p 80 -s "HTTP"': [0, 2, 2, 2, 2, 0],
  });
  const monitoring = startMonitoring({
    configuration: config,
    settings: SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: runner,
  });
  await settle();
  await advance(clock, 300);
  await monitoring.stop();

  assert.deepEqual(log.lines, [
    '+0 CURRENT HOST STATE: web01;UP;HARD;1;',
    '+0 CURRENT HOST STATE: plain;UP;HARD;1;',
    '+0 CURRENT SERVICE STATE: web01;HTTP;OK;HARD;1;',
    // Three objects of one minute start 20 s apart; the service retries every 10 s while SOFT.
    '+100 SERVICE ALERT: web01;HTTP;CRITICAL;SOFT;1;CRITICAL - check_web -H 192.0.2.1 -p 80 -s "HTTP"',
    '+110 SERVICE ALERT: web01;HTTP;CRITICAL;SOFT;2;CRITICAL - check_web -H 192.0.2.1 -p 80 -s "HTTP"',
    '+120 SERVICE ALERT: web01;HTTP;CRITICAL;HARD;3;CRITICAL - check_web -H 192.0.2.1 -p 80 -s "HTTP"',
    '+240 SERVICE ALERT: web01;HTTP;OK;HARD;1;OK - check_web -H 192.0.2.1 -p 80 -s "HTTP"',
  ]);
  const states = monitoring.states();
  assert.equal(states.size, 3);
  const plain = states.get('plain');
  assert.equal(plain?.state.kind, 'ok');
  assert.equal(plain?.state.kind === 'ok' ? plain.state.output : '', 'no check command');
  const http = states.get('web01;HTTP');
  assert.equal(http?.object, 'service');
  assert.equal(http?.state.kind, 'ok');
  assert.equal(http?.state.kind === 'ok' ? http.state.lastHardStateChange : 0, START + 240_000);
});

test('startMonitoring() spreads the first checks and follows check and retry intervals', async () => {
  const config = configuration(`commands:
  - {command_name: c, command_line: 'c $SERVICEDESC$'}
hosts:
  - host_name: h
    active_checks_enabled: false
    services:
      - {service_description: a, check_command: c, check_interval: 40s, retry_interval: 5s, max_check_attempts: 2}
      - {service_description: b, check_command: c, check_interval: 40s}
      - {service_description: c, check_command: c, check_interval: 40s}
      - {service_description: d, check_command: c, check_interval: 40s}
`);
  const clock = new ManualClock(START);
  const runner = scriptedRunner({ 'c a': [2], 'c b': [0], 'c c': [0], 'c d': [0] });
  const times: string[] = [];
  const timed: RunPlugin = (request) => {
    times.push(`${(clock.now() - START) / 1000} ${request.commandLine}`);
    return runner(request);
  };
  const monitoring = startMonitoring({
    configuration: config,
    settings: SETTINGS,
    monitoringLog: memoryLog(),
    clock,
    runPlugin: timed,
  });
  await settle();
  await advance(clock, 90);
  await monitoring.stop();
  assert.deepEqual(times, [
    '0 c a',
    '5 c a',
    '10 c b',
    '20 c c',
    '30 c d',
    '45 c a',
    '50 c b',
    '60 c c',
    '70 c d',
    '85 c a',
    '90 c b',
  ]);
});

test('startMonitoring() never runs more checks at once than checks.max_concurrent', async () => {
  const services = Array.from({ length: 6 }, (_, i) => `      - {service_description: s${i}, check_command: c}`).join(
    '\n',
  );
  const config = configuration(`commands:
  - {command_name: c, command_line: 'c $SERVICEDESC$'}
hosts:
  - host_name: h
    active_checks_enabled: false
    services:
${services}
`);
  const clock = new ManualClock(START);
  const pending: (() => void)[] = [];
  let running = 0;
  let most = 0;
  const slow: RunPlugin = () =>
    new Promise((resolve) => {
      running++;
      most = Math.max(most, running);
      pending.push(() => {
        running--;
        resolve(resultOf(0, 'ok'));
      });
    });
  const settings = { ...SETTINGS, checks: { ...SETTINGS.checks, maxConcurrent: 2 } };
  const monitoring = startMonitoring({
    configuration: config,
    settings,
    monitoringLog: memoryLog(),
    clock,
    runPlugin: slow,
  });
  await advance(clock, 59);
  assert.equal(running, 2);
  let finished = 0;
  while (pending.length > 0 && finished < 20) {
    pending.shift()?.();
    finished++;
    await settle();
  }
  assert.equal(most, 2);
  assert.equal(finished, 6, 'every due check ran once the slots freed');
  await monitoring.stop();
});

test('startMonitoring() makes a host UNREACHABLE when all its parents are DOWN', async () => {
  const config = configuration(`commands:
  - {command_name: c, command_line: 'c $HOSTNAME$'}
hosts:
  - {host_name: router, check_command: c}
  - {host_name: switch, check_command: c}
  - {host_name: behind, check_command: c, parents: [router]}
  - {host_name: twice, check_command: c, parents: [router, switch]}
`);
  const clock = new ManualClock(START);
  const log = memoryLog();
  const runner = scriptedRunner({ 'c router': [2], 'c switch': [0], 'c behind': [2], 'c twice': [2] });
  const monitoring = startMonitoring({
    configuration: config,
    settings: SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: runner,
  });
  await settle();
  await advance(clock, 60);
  await monitoring.stop();
  const alerts = log.lines.filter((l) => l.includes('ALERT'));
  // The router's failure checks its children at once (Nagios propagates checks to them); `twice`
  // still has a parent that is UP (not yet checked), so it is DOWN.
  assert.deepEqual(alerts, [
    '+0 HOST ALERT: router;DOWN;HARD;1;CRITICAL - c router',
    '+0 HOST ALERT: behind;UNREACHABLE;HARD;1;CRITICAL - c behind',
    '+0 HOST ALERT: twice;DOWN;HARD;1;CRITICAL - c twice',
  ]);
});

test('startMonitoring() passes timeout settings, survives a failing runner, and skips other sites', async () => {
  const config = configuration(`commands:
  - {command_name: c, command_line: 'c $HOSTNAME$'}
hosts:
  - {host_name: local, check_command: c}
  - {host_name: remote, check_command: c, site: elsewhere}
  - {host_name: ours, check_command: c, site: here}
`);
  const clock = new ManualClock(START);
  const log = memoryLog();
  const requests: PluginRequest[] = [];
  const failing: RunPlugin = (request) => {
    requests.push(request);
    return Promise.reject(new Error('runner broke'));
  };
  const settings = { ...SETTINGS, checks: { ...SETTINGS.checks, timeout: 7, timeoutState: 'critical' as const } };
  const logged: string[] = [];
  const monitoring = startMonitoring({
    configuration: config,
    settings,
    monitoringLog: log,
    clock,
    runPlugin: failing,
    logger: { log: (level, message) => logged.push(`${level} ${message}`) },
  });
  await settle();
  await advance(clock, 40);
  await monitoring.stop();
  assert.deepEqual([...monitoring.states().keys()], ['local', 'ours']);
  assert.deepEqual(
    requests.map((r) => [r.commandLine, r.timeoutSeconds, r.timeoutStatus]),
    [
      ['c local', 7, 2],
      ['c ours', 7, 2],
    ],
  );
  assert.ok(
    log.lines.includes('+0 HOST ALERT: local;DOWN;HARD;1;UNKNOWN - the check could not be run: Error: runner broke'),
  );
  assert.ok(logged.includes('error plugin runner failed'));
});

test('startMonitoring() runs no checks when active checks are off', async () => {
  const config = configuration(`commands:
  - {command_name: c, command_line: c}
hosts:
  - {host_name: h, check_command: c}
`);
  const clock = new ManualClock(START);
  const runner = scriptedRunner({ c: [0] });
  const settings = { ...SETTINGS, checks: { ...SETTINGS.checks, active: false } };
  const monitoring = startMonitoring({
    configuration: config,
    settings,
    monitoringLog: memoryLog(),
    clock,
    runPlugin: runner,
  });
  await advance(clock, 120);
  await monitoring.stop();
  assert.equal(runner.requests.length, 0);
  assert.equal(monitoring.states().get('h')?.state.kind, 'pending');
  assert.equal(clock.pendingTimers, 0);
});

test('stop() aborts running checks, waits for them, and nothing runs afterwards', async () => {
  const config = configuration(`commands:
  - {command_name: c, command_line: c}
hosts:
  - {host_name: h, check_command: c, check_interval: 10s}
`);
  const clock = new ManualClock(START);
  let aborted = 0;
  let calls = 0;
  const hanging: RunPlugin = (request) => {
    calls++;
    return new Promise((resolve) =>
      request.signal?.addEventListener('abort', () => {
        aborted++;
        resolve(resultOf(3, 'aborted'));
      }),
    );
  };
  const log = memoryLog();
  const monitoring = startMonitoring({
    configuration: config,
    settings: SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: hanging,
  });
  await settle();
  assert.equal(calls, 1);
  await monitoring.stop();
  assert.equal(aborted, 1);
  await advance(clock, 60);
  assert.equal(calls, 1);
  assert.equal(clock.pendingTimers, 0);
  assert.equal(monitoring.states().get('h')?.state.kind, 'pending', 'a result after stop is not applied');
  assert.deepEqual(
    log.lines.filter((l) => l.includes('ALERT')),
    [],
  );
});
