/**
 * `--only engine-knee`: the knee sweep (W2 of the project's performance reference) end to end,
 * the real site and Nagios 4 at rising plugin check rates. Where `check-throughput` finds the
 * knee of the plugin runners alone, this one runs whole daemons: at each rate R, R x 10
 * services running `check_dummy 0 ok` every 10 s, first the site, then Nagios 4, each warmed up
 * for a round (interval + 10 s) and measured for a window. A rate is sustained when the daemon
 * achieved at least 98 % of it with p99 latency under 1 s (the rule of check-throughput); the knee
 * is the highest sustained rate counting up, and a daemon stops after two rates in a row it did
 * not sustain. Target: the site's knee above Nagios 4's (about 1,065 checks/s on the reference
 * machine), toward the machine's posix_spawn ceiling (about 1,500/s).
 */
import { join } from 'node:path';
import type { DaemonFailure, DaemonFigures, DaemonRunOptions } from './engine-daemon-figures.js';
import { CHECK_DUMMY_LINE } from './engine-10k.js';
import {
  DAEMON_HEADER,
  NOISE_NOTE,
  daemonRow,
  formatTargets,
  markdownTable,
  type TargetCheck,
} from './engine-report.js';
import { runSite } from './engine-site-run.js';
import { runNagios } from './nagios-run.js';

/** How the sweep runs; all but `workDir` have defaults. */
export interface EngineKneeOptions {
  readonly workDir: string;
  /** Offered rates, lowest first (default 500, 1000, 1250, 1500, 1750, 2000). */
  readonly rates?: readonly number[];
  readonly intervalSeconds?: number;
  /** Seconds measured at each rate (default 60: Nagios' counter covers a minute). */
  readonly windowSeconds?: number;
  readonly progress?: (line: string) => void;
}

/** One daemon's steps. */
export interface KneeSweep {
  readonly daemon: 'watchpost' | 'nagios4';
  readonly steps: readonly DaemonFigures[];
  readonly knee: number | null;
  readonly maxAchieved: number;
  /** Why a step could not be measured, when one could not. */
  readonly error?: string;
}

/** What the sweep measured. */
export interface EngineKneeReport {
  readonly benchmark: 'engine-knee';
  readonly kneeRule: string;
  readonly sweeps: readonly KneeSweep[];
  readonly targets: readonly TargetCheck[];
}

const DEFAULT_RATES = [500, 1000, 1250, 1500, 1750, 2000];
const SUSTAINED_SHARE = 0.98;
const SUSTAINED_P99_SECONDS = 1;
const FAILED_STEPS_TO_STOP = 2;

/** Whether a daemon kept up with a rate. */
export const keptUp = (f: DaemonFigures): boolean =>
  f.achieved >= SUSTAINED_SHARE * f.target && f.latencyP99 < SUSTAINED_P99_SECONDS;

/** The highest rate kept up with, counting up; `null` when the first was not. */
export function kneeRate(steps: readonly DaemonFigures[]): number | null {
  let knee: number | null = null;
  for (const step of steps) {
    if (!keptUp(step)) break;
    knee = step.target;
  }
  return knee;
}

type Runner = (o: DaemonRunOptions) => Promise<DaemonFigures | DaemonFailure>;

/** Runs the sweep: rate by rate, the site then Nagios 4, so outside load hits both alike. */
export async function runEngineKneeBenchmark(input: EngineKneeOptions): Promise<EngineKneeReport> {
  const rates = input.rates ?? DEFAULT_RATES;
  const intervalSeconds = input.intervalSeconds ?? 10;
  const daemons: { daemon: 'watchpost' | 'nagios4'; run: Runner; steps: DaemonFigures[]; error?: string }[] = [
    { daemon: 'watchpost', run: runSite, steps: [] },
    { daemon: 'nagios4', run: runNagios, steps: [] },
  ];
  for (const rate of rates) {
    for (const d of daemons) {
      const failing = d.steps.slice(-FAILED_STEPS_TO_STOP);
      if (d.error !== undefined || (failing.length === FAILED_STEPS_TO_STOP && !failing.some(keptUp))) continue;
      input.progress?.(`engine-knee: ${d.daemon} at ${rate} checks/s`);
      const step = await d.run({
        dir: join(input.workDir, `${d.daemon}-${rate}`),
        services: Math.round(rate * intervalSeconds),
        intervalSeconds,
        commandLine: CHECK_DUMMY_LINE,
        warmupSeconds: intervalSeconds + 10,
        windowSeconds: input.windowSeconds ?? 60,
        sampleEverySeconds: 20,
        ...(input.progress === undefined ? {} : { progress: input.progress }),
      });
      if ('error' in step) d.error = step.error;
      else d.steps.push(step);
    }
  }
  const sweeps = daemons.map((d): KneeSweep => ({
    daemon: d.daemon,
    steps: d.steps,
    knee: kneeRate(d.steps),
    maxAchieved: Math.max(0, ...d.steps.map((s) => s.achieved)),
    ...(d.error === undefined ? {} : { error: d.error }),
  }));
  const [site, nagios] = sweeps;
  const measured = site !== undefined && nagios !== undefined && site.steps.length > 0 && nagios.steps.length > 0;
  return {
    benchmark: 'engine-knee',
    kneeRule: `achieved >= ${SUSTAINED_SHARE * 100} % of the offered rate and p99 latency < ${SUSTAINED_P99_SECONDS} s, counting up`,
    sweeps,
    targets: [
      {
        target: 'knee above Nagios 4',
        measured: measured
          ? `${site.knee ?? 'none'} vs ${nagios.knee ?? 'none'} checks/s (max achieved ${site.maxAchieved.toFixed(0)} vs ${nagios.maxAchieved.toFixed(0)})`
          : 'needs both sweeps',
        met: measured ? (site.knee ?? 0) > (nagios.knee ?? 0) : null,
      },
    ],
  };
}

/** The report for people. */
export function formatEngineKneeReport(r: EngineKneeReport): string {
  const out = [
    `Knee sweep end to end: ${CHECK_DUMMY_LINE}, services = rate x interval; knee rule: ${r.kneeRule}`,
    markdownTable(
      DAEMON_HEADER,
      r.sweeps.flatMap((s) => s.steps.map(daemonRow)),
    ),
  ];
  for (const s of r.sweeps) {
    out.push(
      `${s.daemon}: knee ${s.knee === null ? 'below the lowest rate' : `${s.knee}/s`}, max achieved ${s.maxAchieved.toFixed(0)}/s` +
        (s.error === undefined ? '' : `; stopped: ${s.error}`),
    );
  }
  out.push('', formatTargets(r.targets), '', NOISE_NOTE);
  return out.join('\n');
}
