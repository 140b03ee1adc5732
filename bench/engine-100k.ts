/**
 * `--only engine-100k`: the scheduler and engine alone at scale. In this process, the engine
 * (`startMonitoring`) runs 100,000 services with the in-process check `native:dummy state=0
 * text=ok` (no process per check) every 60 s on the real clock: a warm-up of one interval (the
 * first round is spread over it), then a measured window of one interval. Figures: checks per
 * second, latency (start − due) average and p99 over samples of every service, CPU per check of
 * this process (the scheduler, engine and check path: there are no plugins), and memory per
 * service: RSS and heap after a full garbage collection, against the process before the
 * configuration was loaded (configuration and run-time state) and after (run-time state only).
 * Targets: 100,000 services a minute sustained on one core with average latency under 1 s and
 * under 2 KB per service (Nagios 4 needs 1.7 KB, Icinga 2 12.8 KB: the performance reference).
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dummyCheck } from '../src/checks/native/dummy-check.js';
import { routeNativeChecks } from '../src/checks/native/route-native-checks.js';
import { loadSite } from '../src/config/load-site.js';
import { startMonitoring } from '../src/engine/start-monitoring.js';
import { systemClock } from '../src/engine/system-clock.js';
import type { CheckResult } from '../src/model/check-result.js';
import { benchServiceName, writeBenchSite } from './engine-site-config.js';
import { latencySummary, sleep } from './engine-daemon-figures.js';
import { fixed, formatTargets, markdownTable, NOISE_NOTE, type TargetCheck } from './engine-report.js';
import { machineBusyMs } from './process-cpu.js';

/** How the benchmark runs; all but `workDir` have defaults. */
export interface Engine100kOptions {
  readonly workDir: string;
  readonly services?: number;
  readonly intervalSeconds?: number;
  /** Seconds after the start before measuring (default: one interval). */
  readonly warmupSeconds?: number;
  /** Seconds measured (default: one interval). */
  readonly windowSeconds?: number;
  readonly progress?: (line: string) => void;
}

/** What the benchmark measured. */
export interface Engine100kReport {
  readonly benchmark: 'engine-100k';
  readonly services: number;
  readonly intervalSeconds: number;
  readonly target: number;
  readonly windowSeconds: number;
  readonly achieved: number;
  readonly latencyAvg: number;
  readonly latencyP99: number;
  /** CPU of this process per check, milliseconds. */
  readonly cpuMsPerCheck: number;
  /** CPUs this process kept busy in the window. */
  readonly cores: number;
  readonly backgroundCores: number;
  /** Bytes per service after a full GC: everything since before loading, and the engine alone. */
  readonly rssPerService: number;
  readonly heapPerService: number;
  readonly engineRssPerService: number;
  readonly engineHeapPerService: number;
  readonly loadSeconds: number;
  readonly targets: readonly TargetCheck[];
}

const NATIVE_DUMMY = 'native:dummy state=0 text=ok';

/** A full garbage collection, so that memory figures are live data and not garbage. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}

function memory(): { rss: number; heap: number } {
  collect();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed };
}

const noPlugins = (): Promise<CheckResult> =>
  Promise.resolve({ status: 3, output: 'UNKNOWN - no plugins here', longOutput: '', perfdata: '', durationMs: 0 });

/** Runs the engine in this process and measures it. */
export async function runEngine100kBenchmark(input: Engine100kOptions): Promise<Engine100kReport> {
  const services = input.services ?? 100_000;
  const intervalSeconds = input.intervalSeconds ?? 60;
  const warmupSeconds = input.warmupSeconds ?? intervalSeconds;
  const windowSeconds = input.windowSeconds ?? intervalSeconds;
  const siteDir = join(input.workDir, 'site');
  writeBenchSite(siteDir, { services, intervalSeconds, commandLine: NATIVE_DUMMY });
  const base = memory();
  const loadStart = performance.now();
  const loaded = loadSite(siteDir);
  if (!loaded.ok) throw new Error(`the generated site does not load: ${loaded.diagnostics.errorCount} error(s)`);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const afterLoad = memory();
  input.progress?.(
    `engine-100k: ${services} services loaded in ${loadSeconds.toFixed(1)} s; running ${warmupSeconds} + ${windowSeconds} s`,
  );
  const monitoring = startMonitoring({
    configuration: loaded.configuration,
    settings: loaded.settings,
    monitoringLog: { record: () => undefined, currentState: () => undefined },
    clock: systemClock,
    runPlugin: routeNativeChecks(new Map([['dummy', dummyCheck]]), noPlugins),
  });
  const keys = Array.from({ length: services }, (_, i) => {
    const { host, description } = benchServiceName(i);
    return `${host};${description}`;
  });
  try {
    await sleep(warmupSeconds * 1000);
    const checksBefore = monitoring.checkCounters().serviceChecks;
    const cpuBefore = process.cpuUsage();
    const machineBefore = machineBusyMs();
    const t0 = performance.now();
    const samples: number[] = [];
    const sampleLatencies = (): void => {
      for (const key of keys) samples.push((monitoring.checkSchedule(key)?.latencyMs ?? Number.NaN) / 1000);
    };
    const end = t0 + windowSeconds * 1000;
    for (let next = t0 + 10_000; next < end; next += 10_000) {
      await sleep(next - performance.now());
      sampleLatencies();
    }
    await sleep(end - performance.now());
    const cpu = process.cpuUsage(cpuBefore);
    const machine = machineBusyMs() - machineBefore;
    const seconds = (performance.now() - t0) / 1000;
    const checks = monitoring.checkCounters().serviceChecks - checksBefore;
    sampleLatencies();
    const after = memory();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const latency = latencySummary(samples);
    const figures = {
      services,
      intervalSeconds,
      target: services / intervalSeconds,
      windowSeconds: seconds,
      achieved: checks / seconds,
      latencyAvg: latency.avg,
      latencyP99: latency.p99,
      cpuMsPerCheck: cpuMs / checks,
      cores: cpuMs / (seconds * 1000),
      backgroundCores: Math.max(0, machine - cpuMs) / (seconds * 1000),
      rssPerService: (after.rss - base.rss) / services,
      heapPerService: (after.heap - base.heap) / services,
      engineRssPerService: (after.rss - afterLoad.rss) / services,
      engineHeapPerService: (after.heap - afterLoad.heap) / services,
      loadSeconds,
    };
    return { benchmark: 'engine-100k', ...figures, targets: scaleTargets(figures) };
  } finally {
    await monitoring.stop();
  }
}

function scaleTargets(f: Omit<Engine100kReport, 'benchmark' | 'targets'>): TargetCheck[] {
  return [
    {
      target: `${f.services} services every ${f.intervalSeconds} s sustained (achieved >= 98 % of the target rate)`,
      measured: `${fixed(f.achieved, 1)} of ${fixed(f.target, 1)} checks/s`,
      met: f.achieved >= 0.98 * f.target,
    },
    { target: 'on one core', measured: `${fixed(f.cores, 2)} CPUs busy`, met: f.cores <= 1 },
    { target: 'average latency under 1 s', measured: `${fixed(f.latencyAvg, 3)} s`, met: f.latencyAvg < 1 },
    {
      target: 'under 2 KB of memory per service (RSS, configuration and state)',
      measured: `${fixed(f.rssPerService / 1024, 2)} KB (heap ${fixed(f.heapPerService / 1024, 2)} KB)`,
      met: f.rssPerService < 2048,
    },
  ];
}

/** The report for people. */
export function formatEngine100kReport(r: Engine100kReport): string {
  const kb = (bytes: number): string => fixed(bytes / 1024, 2);
  return [
    `Engine at scale, in process: ${r.services} services, ${NATIVE_DUMMY} every ${r.intervalSeconds} s ` +
      `(configuration loaded in ${fixed(r.loadSeconds, 1)} s)`,
    markdownTable(
      [
        'target/s',
        'achieved/s',
        'latency avg s',
        'latency p99 s',
        'CPU ms/check',
        'cores',
        'KB/service RSS (all / engine)',
        'KB/service heap (all / engine)',
        'other load',
      ],
      [
        [
          fixed(r.target, 0),
          fixed(r.achieved, 1),
          fixed(r.latencyAvg, 3),
          fixed(r.latencyP99, 3),
          fixed(r.cpuMsPerCheck, 4),
          fixed(r.cores, 3),
          `${kb(r.rssPerService)} / ${kb(r.engineRssPerService)}`,
          `${kb(r.heapPerService)} / ${kb(r.engineHeapPerService)}`,
          fixed(r.backgroundCores, 2),
        ],
      ],
    ),
    '',
    formatTargets(r.targets),
    '',
    'All = growth since before the configuration was loaded (what Nagios 4 needs 1.7 KB for); ' +
      'engine = growth since the configuration was loaded (schedule and run-time state).',
    NOISE_NOTE,
  ].join('\n');
}
