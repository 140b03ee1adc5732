/**
 * One run of Nagios 4 (Debian `nagios4`) on the engine benchmarks' configuration, measured the
 * way the project's performance reference measures it: the daemon runs in the foreground as the
 * non-root user `nagios` from a private directory with its own nagios.cfg (never the system
 * service), `interval_length=1`, `max_service_check_spread` = the interval, notifications, event
 * handlers, flap detection, performance data and environment macros off, status.dat every 10 s.
 *
 * Checks per second: `active_scheduled_service_check_stats` of status.dat (checks in the last
 * minute), averaged over the samples whose minute lies inside the window (the last sample when
 * the window is shorter than a minute). Latency: `check_latency` of every service, sampled from
 * status.dat every 10 s in the window. CPU and RSS from /proc: the core and its workers; the
 * plugins the workers reaped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  latencySummary,
  sleep,
  type DaemonFailure,
  type DaemonFigures,
  type DaemonRunOptions,
} from './engine-daemon-figures.js';
import { nagiosBenchObjects } from './engine-site-config.js';
import { TreeSampler, treeWindow } from './engine-tree-sampler.js';

/** The user Nagios runs as (created by the Debian package). */
export const NAGIOS_USER = 'nagios';
const STATUS_EVERY_SECONDS = 10;

/** The Nagios 4 binary, or `null` with the package to install. */
export function findNagios(): string | null {
  for (const path of ['/usr/sbin/nagios4', '/usr/local/nagios/bin/nagios']) if (existsSync(path)) return path;
  return null;
}

function userIds(name: string): { uid: number; gid: number } | null {
  const answer = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const group = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  const uid = Number(answer.stdout.trim());
  const gid = Number(group.stdout.trim());
  return answer.status === 0 && group.status === 0 && uid > 0 ? { uid, gid } : null;
}

function mainConfig(dir: string, intervalSeconds: number): string {
  const at = (name: string): string => join(dir, name);
  return [
    `log_file=${at('nagios.log')}`,
    `cfg_file=${at('objects.cfg')}`,
    `object_cache_file=${at('objects.cache')}`,
    `precached_object_file=${at('objects.precache')}`,
    `status_file=${at('status.dat')}`,
    `status_update_interval=${STATUS_EVERY_SECONDS}`,
    `nagios_user=${NAGIOS_USER}`,
    `nagios_group=${NAGIOS_USER}`,
    'check_external_commands=0',
    `command_file=${at('nagios.cmd')}`,
    `lock_file=${at('nagios.lock')}`,
    `temp_file=${at('nagios.tmp')}`,
    `temp_path=${dir}`,
    'retain_state_information=0',
    `state_retention_file=${at('retention.dat')}`,
    `check_result_path=${at('checkresults')}`,
    'interval_length=1',
    `max_service_check_spread=${intervalSeconds}`,
    'execute_host_checks=0',
    'enable_notifications=0',
    'enable_event_handlers=0',
    'enable_flap_detection=0',
    'enable_environment_macros=0',
    'process_performance_data=0',
    'use_syslog=0',
    'log_initial_states=0',
    '',
  ].join('\n');
}

/** What one status.dat says: the checks of the last minute and every service's latency. */
export interface NagiosStatus {
  readonly checksLastMinute: number;
  readonly latencies: readonly number[];
}

/** Reads the parts of status.dat the benchmark needs; `null` while the file is not there. */
export function readNagiosStatus(path: string): NagiosStatus | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  let checksLastMinute = Number.NaN;
  const latencies: number[] = [];
  let block = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.endsWith('{')) block = trimmed.slice(0, -1).trim();
    else if (trimmed.startsWith('active_scheduled_service_check_stats=')) {
      checksLastMinute = Number(trimmed.slice(trimmed.indexOf('=') + 1).split(',')[0]);
    } else if (block === 'servicestatus' && trimmed.startsWith('check_latency=')) {
      latencies.push(Number(trimmed.slice('check_latency='.length)));
    }
  }
  return { checksLastMinute, latencies };
}

/** Runs Nagios 4; resolves with its figures or why it could not be measured. */
export async function runNagios(o: DaemonRunOptions): Promise<DaemonFigures | DaemonFailure> {
  const failed = (error: string): DaemonFailure => ({ daemon: 'nagios4', error });
  const binary = findNagios();
  if (binary === null) return failed('nagios4 is not installed: install the Debian package nagios4-core');
  const ids = userIds(NAGIOS_USER);
  if (ids === null) return failed(`there is no user ${NAGIOS_USER}: install the Debian package nagios4-core`);
  const dir = join(o.dir, 'nagios');
  mkdirSync(join(dir, 'checkresults'), { recursive: true });
  writeFileSync(join(dir, 'nagios.cfg'), mainConfig(dir, o.intervalSeconds));
  writeFileSync(
    join(dir, 'objects.cfg'),
    nagiosBenchObjects({ services: o.services, intervalSeconds: o.intervalSeconds, commandLine: o.commandLine }),
  );
  // The private directory belongs to the nagios user; the directories above only let it pass.
  spawnSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dir]);
  for (let up = dirname(dir); up !== dirname(up) && up !== tmpdir(); up = dirname(up)) chmodSync(up, 0o755);
  const statusFile = join(dir, 'status.dat');
  const launched = performance.now();
  const daemon = spawn(binary, [join(dir, 'nagios.cfg')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: ids.uid,
    gid: ids.gid,
    cwd: dir,
  });
  let said = '';
  const keep = (chunk: Buffer): void => void (said = (said + chunk.toString()).slice(-2000));
  daemon.stdout.on('data', keep);
  daemon.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => daemon.once('close', () => resolve()));
  const running = (): boolean => daemon.exitCode === null && daemon.signalCode === null;
  const lastWords = (): string => said.trim().split('\n').slice(-3).join(' / ');
  if (daemon.pid === undefined) return failed(`cannot start ${binary}`);
  const sampler = new TreeSampler(daemon.pid);
  try {
    while (!existsSync(statusFile)) {
      if (!running()) return failed(`nagios4 stopped while starting: ${lastWords()}`);
      await sleep(100);
    }
    const startSeconds = (performance.now() - launched) / 1000;
    o.progress?.(`nagios4: status.dat after ${startSeconds.toFixed(1)} s; warm-up until ${o.warmupSeconds} s`);
    await sleep(launched + o.warmupSeconds * 1000 - performance.now());
    const before = sampler.sample();
    const end = before.at + o.windowSeconds * 1000;
    const latencies: number[] = [];
    const minuteRates: number[] = [];
    let last: NagiosStatus | null = null;
    // status.dat is rewritten every 10 s; reading it as often sees each version about once.
    for (let next = before.at + STATUS_EVERY_SECONDS * 1000; next <= end; next += STATUS_EVERY_SECONDS * 1000) {
      await sleep(next - performance.now());
      last = readNagiosStatus(statusFile);
      if (last === null) continue;
      latencies.push(...last.latencies);
      if (next - before.at >= 60_000) minuteRates.push(last.checksLastMinute / 60);
    }
    await sleep(end - performance.now());
    const after = sampler.sample();
    if (!running()) return failed(`nagios4 stopped during the measurement: ${lastWords()}`);
    if (minuteRates.length === 0 && last !== null) minuteRates.push(last.checksLastMinute / 60);
    const achieved = minuteRates.reduce((a, b) => a + b, 0) / minuteRates.length;
    const window = treeWindow(before, after);
    const checks = achieved * window.seconds;
    const latency = latencySummary(latencies);
    return {
      daemon: 'nagios4',
      services: o.services,
      intervalSeconds: o.intervalSeconds,
      target: o.services / o.intervalSeconds,
      windowSeconds: window.seconds,
      achieved,
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
  } finally {
    sampler.stop();
    if (running()) {
      daemon.kill('SIGTERM');
      const killer = setTimeout(() => daemon.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
  }
}
