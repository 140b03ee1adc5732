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
    '+90 SERVICE EVENT HANDLER: web01;HTTP;CRITICAL;SOFT;1;restart-web',
    '+100 SERVICE ALERT: web01;HTTP;CRITICAL;SOFT;2;CRITICAL - check_web -p 80',
    '+100 SERVICE EVENT HANDLER: web01;HTTP;CRITICAL;SOFT;2;restart-web',
    '+110 SERVICE ALERT: web01;HTTP;CRITICAL;HARD;3;CRITICAL - check_web -p 80',
    '+110 SERVICE EVENT HANDLER: web01;HTTP;CRITICAL;HARD;3;restart-web',
    // The repeated HARD CRITICAL at +170 runs no handler. The host was checked on demand when
    // HTTP failed at +90, so its regular checks run at +150, +210, ...
    '+210 HOST ALERT: web01;DOWN;SOFT;1;CRITICAL - check_alive web01',
    '+210 HOST EVENT HANDLER: web01;DOWN;SOFT;1;wake-host',
    '+220 HOST ALERT: web01;DOWN;HARD;2;CRITICAL - check_alive web01',
    '+220 HOST EVENT HANDLER: web01;DOWN;HARD;2;wake-host',
    '+230 SERVICE ALERT: web01;HTTP;OK;HARD;1;OK - check_web -p 80',
    '+230 SERVICE EVENT HANDLER: web01;HTTP;OK;HARD;1;restart-web',
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
