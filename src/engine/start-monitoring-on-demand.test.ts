// On-demand host checks through the running engine (Nagios 4 semantics, see
// model/on-demand-checks.ts): a failing host gets its parents checked at once, so that its next
// result can say UNREACHABLE; a failing service gets its host checked; the cache horizon spares
// hosts checked moments ago.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginStatus } from '../model/check-result.js';
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
import { startMonitoring, type MonitoringSettings } from './start-monitoring.js';

interface Run {
  /** `+seconds command line` of every check run. */
  readonly checks: string[];
  /** The alert lines. */
  readonly alerts: string[];
}

async function run(
  yaml: string,
  script: Record<string, PluginStatus[]>,
  seconds: number,
  settings: MonitoringSettings = TEST_SETTINGS,
): Promise<Run> {
  const clock = new ManualClock(START);
  const log = memoryLog();
  const runner = scriptedRunner(script, clock);
  const monitoring = startMonitoring({
    configuration: configurationOf(yaml),
    settings,
    monitoringLog: log,
    clock,
    runPlugin: runner,
  });
  await settle();
  await advance(clock, seconds);
  await monitoring.stop();
  return {
    checks: runner.requests.map((r) => `+${r.at} ${r.request.commandLine}`),
    alerts: log.lines.filter((l) => l.includes('ALERT')),
  };
}

// A server behind a router, both checked every minute: the server's first check at +0, the
// router's at +30 (the start-up spread).
const ROUTED = `commands:
  - {command_name: c, command_line: 'c $HOSTNAME$'}
hosts:
  - host_name: server
    check_command: c
    parents: [router]
    check_interval: 60s
    retry_interval: 10s
    max_check_attempts: 3
  - {host_name: router, check_command: c, check_interval: 60s, max_check_attempts: 1}
`;

test('a failing host has its parents checked at once; its next retry finds them DOWN and says UNREACHABLE', async () => {
  const { checks, alerts } = await run(ROUTED, { 'c server': [2], 'c router': [2] }, 25);
  assert.deepEqual(checks, [
    '+0 c server',
    // On demand: the server failed and its parent is UP as far as anyone knows (not yet checked).
    '+0 c router',
    '+10 c server',
    '+20 c server',
  ]);
  assert.deepEqual(alerts, [
    '+0 HOST ALERT: server;DOWN;SOFT;1;CRITICAL - c server',
    '+0 HOST ALERT: router;DOWN;HARD;1;CRITICAL - c router',
    '+10 HOST ALERT: server;UNREACHABLE;SOFT;2;CRITICAL - c server',
    '+20 HOST ALERT: server;UNREACHABLE;HARD;3;CRITICAL - c server',
  ]);
});

test('a recovered host has its children that are not UP checked at once', async () => {
  const { checks, alerts } = await run(ROUTED, { 'c server': [2, 2, 2, 0], 'c router': [2, 0] }, 65);
  assert.deepEqual(checks.slice(4), [
    '+60 c router',
    // On demand: the router is UP again; the server was UNREACHABLE (its regular check: +80).
    '+60 c server',
  ]);
  assert.deepEqual(alerts.slice(-2), [
    '+60 HOST ALERT: router;UP;HARD;1;OK - c router',
    '+60 HOST ALERT: server;UP;HARD;1;OK - c server',
  ]);
});

test('a parent checked within the cache horizon is not checked again; with a horizon of 0 it is', async () => {
  // The router first (+0), the server 10 s later (+10), every 20 s.
  const yaml = `commands:
  - {command_name: c, command_line: 'c $HOSTNAME$'}
hosts:
  - {host_name: router, check_command: c, check_interval: 20s, max_check_attempts: 1}
  - {host_name: server, check_command: c, parents: [router], check_interval: 20s, retry_interval: 60s, max_check_attempts: 3}
`;
  const script: Record<string, PluginStatus[]> = { 'c router': [0], 'c server': [2] };
  const cached = await run(yaml, script, 12);
  assert.deepEqual(cached.checks, ['+0 c router', '+10 c server']);
  const settings = { ...TEST_SETTINGS, checks: { ...TEST_SETTINGS.checks, cachedHostCheckHorizon: 0 } };
  const uncached = await run(yaml, script, 12, settings);
  assert.deepEqual(uncached.checks, ['+0 c router', '+10 c server', '+10 c router']);
});

test('a parent whose active checks are off is not checked on demand', async () => {
  const yaml = ROUTED.replace('max_check_attempts: 1}', 'max_check_attempts: 1, active_checks_enabled: false}');
  const { checks } = await run(yaml, { 'c server': [2], 'c router': [2] }, 25);
  assert.deepEqual(checks, ['+0 c server', '+10 c server', '+20 c server']);
});

test("a service whose problem changes has its host checked unless the host's result is recent", async () => {
  // The host at +0, the service at +30 (both every minute); the service retries every 10 s.
  const yaml = `commands:
  - {command_name: c, command_line: 'c $HOSTNAME$'}
  - {command_name: cs, command_line: 'c $HOSTNAME$ $SERVICEDESC$'}
hosts:
  - host_name: web
    check_command: c
    check_interval: 60s
    services:
      - {service_description: http, check_command: cs, check_interval: 60s, retry_interval: 10s, max_check_attempts: 3}
`;
  const { checks } = await run(yaml, { 'c web': [0], 'c web http': [2, 2, 1] }, 55);
  assert.deepEqual(checks, [
    '+0 c web',
    '+30 c web http',
    // On demand: OK → CRITICAL, and the host's result is 30 s old.
    '+30 c web',
    // CRITICAL again: no change, no host check.
    '+40 c web http',
    // CRITICAL → WARNING is a change, and the host's result (+30) is 20 s old.
    '+50 c web http',
    '+50 c web',
  ]);
});
