/**
 * The plugin check benchmark: how many `check_dummy` checks per second a site can run and what
 * each costs the site's own process, for the two implementations of the engine's `RunPlugin`
 * port — (a) `node:child_process` in the site process, (b) the pool of native spawn helpers —
 * and where each one's knee is, next to the real Nagios 4 daemon in the same run.
 *
 * 1. Closed loop: a fixed number of checks in flight for a few seconds; checks per second and
 *    CPU per check of the site process, of the helpers, and of the plugins themselves.
 * 2. Offered load: checks planned at a steady rate (400, 600, ... per second, 20 s each),
 *    started when due unless the concurrency limit is reached, as the engine does. Latency is
 *    actual start − planned start (Nagios' check latency); a check still waiting at the end of
 *    the step counts with the time it has waited so far. The knee is the highest rate, counting
 *    up, at which the achieved rate is at least 98 % of the offered rate and p99 latency is
 *    under 1 s (the method of the project's performance reference).
 * 3. Nagios 4 at the same offered rates (see nagios-check-rate.ts). Rates go up one at a time
 *    for all three, so each rate is measured for all of them within a minute or two of each other;
 *    a runner stops after two rates in a row it did not sustain.
 *
 * Numbers are printed, never judged by an exit code: other work on the machine moves them, so
 * the CPU that other processes used during each measurement is printed beside them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createHelperPool } from '../src/checks/spawn/helper-pool.js';
import { SPAWN_HELPER_PATH } from '../src/checks/spawn/spawn-helper-path.js';
import { createPluginRunner, type PluginRunner } from '../src/checks/process/run-plugin.js';
import type { PluginRequest } from '../src/model/check-result.js';
import { findNagios4 } from './config-load.js';
import { measureNagiosStep, percentile, type NagiosStep } from './nagios-check-rate.js';
import { machineBusyMs, processCpu, totalCpu } from './process-cpu.js';

/** How the benchmark runs; every field but `workDir` has a default. */
export interface CheckThroughputOptions {
  /** An empty directory (Nagios' configurations go there). */
  readonly workDir: string;
  /** Offered rates in checks per second, lowest first. */
  readonly rates?: readonly number[];
  /** Seconds each offered rate is measured. */
  readonly stepSeconds?: number;
  /** Seconds of the closed-loop measurement per runner. */
  readonly closedLoopSeconds?: number;
  /** Checks in flight at most (closed loop: exactly), as the engine's `checks.max_concurrent`. */
  readonly concurrency?: number;
  readonly progress?: (line: string) => void;
}

/** Which runner a figure belongs to. */
export type RunnerName = 'child_process' | 'helper pool' | 'nagios4';

/** CPU per check in milliseconds, split by who spent it. */
export interface CpuPerCheck {
  /** The site process (Node) or the Nagios core. */
  readonly siteMs: number;
  /** The spawn helpers or the Nagios workers; 0 for child_process. */
  readonly helperMs: number;
  /** The plugins themselves. */
  readonly pluginMs: number;
  /** Everything above, in CPUs busy. */
  readonly cores: number;
  /** CPUs other processes on the machine kept busy meanwhile. */
  readonly backgroundCores: number;
}

/** One closed-loop measurement. */
export interface ClosedLoopFigures {
  readonly runner: RunnerName;
  readonly inFlight: number;
  readonly checks: number;
  readonly checksPerSecond: number;
  readonly failed: number;
  readonly cpu: CpuPerCheck;
  /** The site's event loop delay, p99, in milliseconds. */
  readonly loopDelayP99Ms: number;
}

/** One offered rate of one runner. */
export interface StepFigures {
  readonly offered: number;
  readonly achieved: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** Results that were not OK (check_dummy 0 is always OK); `null` where not observed. */
  readonly failed: number | null;
  readonly cpu: CpuPerCheck;
}

/** A runner's steps and its knee. */
export type KneeFigures =
  | {
      readonly runner: RunnerName;
      readonly available: true;
      readonly steps: readonly StepFigures[];
      /** The highest offered rate sustained, counting up; `null` if even the first was not. */
      readonly knee: number | null;
      readonly maxAchieved: number;
    }
  | { readonly runner: RunnerName; readonly available: false; readonly reason: string };

/** Everything the benchmark measured. */
export interface CheckThroughputReport {
  readonly benchmark: 'check-throughput';
  readonly plugin: string;
  readonly cpus: number;
  readonly helpers: number;
  readonly helperBatchMs: number;
  readonly concurrency: number;
  readonly stepSeconds: number;
  readonly kneeRule: string;
  readonly closedLoop: readonly ClosedLoopFigures[];
  readonly knee: readonly KneeFigures[];
}

const CHECK_DUMMY = '/usr/lib/nagios/plugins/check_dummy';
const DEFAULT_RATES = [200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000];
/** The pool's batching (its default, stated here so the report says what was measured). */
const HELPER_BATCH_MS = 20;
/** A runner's steps end after this many rates in a row it did not sustain: it is past its knee. */
export const FAILED_STEPS_TO_STOP = 2;
const SUSTAINED_SHARE = 0.98;
const SUSTAINED_P99_MS = 1000;
const NAGIOS_INTERVAL_SECONDS = 10;

interface Runner {
  readonly name: RunnerName;
  readonly run: PluginRunner;
  helperPids(): number[];
  close(): Promise<void>;
}

interface CpuSample {
  readonly at: number;
  readonly siteMs: number;
  readonly helperMs: number;
  readonly pluginMs: number;
  readonly machineMs: number;
}

function sampleCpu(runner: Runner): CpuSample {
  const usage = process.cpuUsage();
  const self = processCpu('self');
  const helpers = totalCpu(runner.helperPids());
  return {
    at: performance.now(),
    siteMs: (usage.user + usage.system) / 1000,
    helperMs: helpers.ownMs,
    // Plugins reaped by Node (child_process) or by the helpers.
    pluginMs: (self?.childrenMs ?? 0) + helpers.childrenMs,
    machineMs: machineBusyMs(),
  };
}

function cpuPerCheck(before: CpuSample, after: CpuSample, checks: number): CpuPerCheck {
  const wallMs = after.at - before.at;
  const site = after.siteMs - before.siteMs;
  const helper = after.helperMs - before.helperMs;
  const plugin = after.pluginMs - before.pluginMs;
  const per = (ms: number): number => (checks === 0 ? Number.NaN : ms / checks);
  return {
    siteMs: per(site),
    helperMs: per(helper),
    pluginMs: per(plugin),
    cores: (site + helper + plugin) / wallMs,
    backgroundCores: Math.max(0, after.machineMs - before.machineMs - site - helper - plugin) / wallMs,
  };
}

const request = (commandLine: string): PluginRequest => ({ commandLine, timeoutSeconds: 10, timeoutStatus: 3 });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function makeRunner(name: 'child_process' | 'helper pool', helpers: number): Runner {
  if (name === 'child_process') {
    return { name, run: createPluginRunner(), helperPids: () => [], close: async () => undefined };
  }
  const pool = createHelperPool({ helpers, batchMs: HELPER_BATCH_MS });
  return { name, run: pool.run, helperPids: () => pool.helperPids(), close: () => pool.close() };
}

async function closedLoop(runner: Runner, commandLine: string, seconds: number, inFlight: number) {
  // Warm up: helpers started, code paths compiled.
  await Promise.all(Array.from({ length: inFlight * 4 }, () => runner.run(request(commandLine))));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let checks = 0;
  let failed = 0;
  const before = sampleCpu(runner);
  const end = before.at + seconds * 1000;
  delay.enable();
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const result = await runner.run(request(commandLine));
      checks++;
      if (result.status !== 0) failed++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const after = sampleCpu(runner);
  delay.disable();
  return {
    runner: runner.name,
    inFlight,
    checks,
    checksPerSecond: (checks * 1000) / (after.at - before.at),
    failed,
    cpu: cpuPerCheck(before, after, checks),
    loopDelayP99Ms: delay.percentile(99) / 1e6,
  } satisfies ClosedLoopFigures;
}

/**
 * Checks planned at `rate` per second for `seconds`, each started when due and a slot is free.
 * Like the engine, it sleeps until the next check is due (or a check ends), so the site's CPU
 * is not inflated by a busy generator.
 */
async function offeredStep(runner: Runner, commandLine: string, rate: number, seconds: number, limit: number) {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let next = 0;
  let inFlight = 0;
  let completed = 0;
  let failed = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const before = sampleCpu(runner);
  const t0 = before.at;
  const end = t0 + seconds * 1000;
  const planned = (i: number): number => t0 + (i * 1000) / rate;
  const pump = (): void => {
    if (stopped) return;
    const now = performance.now();
    while (inFlight < limit && next < total && planned(next) <= now) {
      latencies.push(now - planned(next));
      next++;
      inFlight++;
      void runner.run(request(commandLine)).then((result) => {
        inFlight--;
        if (performance.now() <= end) completed++;
        if (result.status !== 0) failed++;
        pump();
      });
    }
    clearTimeout(timer);
    // When every slot is busy, the next check to end pumps again.
    if (inFlight < limit && next < total) timer = setTimeout(pump, Math.max(0, planned(next) - now));
  };
  pump();
  await sleep(seconds * 1000);
  stopped = true;
  clearTimeout(timer);
  const after = sampleCpu(runner);
  // Checks still waiting count with what they have waited so far: a lower bound of their latency.
  for (let i = next; i < total && planned(i) <= end; i++) latencies.push(end - planned(i));
  while (inFlight > 0) await sleep(20);
  latencies.sort((x, y) => x - y);
  return {
    offered: rate,
    achieved: completed / seconds,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    failed,
    cpu: cpuPerCheck(before, after, completed),
  } satisfies StepFigures;
}

/** Whether a step kept up: the knee rule for one rate. */
export const sustained = (step: StepFigures): boolean =>
  step.achieved >= SUSTAINED_SHARE * step.offered && step.latencyP99Ms < SUSTAINED_P99_MS;

/** The highest rate sustained, counting up from the lowest; `null` when the lowest was not. */
export function kneeOf(steps: readonly StepFigures[]): number | null {
  let knee: number | null = null;
  for (const step of steps) {
    if (!sustained(step)) break;
    knee = step.offered;
  }
  return knee;
}

/** Whether the last few steps all failed: higher rates would only show the same saturation. */
function pastKnee(steps: readonly StepFigures[]): boolean {
  return steps.length >= FAILED_STEPS_TO_STOP && steps.slice(-FAILED_STEPS_TO_STOP).every((s) => !sustained(s));
}

function nagiosStepFigures(rate: number, step: NagiosStep): StepFigures {
  return {
    offered: rate,
    achieved: step.achieved,
    latencyP50Ms: step.latencyP50Ms,
    latencyP99Ms: step.latencyP99Ms,
    failed: null,
    cpu: {
      siteMs: step.coreCpuMsPerCheck,
      helperMs: step.workerCpuMsPerCheck,
      pluginMs: step.pluginCpuMsPerCheck,
      cores: step.cores,
      backgroundCores: step.backgroundCores,
    },
  };
}

/** One side of the offered-load comparison: measures one rate, or says why it cannot. */
interface Contender {
  readonly runner: RunnerName;
  measure(rate: number): Promise<StepFigures | { error: string }>;
}

function nagiosContender(options: Required<CheckThroughputOptions>): Contender | { error: string } {
  const binary = findNagios4();
  if (binary === null) return { error: 'nagios4 is not installed: install the Debian package nagios4-core' };
  return {
    runner: 'nagios4',
    async measure(rate) {
      options.progress(
        `nagios4: offered ${rate} checks/s (${rate * NAGIOS_INTERVAL_SECONDS} services every ${NAGIOS_INTERVAL_SECONDS} s)`,
      );
      const measured = await measureNagiosStep({
        binary,
        dir: join(options.workDir, `nagios-${rate}`),
        plugin: CHECK_DUMMY,
        pluginArgs: '0 ok',
        rate,
        intervalSeconds: NAGIOS_INTERVAL_SECONDS,
        // A first full round and then some, as the performance reference does (interval + 10 s).
        warmupSeconds: NAGIOS_INTERVAL_SECONDS + 10,
        stepSeconds: options.stepSeconds,
      });
      return 'error' in measured ? measured : nagiosStepFigures(rate, measured);
    },
  };
}

function runnerContender(runner: Runner, commandLine: string, options: Required<CheckThroughputOptions>): Contender {
  return {
    runner: runner.name,
    async measure(rate) {
      options.progress(`${runner.name}: offered ${rate} checks/s for ${options.stepSeconds} s`);
      await sleep(1000);
      return offeredStep(runner, commandLine, rate, options.stepSeconds, options.concurrency);
    },
  };
}

/**
 * Steps every contender through the rates, rate by rate, so that each rate is measured for all
 * of them close together in time: load from elsewhere on the machine then hits them alike.
 */
async function offeredLoad(contenders: readonly Contender[], rates: readonly number[]): Promise<KneeFigures[]> {
  const steps = new Map<RunnerName, StepFigures[]>(contenders.map((c) => [c.runner, []]));
  const failures = new Map<RunnerName, string>();
  for (const rate of rates) {
    for (const contender of contenders) {
      const done = steps.get(contender.runner) ?? [];
      if (failures.has(contender.runner) || pastKnee(done)) continue;
      const measured = await contender.measure(rate);
      if ('error' in measured) failures.set(contender.runner, measured.error);
      else done.push(measured);
    }
  }
  return contenders.map((c): KneeFigures => {
    const failure = failures.get(c.runner);
    const done = steps.get(c.runner) ?? [];
    if (failure !== undefined) return { runner: c.runner, available: false, reason: failure };
    return {
      runner: c.runner,
      available: true,
      steps: done,
      knee: kneeOf(done),
      maxAchieved: Math.max(...done.map((s) => s.achieved)),
    };
  });
}

/** Runs the whole benchmark. */
export async function runCheckThroughputBenchmark(input: CheckThroughputOptions): Promise<CheckThroughputReport> {
  const options: Required<CheckThroughputOptions> = {
    rates: DEFAULT_RATES,
    stepSeconds: 20,
    closedLoopSeconds: 10,
    concurrency: 64,
    progress: () => undefined,
    ...input,
  };
  const commandLine = `${CHECK_DUMMY} 0 ok`;
  const helpers = Math.min(availableParallelism(), 4);
  const report = (closedLoop: ClosedLoopFigures[], knee: KneeFigures[]): CheckThroughputReport => ({
    benchmark: 'check-throughput',
    plugin: commandLine,
    cpus: availableParallelism(),
    helpers,
    helperBatchMs: HELPER_BATCH_MS,
    concurrency: options.concurrency,
    stepSeconds: options.stepSeconds,
    kneeRule: `achieved >= ${SUSTAINED_SHARE * 100} % of offered and p99 latency < ${SUSTAINED_P99_MS} ms, counting up`,
    closedLoop,
    knee,
  });
  const names: RunnerName[] = ['child_process', 'helper pool', 'nagios4'];
  if (!existsSync(CHECK_DUMMY)) {
    const reason = `${CHECK_DUMMY} is missing: install the Debian package monitoring-plugins-basic`;
    return report(
      [],
      names.map((runner) => ({ runner, available: false, reason })),
    );
  }
  const unavailable: KneeFigures[] = [];
  const runners: Runner[] = [makeRunner('child_process', helpers)];
  if (existsSync(SPAWN_HELPER_PATH)) runners.push(makeRunner('helper pool', helpers));
  else {
    const reason = `the spawn helper ${SPAWN_HELPER_PATH} is not built: run npm run build (needs the Debian package gcc)`;
    unavailable.push({ runner: 'helper pool', available: false, reason });
  }
  try {
    const closed: ClosedLoopFigures[] = [];
    for (const runner of runners) {
      options.progress(`${runner.name}: closed loop, ${options.concurrency} in flight, ${options.closedLoopSeconds} s`);
      closed.push(await closedLoop(runner, commandLine, options.closedLoopSeconds, options.concurrency));
    }
    const contenders = runners.map((runner) => runnerContender(runner, commandLine, options));
    const nagios = nagiosContender(options);
    if ('error' in nagios) unavailable.push({ runner: 'nagios4', available: false, reason: nagios.error });
    else contenders.push(nagios);
    return report(closed, [...(await offeredLoad(contenders, options.rates)), ...unavailable]);
  } finally {
    await Promise.all(runners.map((r) => r.close()));
  }
}
