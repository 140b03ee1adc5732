/**
 * A small site for the retention crash test (see retention-crash-site.ts), checked by an
 * in-process fake runner, retention in the directory named by the first argument.
 * It reads commands as JSON lines on stdin (`{"n":1,"command":{...}}`), executes each, and
 * answers on stdout (`{"n":1,"ok":true,"ids":[3]}`) only once retention has made the change
 * durable; a command whose change could not be made durable is answered `"durable":false`. The
 * first line is `{"ready":true,...}` with what was restored, written once monitoring runs. The test kills it with SIGKILL.
 *
 * Usage: node retention-crash-harness.js <var-dir> [compact-after-bytes]
 */
import { createInterface } from 'node:readline';
import { configurationOf, TEST_SETTINGS, resultOf } from '../engine/monitoring-for-tests.js';
import { startMonitoring } from '../engine/start-monitoring.js';
import { systemClock } from '../engine/system-clock.js';
import { openRetention } from '../history/retention/open-retention.js';
import type { MonitoringCommand } from '../model/monitoring-command.js';
import { crashSiteYaml, crashStatusOf } from './retention-crash-site.js';

async function main(): Promise<void> {
  const [dir, compact] = process.argv.slice(2);
  if (dir === undefined) throw new Error('usage: retention-crash-harness <var-dir> [compact-after-bytes]');
  const retention = await openRetention({
    dir,
    clock: systemClock,
    logger: {
      log: (level, message, fields) => process.stderr.write(`${level} ${message} ${JSON.stringify(fields)}\n`),
    },
    ...(compact === undefined ? {} : { compactAfterBytes: Number(compact) }),
  });
  const monitoring = startMonitoring({
    configuration: configurationOf(crashSiteYaml()),
    settings: TEST_SETTINGS,
    monitoringLog: { record: () => undefined, currentState: () => undefined },
    clock: systemClock,
    runPlugin: (request) => {
      const status = crashStatusOf(request.commandLine);
      return Promise.resolve(resultOf(status, status === 0 ? 'OK - fine' : 'CRITICAL - broken'));
    },
    ...(retention.restored === undefined ? {} : { initial: retention.restored }),
  });
  // Commands are taken at once: their answers wait for whatever durability needs (see flush()).
  void retention.attach(monitoring).then((attached) => {
    if (!attached.ok) process.stderr.write(`attach failed: ${attached.error}\n`);
  });
  const restored = retention.restored;
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      problems: retention.problems,
      objects: restored?.objects.length ?? 0,
      downtimes: restored?.downtimes.length ?? 0,
      comments: restored?.comments.length ?? 0,
    })}\n`,
  );
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const { n, command } = JSON.parse(line) as { n: number; command: MonitoringCommand };
    const outcome = monitoring.command(command);
    void retention.flush().then((durable) => {
      const answer = durable.ok ? { n, ...outcome } : { n, durable: false, error: durable.error };
      process.stdout.write(`${JSON.stringify(answer)}\n`);
    });
  });
  input.on('close', () => {
    void monitoring
      .stop()
      .then(() => retention.close())
      .then(() => process.exit(0));
  });
}

await main();
