// One check, end to end, with nothing faked: real Monitoring Plugins run by the process runner,
// states applied by the engine on the system clock, alerts written to a real monitoring log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePlugin, PLUGIN_DIR } from '../checks/process/plugins-for-tests.js';
import { runPlugin } from '../checks/process/run-plugin.js';
import { monitoringLogPath, openMonitoringLog } from '../history/monitoring-log.js';
import { buildFromYaml } from '../testing/build-from-yaml.js';
import { TEST_SETTINGS } from './monitoring-for-tests.js';
import { startMonitoring, type Monitoring } from './start-monitoring.js';
import { systemClock } from './system-clock.js';

async function waitFor(what: string, condition: () => boolean, explain: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function kindOf(monitoring: Monitoring, key: string): string {
  const state = monitoring.states().get(key)?.state;
  if (state === undefined) return 'missing';
  return state.kind === 'soft-problem' || state.kind === 'hard-problem' ? `${state.kind} ${state.problem}` : state.kind;
}

test('monitoring with real plugins: check_dummy states, and check_tcp going CRITICAL when its port closes', async (t) => {
  requirePlugin('check_dummy', 'monitoring-plugins-basic');
  requirePlugin('check_tcp', 'monitoring-plugins-basic');
  const siteDir = mkdtempSync(join(tmpdir(), 'watchpost-site-'));
  t.after(() => rmSync(siteDir, { recursive: true, force: true }));

  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let serverOpen = true;
  t.after(() => {
    if (serverOpen) server.close();
  });

  const { configuration, errors } = buildFromYaml({
    'a.yaml': `commands:
  - {command_name: check-dummy, command_line: '$USER1$/check_dummy $ARG1$ "$ARG2$"'}
  - {command_name: check-tcp, command_line: '$USER1$/check_tcp -H $HOSTADDRESS$ -p $ARG1$'}
hosts:
  - host_name: localhost
    address: 127.0.0.1
    check_command: check-dummy!0!alive
    check_interval: 1s
    services:
      - {service_description: dummy 0, check_command: check-dummy!0!fine, check_interval: 1s}
      - {service_description: dummy 1, check_command: check-dummy!1!so-so, check_interval: 1s}
      - {service_description: dummy 2, check_command: check-dummy!2!bad, check_interval: 1s}
      - {service_description: dummy 3, check_command: check-dummy!3!unsure, check_interval: 1s}
      - {service_description: TCP, check_command: check-tcp!${port}, check_interval: 1s, retry_interval: 1s, max_check_attempts: 2}
`,
  });
  assert.deepEqual(errors, []);
  const monitoringLog = await openMonitoringLog({ siteDir, pid: 99, clock: systemClock, flushIntervalMs: 100 });
  const monitoring = startMonitoring({
    configuration: { ...configuration, userMacros: new Map([[1, PLUGIN_DIR]]) },
    settings: {
      ...TEST_SETTINGS,
      site: 'test',
      checks: { ...TEST_SETTINGS.checks, maxConcurrent: 4, timeout: 10 },
    },
    monitoringLog,
    clock: systemClock,
    runPlugin,
  });
  try {
    const expected: Record<string, string> = {
      localhost: 'ok',
      'localhost;dummy 0': 'ok',
      'localhost;dummy 1': 'hard-problem warning',
      'localhost;dummy 2': 'hard-problem critical',
      'localhost;dummy 3': 'hard-problem unknown',
      'localhost;TCP': 'ok',
    };
    const states = (): string =>
      JSON.stringify(Object.fromEntries(Object.keys(expected).map((k) => [k, kindOf(monitoring, k)])));
    await waitFor(
      'the first results',
      () => Object.entries(expected).every(([key, kind]) => kindOf(monitoring, key) === kind),
      states,
    );
    const tcp = monitoring.states().get('localhost;TCP')?.state;
    assert.ok(tcp?.kind === 'ok');
    assert.match(tcp.output, new RegExp(`^TCP OK - [0-9.]+ second response time on 127\\.0\\.0\\.1 port ${port}$`));
    assert.match(tcp.perfdata, /^time=[0-9.]+s;/);
    const dummy = monitoring.states().get('localhost;dummy 1')?.state;
    assert.equal(dummy?.kind === 'hard-problem' ? dummy.output : '', 'WARNING: so-so');

    await new Promise<void>((resolve) => server.close(() => resolve()));
    serverOpen = false;
    await waitFor(
      'TCP to go CRITICAL HARD',
      () => kindOf(monitoring, 'localhost;TCP') === 'hard-problem critical',
      states,
    );
  } finally {
    await monitoring.stop();
    await monitoringLog.close();
  }

  const log = readFileSync(monitoringLogPath(siteDir), 'utf8');
  assert.match(log, /^\[\d+\] LOG VERSION: 2\n\[\d+\] Watchpost starting\.\.\. \(PID=99\)\n/);
  assert.match(log, /\] CURRENT SERVICE STATE: localhost;TCP;OK;HARD;1;\n/);
  assert.match(log, /\] SERVICE ALERT: localhost;dummy 2;CRITICAL;HARD;1;CRITICAL: bad\n/);
  assert.match(
    log,
    /\] SERVICE ALERT: localhost;TCP;CRITICAL;SOFT;1;connect to address 127\.0\.0\.1 and port \d+: Connection refused\n/,
  );
  assert.match(
    log,
    /\] SERVICE ALERT: localhost;TCP;CRITICAL;HARD;2;connect to address 127\.0\.0\.1 and port \d+: Connection refused\n/,
  );
});
