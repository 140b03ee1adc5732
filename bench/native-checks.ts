/**
 * Native checks against plugins: 10,000 `tcp` and 2,000 `http` checks per minute against local
 * servers (a node:net accept-and-close server and a node:http server, in a child process of their
 * own so their CPU is not counted as the checks'), run once in-process (`native:tcp`,
 * `native:http` through routeNativeChecks) and once as `check_tcp`/`check_http` through the
 * site's plugin runner (the spawn helper pool), and, when nagios4 is installed, by Nagios 4
 * (check_tcp and check_http at their rates in two runs, CPU weighted by the mix). Prints checks/s, latency, CPU per check, and how many more
 * checks one CPU-second buys natively (target: at least 10 times as many).
 *
 * CPU: native = this process (process.cpuUsage); plugins = this process + the helpers + the
 * plugins they reaped (/proc). The machine's other load is shown beside it, since figures taken
 * on a busy machine are noisy.
 */
import { DISPATCH_TICK_MS } from '../src/scheduler/dispatch-loop.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { routeNativeChecks, type CheckRunner } from '../src/checks/native/route-native-checks.js';
import { nativeCheckTypes } from '../src/checks/native/native-check-types.js';
import { createHelperPool } from '../src/checks/spawn/helper-pool.js';
import type { CheckResult } from '../src/model/check-result.js';
import { findNagios4 } from './config-load.js';
import { measureNagiosStep, percentile, type NagiosStep } from './nagios-check-rate.js';
import { machineBusyMs, processCpu, totalCpu } from './process-cpu.js';

const PLUGIN_DIR = '/usr/lib/nagios/plugins';
/** The offered load: checks per minute of each kind. */
const TCP_PER_MINUTE = 10_000;
const HTTP_PER_MINUTE = 2_000;
/** How many more checks per CPU-second the native path should give. */
const TARGET_RATIO = 10;

/** How the benchmark runs. */
export interface NativeChecksOptions {
  readonly workDir: string;
  /** Seconds each runner is measured (default 30). */
  readonly windowSeconds?: number;
  /** Seconds Nagios is measured after its first round (default 20). */
  readonly nagiosSeconds?: number;
  /** Leaves Nagios out (for quick tries). */
  readonly skipNagios?: boolean;
  readonly progress?: (line: string) => void;
}

/** One runner's figures over the measured window. */
export interface RunnerFigures {
  readonly runner: string;
  readonly checks: number;
  readonly failed: number;
  readonly firstFailure: string;
  readonly checksPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** The site process (and for plugins, the spawn helpers) per check. */
  readonly siteCpuMsPerCheck: number;
  /** The plugin processes per check (0 for native). */
  readonly pluginCpuMsPerCheck: number;
  readonly totalCpuMsPerCheck: number;
  /** Cores busy with something else during the window. */
  readonly backgroundCores: number;
}

/** The whole report. */
export interface NativeChecksReport {
  readonly offered: { readonly tcpPerMinute: number; readonly httpPerMinute: number; readonly seconds: number };
  readonly native: RunnerFigures;
  /** The native mix with no pacing: what one process can do, and its CPU per check then. */
  readonly nativeClosedLoop: {
    readonly checks: number;
    readonly failed: number;
    readonly checksPerSecond: number;
    readonly cpuMsPerCheck: number;
    readonly backgroundCores: number;
  };
  readonly plugins: RunnerFigures | { readonly unavailable: string };
  readonly nagios:
    | { readonly checksPerSecond: number; readonly latencyP50Ms: number; readonly totalCpuMsPerCheck: number }
    | { readonly unavailable: string };
  /** Checks per CPU-second natively divided by the same through plugins. */
  readonly ratio: number | null;
  readonly meetsTarget: boolean | null;
}

/** The servers' child process: prints its two ports, serves until it is killed. */
const SERVER_SCRIPT = `
const net = require('node:net');
const http = require('node:http');
const tcp = net.createServer((socket) => { socket.on('error', () => {}); socket.end(); });
const web = http.createServer((request, response) => { response.writeHead(200, { 'content-type': 'text/plain' }); response.end('ok\\n'); });
web.keepAliveTimeout = 1000;
tcp.listen(0, '127.0.0.1', () => web.listen(0, '127.0.0.1', () => {
  process.stdout.write(tcp.address().port + ' ' + web.address().port + '\\n');
}));
`;

async function startServers(): Promise<{ child: ChildProcess; tcp: number; http: number }> {
  const child = spawn(process.execPath, ['-e', SERVER_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', (code) => reject(new Error(`the bench servers exited with ${code}`)));
  });
  const [tcp = 0, http = 0] = line.split(' ').map(Number);
  return { child, tcp, http };
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    process.kill(child.pid, 'SIGTERM');
  });
}

/** CPU so far: this process, the processes `others` lists, and the plugins they reaped. */
interface CpuSample {
  readonly at: number;
  readonly siteMs: number;
  readonly pluginMs: number;
  readonly machineMs: number;
}

function sampleCpu(others: () => number[]): CpuSample {
  const own = process.cpuUsage();
  const helpers = totalCpu(others());
  const self = processCpu('self');
  return {
    at: performance.now(),
    siteMs: (own.user + own.system) / 1000 + helpers.ownMs,
    pluginMs: helpers.childrenMs + (self?.childrenMs ?? 0),
    machineMs: machineBusyMs(),
  };
}

/** Checks run before the window, so the window sees compiled code and started helpers, not start-up. */
const WARM_UP_CHECKS = 1200;

async function warmUp(run: CheckRunner, lines: { readonly tcp: string; readonly http: string }): Promise<void> {
  let index = 0;
  const worker = async (): Promise<void> => {
    while (index < WARM_UP_CHECKS) {
      const line = index++ % 6 === 5 ? lines.http : lines.tcp;
      await run({ commandLine: line, timeoutSeconds: 10, timeoutStatus: 2 });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * Runs the offered mix for `seconds`, started as the engine's dispatch loop starts checks: one
 * wake-up per tick starts every check due before the next tick; the two kinds interleaved by
 * their rates.
 */
async function offeredMix(
  name: string,
  run: CheckRunner,
  lines: { readonly tcp: string; readonly http: string },
  seconds: number,
  others: () => number[],
): Promise<RunnerFigures> {
  const perSecond = (TCP_PER_MINUTE + HTTP_PER_MINUTE) / 60;
  const total = Math.round(perSecond * seconds);
  // Every sixth check is http: 2,000 of 12,000.
  const lineOf = (index: number): string => (index % 6 === 5 ? lines.http : lines.tcp);
  await warmUp(run, lines);
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure = '';
  let started = 0;
  const running = new Set<Promise<void>>();
  const before = sampleCpu(others);
  const planned = (index: number): number => before.at + (index * 1000) / perSecond;
  const record = (result: CheckResult, at: number): void => {
    latencies.push(performance.now() - at);
    if (result.status !== 0) {
      failed++;
      if (firstFailure === '') firstFailure = result.output;
    }
  };
  while (started < total) {
    // As the engine dispatches: each tick starts every check due before the next tick.
    const horizon = performance.now() + DISPATCH_TICK_MS;
    while (started < total && planned(started) <= horizon) {
      const at = performance.now();
      const pending = run({ commandLine: lineOf(started), timeoutSeconds: 10, timeoutStatus: 2 }).then((result) => {
        record(result, at);
        running.delete(pending);
      });
      running.add(pending);
      started++;
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(1, Math.min(DISPATCH_TICK_MS, planned(started) - performance.now()))),
    );
  }
  await Promise.all(running);
  const after = sampleCpu(others);
  const wallMs = after.at - before.at;
  const siteMs = after.siteMs - before.siteMs;
  const pluginMs = after.pluginMs - before.pluginMs;
  latencies.sort((a, b) => a - b);
  return {
    runner: name,
    checks: total,
    failed,
    firstFailure,
    checksPerSecond: (total * 1000) / wallMs,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    siteCpuMsPerCheck: siteMs / total,
    pluginCpuMsPerCheck: pluginMs / total,
    totalCpuMsPerCheck: (siteMs + pluginMs) / total,
    backgroundCores: Math.max(0, after.machineMs - before.machineMs - siteMs - pluginMs) / wallMs,
  };
}

/** The native mix as fast as it goes (64 at a time): the capacity of one process and its best CPU per check. */
async function closedLoop(run: CheckRunner, lines: { readonly tcp: string; readonly http: string }, total: number) {
  let index = 0;
  let failed = 0;
  const before = sampleCpu(() => []);
  const worker = async (): Promise<void> => {
    while (index < total) {
      const line = index++ % 6 === 5 ? lines.http : lines.tcp;
      const result = await run({ commandLine: line, timeoutSeconds: 10, timeoutStatus: 2 });
      if (result.status !== 0) failed++;
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  const after = sampleCpu(() => []);
  const wallMs = after.at - before.at;
  const siteMs = after.siteMs - before.siteMs;
  return {
    checks: total,
    failed,
    checksPerSecond: (total * 1000) / wallMs,
    cpuMsPerCheck: siteMs / total,
    backgroundCores: Math.max(0, after.machineMs - before.machineMs - siteMs) / wallMs,
  };
}

function pluginsMissing(): string | null {
  for (const name of ['check_tcp', 'check_http']) {
    try {
      accessSync(join(PLUGIN_DIR, name), constants.X_OK);
    } catch {
      return `${PLUGIN_DIR}/${name} is missing (Debian package monitoring-plugins-basic)`;
    }
  }
  return null;
}

/** Runs the benchmark. */
export async function runNativeChecksBenchmark(options: NativeChecksOptions): Promise<NativeChecksReport> {
  const seconds = options.windowSeconds ?? 30;
  const progress = options.progress ?? ((): void => undefined);
  const servers = await startServers();
  const noPlugins: CheckRunner = () =>
    Promise.resolve({ status: 3, output: 'not a native line', longOutput: '', perfdata: '', durationMs: 0 });
  try {
    progress(`native: ${TCP_PER_MINUTE} tcp + ${HTTP_PER_MINUTE} http checks per minute for ${seconds} s`);
    const native = await offeredMix(
      'native',
      routeNativeChecks(nativeCheckTypes(), noPlugins),
      {
        tcp: `native:tcp host=127.0.0.1 port=${servers.tcp}`,
        http: `native:http host=127.0.0.1 port=${servers.http} uri=/`,
      },
      seconds,
      () => [],
    );

    progress('native: the same mix as fast as it goes (64 at a time)');
    const nativeClosedLoop = await closedLoop(
      routeNativeChecks(nativeCheckTypes(), noPlugins),
      {
        tcp: `native:tcp host=127.0.0.1 port=${servers.tcp}`,
        http: `native:http host=127.0.0.1 port=${servers.http} uri=/`,
      },
      Math.round(((TCP_PER_MINUTE + HTTP_PER_MINUTE) / 60) * seconds),
    );

    let plugins: RunnerFigures | { unavailable: string };
    const missing = pluginsMissing();
    if (missing !== null) plugins = { unavailable: missing };
    else {
      progress(`plugins: the same through the spawn helper pool for ${seconds} s`);
      const pool = createHelperPool();
      try {
        plugins = await offeredMix(
          'plugins',
          routeNativeChecks(nativeCheckTypes(), pool.run),
          {
            tcp: `${PLUGIN_DIR}/check_tcp -H 127.0.0.1 -p ${servers.tcp}`,
            http: `${PLUGIN_DIR}/check_http -H 127.0.0.1 -p ${servers.http} -u /`,
          },
          seconds,
          () => pool.helperPids(),
        );
      } finally {
        await pool.close();
      }
    }

    let nagios: NativeChecksReport['nagios'];
    const binary = findNagios4();
    if (binary === null || missing !== null || options.skipNagios === true)
      nagios = { unavailable: missing ?? (binary === null ? 'nagios4 is not installed' : 'left out') };
    else {
      // The same mix as two Nagios runs, check_tcp at its rate and check_http at its, weighted.
      const nagiosSeconds = options.nagiosSeconds ?? 20;
      const kinds = [
        { name: 'check_tcp', args: `-H 127.0.0.1 -p ${servers.tcp}`, perMinute: TCP_PER_MINUTE },
        { name: 'check_http', args: `-H 127.0.0.1 -p ${servers.http} -u /`, perMinute: HTTP_PER_MINUTE },
      ];
      const steps = [];
      for (const kind of kinds) {
        const rate = kind.perMinute / 60;
        progress(`nagios4: ${kind.name} at ${rate.toFixed(0)} checks/s, 20 s first rounds, then ${nagiosSeconds} s`);
        steps.push(
          await measureNagiosStep({
            binary,
            dir: join(options.workDir, `nagios-${kind.name}`),
            plugin: `${PLUGIN_DIR}/${kind.name}`,
            pluginArgs: kind.args,
            rate,
            intervalSeconds: 10,
            warmupSeconds: 20,
            stepSeconds: nagiosSeconds,
          }),
        );
      }
      const failed = steps.find((step): step is { error: string } => 'error' in step);
      const measured = steps.filter((step): step is NagiosStep => !('error' in step));
      const [tcp, http] = measured;
      if (failed !== undefined || tcp === undefined || http === undefined) {
        nagios = { unavailable: failed?.error ?? 'no Nagios figures' };
      } else {
        const cpu = (step: NagiosStep): number =>
          step.coreCpuMsPerCheck + step.workerCpuMsPerCheck + step.pluginCpuMsPerCheck;
        const all = TCP_PER_MINUTE + HTTP_PER_MINUTE;
        nagios = {
          checksPerSecond: tcp.achieved + http.achieved,
          latencyP50Ms: (tcp.latencyP50Ms * TCP_PER_MINUTE + http.latencyP50Ms * HTTP_PER_MINUTE) / all,
          totalCpuMsPerCheck: (cpu(tcp) * TCP_PER_MINUTE + cpu(http) * HTTP_PER_MINUTE) / all,
        };
      }
    }

    const ratio =
      'unavailable' in plugins || native.totalCpuMsPerCheck <= 0
        ? null
        : plugins.totalCpuMsPerCheck / native.totalCpuMsPerCheck;
    return {
      offered: { tcpPerMinute: TCP_PER_MINUTE, httpPerMinute: HTTP_PER_MINUTE, seconds },
      native,
      nativeClosedLoop,
      plugins,
      nagios,
      ratio,
      meetsTarget: ratio === null ? null : ratio >= TARGET_RATIO,
    };
  } finally {
    await stopProcess(servers.child);
  }
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** The report as a table. */
export function formatNativeChecksReport(report: NativeChecksReport): string {
  const { offered } = report;
  const lines = [
    `native checks: ${offered.tcpPerMinute} tcp + ${offered.httpPerMinute} http checks per minute, ${offered.seconds} s per runner`,
    '',
    '| runner | checks | failed | checks/s | latency p50 | latency p99 | site ms CPU/check | plugin ms CPU/check | total ms CPU/check | other load (cores) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const row = (figures: RunnerFigures): string =>
    `| ${figures.runner} | ${figures.checks} | ${figures.failed} | ${fixed(figures.checksPerSecond, 1)} | ${fixed(figures.latencyP50Ms, 2)} ms | ${fixed(figures.latencyP99Ms, 2)} ms | ${fixed(figures.siteCpuMsPerCheck, 3)} | ${fixed(figures.pluginCpuMsPerCheck, 3)} | ${fixed(figures.totalCpuMsPerCheck, 3)} | ${fixed(figures.backgroundCores, 2)} |`;
  lines.push(row(report.native));
  const capacity = report.nativeClosedLoop;
  lines.push(
    `| native, as fast as it goes | ${capacity.checks} | ${capacity.failed} | ${fixed(capacity.checksPerSecond, 1)} | - | - | ${fixed(capacity.cpuMsPerCheck, 3)} | 0.000 | ${fixed(capacity.cpuMsPerCheck, 3)} | ${fixed(capacity.backgroundCores, 2)} |`,
  );
  if ('unavailable' in report.plugins) lines.push(`| plugins | not measured: ${report.plugins.unavailable} |`);
  else lines.push(row(report.plugins));
  if ('unavailable' in report.nagios)
    lines.push(
      `| nagios4 (check_tcp + check_http, run apart, weighted) | not measured: ${report.nagios.unavailable} |`,
    );
  else {
    const n = report.nagios;
    lines.push(
      `| nagios4 (check_tcp + check_http, run apart, weighted) | - | - | ${fixed(n.checksPerSecond, 1)} | ${fixed(n.latencyP50Ms, 2)} ms (Nagios latency) | - | - | - | ${fixed(n.totalCpuMsPerCheck, 3)} | - |`,
    );
  }
  for (const figures of [report.native, report.plugins]) {
    if (!('unavailable' in figures) && figures.failed > 0)
      lines.push(`${figures.runner}: first failure: ${figures.firstFailure}`);
  }
  lines.push('');
  lines.push(
    'CPU per check counts CPU time; with other load on the machine (last column) it grows, so compare figures taken on a quiet machine.',
  );
  lines.push(
    report.ratio === null
      ? 'checks per CPU-second, native vs plugins: not measured'
      : `checks per CPU-second, native vs plugins: ${fixed(report.ratio, 1)}× (target ≥ ${TARGET_RATIO}×: ${report.meetsTarget === true ? 'met' : 'MISSED'})`,
  );
  return lines.join('\n');
}
