/**
 * One run of a real site: `bin/watchpost start --site-dir DIR` on a generated site (see
 * engine-site-config.ts), measured from outside. Checks per second come from the site's
 * Livestatus `GET status` counter `service_checks` at the start and end of the window; latency
 * from the `latency` column of every service, sampled every few seconds in the window (the
 * same way Nagios' status.dat `check_latency` is sampled); CPU and RSS from /proc.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sendRequest } from '../src/livestatus/socket/send-request.js';
import {
  latencySummary,
  sleep,
  type DaemonFailure,
  type DaemonFigures,
  type DaemonRunOptions,
} from './engine-daemon-figures.js';
import { writeBenchSite } from './engine-site-config.js';
import { WATCHPOST_BIN, WATCHPOST_NODE_OPTIONS } from './watchpost-command.js';
import { TreeSampler, treeWindow } from './engine-tree-sampler.js';

/** Extra node options for the site process, e.g. `--cpu-prof` (empty by default). */
export interface SiteRunOptions extends DaemonRunOptions {
  readonly nodeOptions?: readonly string[];
}

async function query(socket: string, lines: readonly string[]): Promise<unknown> {
  const answer = await sendRequest(
    { kind: 'unix', path: socket },
    `${lines.join('\n')}\nOutputFormat: json\n\n`,
    30_000,
  );
  if (!answer.ok) throw new Error(`Livestatus: ${answer.reason}`);
  return JSON.parse(answer.answer.toString('utf8'));
}

async function serviceChecks(socket: string): Promise<number> {
  const rows = await query(socket, ['GET status', 'Columns: service_checks']);
  const value = Array.isArray(rows) && Array.isArray(rows[0]) ? Number(rows[0][0]) : Number.NaN;
  if (!Number.isFinite(value)) throw new Error('Livestatus: GET status answered no service_checks');
  return value;
}

async function latencies(socket: string, into: number[]): Promise<void> {
  const rows = await query(socket, ['GET services', 'Columns: latency']);
  if (!Array.isArray(rows)) throw new Error('Livestatus: GET services answered no rows');
  for (const row of rows) if (Array.isArray(row)) into.push(Number(row[0]));
}

/** Runs the site; resolves with its figures or why it could not be measured. */
export async function runSite(o: SiteRunOptions): Promise<DaemonFigures | DaemonFailure> {
  const siteDir = join(o.dir, 'site');
  writeBenchSite(siteDir, { services: o.services, intervalSeconds: o.intervalSeconds, commandLine: o.commandLine });
  const socket = join(siteDir, 'run', 'live');
  const launched = performance.now();
  const site = spawn(
    process.execPath,
    [...WATCHPOST_NODE_OPTIONS, ...(o.nodeOptions ?? []), WATCHPOST_BIN, 'start', '--site-dir', siteDir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let said = '';
  site.stderr.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => site.once('close', () => resolve()));
  const running = (): boolean => site.exitCode === null && site.signalCode === null;
  const failure = (why: string): DaemonFailure => ({
    daemon: 'watchpost',
    error: `${why}: ${said.trim().split('\n').slice(-3).join(' / ')}`,
  });
  if (site.pid === undefined) return failure('cannot start the site');
  const sampler = new TreeSampler(site.pid);
  try {
    let startSeconds = Number.NaN;
    while (Number.isNaN(startSeconds)) {
      if (!running()) return failure('the site stopped while starting');
      try {
        await serviceChecks(socket);
        startSeconds = (performance.now() - launched) / 1000;
      } catch {
        await sleep(100);
      }
    }
    o.progress?.(`watchpost: answering after ${startSeconds.toFixed(1)} s; warm-up until ${o.warmupSeconds} s`);
    await sleep(launched + o.warmupSeconds * 1000 - performance.now());
    const checksBefore = await serviceChecks(socket);
    const before = sampler.sample();
    const end = before.at + o.windowSeconds * 1000;
    const samples: number[] = [];
    const every = (o.sampleEverySeconds ?? 10) * 1000;
    for (let next = before.at + every; next < end; next += every) {
      await sleep(next - performance.now());
      await latencies(socket, samples);
    }
    await sleep(end - performance.now());
    const after = sampler.sample();
    const checksAfter = await serviceChecks(socket);
    await latencies(socket, samples);
    if (!running()) return failure('the site stopped during the measurement');
    const window = treeWindow(before, after);
    const checks = checksAfter - checksBefore;
    const latency = latencySummary(samples);
    return {
      daemon: 'watchpost',
      services: o.services,
      intervalSeconds: o.intervalSeconds,
      target: o.services / o.intervalSeconds,
      windowSeconds: window.seconds,
      achieved: checks / window.seconds,
      latencyAvg: latency.avg,
      latencyP99: latency.p99,
      ownCpuPer1000: window.ownMs / checks,
      pluginCpuPer1000: window.pluginMs / checks,
      cores: (window.ownMs + window.pluginMs) / (window.seconds * 1000),
      backgroundCores: window.backgroundCores,
      peakRssMb: sampler.peakRootRss / 2 ** 20,
      peakTreeRssMb: sampler.peakTreeRss / 2 ** 20,
      startSeconds,
    };
  } catch (error) {
    return failure(String(error));
  } finally {
    sampler.stop();
    if (running()) {
      site.kill('SIGTERM');
      const killer = setTimeout(() => site.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
  }
}
