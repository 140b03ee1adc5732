// Event handlers through the running engine: the handler's command line goes through the same
// plugin runner as checks, on SOFT problems, HARD changes and recoveries, and is logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from './manual-clock.js';
import {
  START,
  TEST_SETTINGS,
  advance,
  configurationOf,
  memoryLog,
  scriptedRunner,
  settle,
} from './monitoring-for-tests.js';
import type { MonitoringSettings } from './start-monitoring.js';
import { startMonitoring } from './start-monitoring.js';

const SITE = `commands:
  - {command_name: check-web, command_line: 'check_web -p $ARG1$'}
  - {command_name: check-alive, command_line: 'check_alive $HOSTNAME$'}
  - {command_name: restart-web, command_line: 'restart $HOSTNAME$ "$SERVICEDESC$" $SERVICESTATE$ $SERVICESTATETYPE$ $SERVICEATTEMPT$ $ARG1$'}
  - {command_name: wake-host, command_line: 'wake $HOSTNAME$ $HOSTSTATE$ $HOSTSTATETYPE$ $HOSTATTEMPT$'}
hosts:
  - host_name: web01
    check_command: check-alive
    check_interval: 60s
    retry_interval: 10s
    max_check_attempts: 2
    event_handler: wake-host
    services:
      - service_description: HTTP
        check_command: check-web!80
        check_interval: 60s
        retry_interval: 10s
        max_check_attempts: 3
        event_handler: restart-web!fast
`;

async function run(settings: MonitoringSettings, site = SITE): Promise<{ lines: string[]; handlers: string[] }> {
  const clock = new ManualClock(START);
  const log = memoryLog();
  const runner = scriptedRunner(
    {
      'check_alive web01': [0, 0, 0, 0, 2, 2, 2, 2, 0],
      'check_web -p 80': [0, 2, 2, 2, 2, 0],
    },
    clock,
  );
  const monitoring = startMonitoring({
    configuration: configurationOf(site),
    settings,
    monitoringLog: log,
    clock,
    runPlugin: runner,
  });
  await settle();
  await advance(clock, 600);
  await monitoring.stop();
  const handlers = runner.requests
    .filter((r) => !r.request.commandLine.startsWith('check_'))
    .map((r) => {
      assert.equal(r.request.timeoutSeconds, settings.checks.timeout);
      return `+${r.at} ${r.request.commandLine}`;
    });
  return { lines: log.lines.filter((line) => !line.includes('CURRENT')), handlers };
}

test('event handlers run on SOFT problems, HARD changes and recoveries with macros expanded, and are logged', async () => {
  const { lines, handlers } = await run(TEST_SETTINGS);
  assert.deepEqual(lines, [
    '+90 SERVICE ALERT: web01;HTTP;CRITICAL;SOFT;1;CRITICAL - check_web -p 80',
    '+90 SERVICE EVENT HANDLER: web01;HTTP;CRITICAL;SOFT;1;restart-web!fast',
    '+100 SERVICE ALERT: web01;HTTP;CRITICAL;SOFT;2;CRITICAL - check_web -p 80',
    '+100 SERVICE EVENT HANDLER: web01;HTTP;CRITICAL;SOFT;2;restart-web!fast',
    '+110 SERVICE ALERT: web01;HTTP;CRITICAL;HARD;3;CRITICAL - check_web -p 80',
    '+110 SERVICE EVENT HANDLER: web01;HTTP;CRITICAL;HARD;3;restart-web!fast',
    // The repeated HARD CRITICAL at +170 runs no handler. The host was checked on demand when
    // HTTP failed at +90, so its regular checks run at +150, +210, ...
    '+210 HOST ALERT: web01;DOWN;SOFT;1;CRITICAL - check_alive web01',
    '+210 HOST EVENT HANDLER: web01;DOWN;SOFT;1;wake-host',
    '+220 HOST ALERT: web01;DOWN;HARD;2;CRITICAL - check_alive web01',
    '+220 HOST EVENT HANDLER: web01;DOWN;HARD;2;wake-host',
    '+230 SERVICE ALERT: web01;HTTP;OK;HARD;1;OK - check_web -p 80',
    '+230 SERVICE EVENT HANDLER: web01;HTTP;OK;HARD;1;restart-web!fast',
    '+400 HOST ALERT: web01;UP;HARD;1;OK - check_alive web01',
    '+400 HOST EVENT HANDLER: web01;UP;HARD;1;wake-host',
  ]);
  assert.deepEqual(handlers, [
    '+90 restart web01 "HTTP" CRITICAL SOFT 1 fast',
    '+100 restart web01 "HTTP" CRITICAL SOFT 2 fast',
    '+110 restart web01 "HTTP" CRITICAL HARD 3 fast',
    '+210 wake web01 DOWN SOFT 1',
    '+220 wake web01 DOWN HARD 2',
    '+230 restart web01 "HTTP" OK HARD 1 fast',
    '+400 wake web01 UP HARD 1',
  ]);
});

test('event handlers do not run with the global switch off', async () => {
  const { lines, handlers } = await run({
    ...TEST_SETTINGS,
    eventHandlers: { ...TEST_SETTINGS.eventHandlers, enabled: false },
  });
  assert.deepEqual(handlers, []);
  assert.ok(lines.every((line) => !line.includes('EVENT HANDLER')));
  assert.ok(lines.some((line) => line.includes('SERVICE ALERT')));
});

test('an object with its event handler switched off runs none; the others still run', async () => {
  const site = SITE.replace(
    'event_handler: restart-web!fast',
    'event_handler: restart-web!fast\n        event_handler_enabled: false',
  );
  const { lines, handlers } = await run(TEST_SETTINGS, site);
  assert.deepEqual(handlers, [
    '+210 wake web01 DOWN SOFT 1',
    '+220 wake web01 DOWN HARD 2',
    '+400 wake web01 UP HARD 1',
  ]);
  assert.ok(lines.every((line) => !line.includes('SERVICE EVENT HANDLER')));
});

// Handlers that print the macros Nagios passes for the state change they run for.
const MACROS = `commands:
  - {command_name: check, command_line: 'check $HOSTNAME$ $SERVICEDESC$'}
  - {command_name: show, command_line: 'show $SERVICEDESC$ $SERVICESTATE$ $SERVICESTATETYPE$ $SERVICEATTEMPT$ $LASTSERVICESTATE$'}
  - {command_name: show-host, command_line: 'show-host $HOSTSTATE$ $HOSTSTATETYPE$ $HOSTATTEMPT$ $LASTHOSTSTATE$'}
  - {command_name: log-all, command_line: 'log-all $HOSTNAME$ $SERVICEDESC$ $SERVICESTATETYPE$ $ARG1$'}
hosts:
  - host_name: a
    services:
      - {service_description: soft, check_command: check, check_interval: 60s, retry_interval: 10s, max_check_attempts: 3, event_handler: show}
      - {service_description: hard, check_command: check, check_interval: 60s, retry_interval: 10s, max_check_attempts: 3, event_handler: show}
  - {host_name: h, check_command: check, check_interval: 60s, retry_interval: 10s, max_check_attempts: 3, event_handler: show-host}
`;

async function handlerLines(settings: MonitoringSettings, site = MACROS): Promise<{ lines: string[]; runs: string[] }> {
  const clock = new ManualClock(START);
  const log = memoryLog();
  const runner = scriptedRunner(
    { 'check a soft': [0, 2, 2, 0], 'check a hard': [0, 2, 2, 2, 0], 'check h $SERVICEDESC$': [0, 2, 2, 0] },
    clock,
  );
  const monitoring = startMonitoring({
    configuration: configurationOf(site),
    settings,
    monitoringLog: log,
    clock,
    runPlugin: runner,
  });
  await settle();
  await advance(clock, 300);
  await monitoring.stop();
  return {
    lines: log.lines.filter((line) => line.includes('EVENT HANDLER')).map((line) => line.replace(/^\+\d+ /, '')),
    runs: runner.requests.map((r) => r.request.commandLine).filter((line) => !line.startsWith('check ')),
  };
}

test('handlers get the macros Nagios passes: a SOFT recovery is SOFT at the next attempt (a host: 1), a HARD one HARD 1', async () => {
  const { runs } = await handlerLines(TEST_SETTINGS);
  assert.deepEqual(
    runs.filter((line) => line.startsWith('show soft')),
    [
      'show soft CRITICAL SOFT 1 OK',
      'show soft CRITICAL SOFT 2 CRITICAL',
      // The SOFT recovery: OK, but still SOFT, at the attempt Nagios logs (`OK;SOFT;3`).
      'show soft OK SOFT 3 CRITICAL',
    ],
  );
  assert.deepEqual(
    runs.filter((line) => line.startsWith('show hard')),
    [
      'show hard CRITICAL SOFT 1 OK',
      'show hard CRITICAL SOFT 2 CRITICAL',
      'show hard CRITICAL HARD 3 CRITICAL',
      'show hard OK HARD 1 CRITICAL',
    ],
  );
  assert.deepEqual(
    runs.filter((line) => line.startsWith('show-host')),
    ['show-host DOWN SOFT 1 UP', 'show-host DOWN SOFT 2 DOWN', 'show-host UP SOFT 1 DOWN'],
  );
});

test('global event handlers run before the object’s own, whatever the object’s switch, and are logged as GLOBAL', async () => {
  const settings: MonitoringSettings = {
    ...TEST_SETTINGS,
    eventHandlers: { enabled: true, globalHost: 'log-all!hosts', globalService: 'log-all!everything' },
  };
  const site = MACROS.replace(
    'max_check_attempts: 3, event_handler: show}\n      - {service_description: hard',
    'max_check_attempts: 3, event_handler: show, event_handler_enabled: false}\n      - {service_description: hard',
  );
  const { lines, runs } = await handlerLines(settings, site);
  assert.deepEqual(
    runs.filter((line) => line.includes(' soft ') || line.startsWith('show soft')),
    ['log-all a soft SOFT everything', 'log-all a soft SOFT everything', 'log-all a soft SOFT everything'],
  );
  const hard = runs.filter((line) => line.includes(' hard '));
  assert.deepEqual(hard.slice(0, 2), ['log-all a hard SOFT everything', 'show hard CRITICAL SOFT 1 OK']);
  assert.deepEqual(lines.filter((line) => line.includes('a;hard')).slice(0, 2), [
    'GLOBAL SERVICE EVENT HANDLER: a;hard;CRITICAL;SOFT;1;log-all!everything',
    'SERVICE EVENT HANDLER: a;hard;CRITICAL;SOFT;1;show',
  ]);
  assert.deepEqual(lines.filter((line) => line.includes('HOST EVENT HANDLER')).slice(0, 2), [
    'GLOBAL HOST EVENT HANDLER: h;DOWN;SOFT;1;log-all!hosts',
    'HOST EVENT HANDLER: h;DOWN;SOFT;1;show-host',
  ]);
  assert.ok(runs.includes('log-all h $SERVICEDESC$ $SERVICESTATETYPE$ hosts'), 'service macros stay as written');
  const off = await handlerLines({ ...settings, eventHandlers: { ...settings.eventHandlers, enabled: false } }, site);
  assert.deepEqual(off.runs, []);
});
