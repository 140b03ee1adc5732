import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitoringLogPath, openMonitoringLog } from './monitoring-log.js';

const clock = { now: () => 1_700_000_000_000 };

test('openMonitoringLog() appends start lines, states, alerts, events and external commands to log/monitoring.log', async (t) => {
  const siteDir = mkdtempSync(join(tmpdir(), 'watchpost-log-'));
  t.after(() => rmSync(siteDir, { recursive: true, force: true }));
  const log = await openMonitoringLog({ siteDir, pid: 4242, clock, flushIntervalMs: 60_000 });
  log.currentState({ object: 'host', hostName: 'h', state: { kind: 'pending' } }, 1_700_000_000_000);
  log.stateChange({
    object: 'service',
    hostName: 'h',
    description: 's',
    event: {
      kind: 'state-change',
      problem: 'critical',
      previous: null,
      stateType: 'soft',
      attempt: 1,
      hard: false,
      output: 'down',
      at: 1_700_000_005_000,
    },
  });
  log.record({
    kind: 'flapping-disabled',
    at: 1_700_000_006_000,
    target: { object: 'host', hostName: 'h' },
  });
  log.record({ kind: 'switch-change', at: 1_700_000_006_000, scope: 'global', name: 'notifications', enabled: false });
  log.externalCommand('DISABLE_NOTIFICATIONS', 1_700_000_006_000);
  // Buffered: nothing is written before a flush.
  assert.equal(readFileSync(monitoringLogPath(siteDir), 'utf8'), '');
  await log.flush();
  const expected = [
    '[1700000000] LOG VERSION: 2',
    '[1700000000] Watchpost starting... (PID=4242)',
    '[1700000000] CURRENT HOST STATE: h;UP;HARD;1;',
    '[1700000005] SERVICE ALERT: h;s;CRITICAL;SOFT;1;down',
    '[1700000006] HOST FLAPPING ALERT: h;DISABLED; Flap detection has been disabled',
    '[1700000006] EXTERNAL COMMAND: DISABLE_NOTIFICATIONS',
    '',
  ].join('\n');
  assert.equal(readFileSync(monitoringLogPath(siteDir), 'utf8'), expected);
  await log.close();
  await log.close();

  // A second start appends to the same file.
  const again = await openMonitoringLog({ siteDir, pid: 4243, clock });
  await again.close();
  assert.match(
    readFileSync(monitoringLogPath(siteDir), 'utf8'),
    /DISABLE_NOTIFICATIONS\n.*LOG VERSION: 2\n.*\(PID=4243\)\n$/,
  );
});

test('openMonitoringLog() flushes on its own within the flush interval', async (t) => {
  const siteDir = mkdtempSync(join(tmpdir(), 'watchpost-log-'));
  t.after(() => rmSync(siteDir, { recursive: true, force: true }));
  const log = await openMonitoringLog({ siteDir, pid: 1, clock, flushIntervalMs: 50 });
  t.after(() => log.close());
  const deadline = Date.now() + 2000;
  while (readFileSync(monitoringLogPath(siteDir), 'utf8') === '' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.match(readFileSync(monitoringLogPath(siteDir), 'utf8'), /LOG VERSION: 2/);
});
