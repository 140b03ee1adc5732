/**
 * `--only engine-10k`: the steady 10k workload (W1 of the project's performance reference) end to
 * end. A real site (`watchpost start` on a generated site) and Nagios 4 on the same
 * configuration — 10,000 services running `check_dummy 0 ok` every 60 s, hosts not actively
 * checked — one after the other in the same run, each warmed up for one interval and then
 * measured for a window. Targets: the site's own CPU per check (site process and spawn helpers,
 * without the plugins) at most half of Nagios 4's (core and workers), total CPU per check no more
 * than Nagios 4's, average latency under 0.5 s.
 */
import { join } from 'node:path';
import type { DaemonFailure, DaemonFigures } from './engine-daemon-figures.js';
import {
  DAEMON_HEADER,
  NOISE_NOTE,
  daemonRow,
  fixed,
  formatTargets,
  markdownTable,
  measuredRun,
  type TargetCheck,
} from './engine-report.js';
import { runSite } from './engine-site-run.js';
import { runNagios } from './nagios-run.js';

/** The plugin both daemons run. */
export const CHECK_DUMMY_LINE = '/usr/lib/nagios/plugins/check_dummy 0 ok';

/** How the benchmark runs; all but `workDir` have defaults. */
export interface Engine10kOptions {
  readonly workDir: string;
  readonly services?: number;
  readonly intervalSeconds?: number;
  /** Seconds measured after the warm-up (default 150). */
  readonly windowSeconds?: number;
  /** Seconds after launch before measuring (default: one interval). */
  readonly warmupSeconds?: number;
  readonly progress?: (line: string) => void;
}

/** What the benchmark measured. */
export interface Engine10kReport {
  readonly benchmark: 'engine-10k';
  readonly commandLine: string;
  readonly runs: readonly (DaemonFigures | DaemonFailure)[];
  readonly targets: readonly TargetCheck[];
}

/** The targets of the steady workload, from the two runs. */
export function steadyTargets(site: DaemonFigures | undefined, nagios: DaemonFigures | undefined): TargetCheck[] {
  const total = (f: DaemonFigures): number => f.ownCpuPer1000 + f.pluginCpuPer1000;
  const both = site !== undefined && nagios !== undefined;
  return [
    {
      target: 'own CPU per check at most half of Nagios 4 (core + workers)',
      measured: both
        ? `${fixed(site.ownCpuPer1000, 3)} vs ${fixed(nagios.ownCpuPer1000, 3)} s per 1,000 checks ` +
          `(${fixed(site.ownCpuPer1000 / nagios.ownCpuPer1000, 2)}x)`
        : 'needs both runs',
      met: both ? site.ownCpuPer1000 <= nagios.ownCpuPer1000 / 2 : null,
    },
    {
      target: 'total CPU per check (with plugins) no more than Nagios 4',
      measured: both
        ? `${fixed(total(site), 3)} vs ${fixed(total(nagios), 3)} s per 1,000 checks (${fixed(total(site) / total(nagios), 2)}x)`
        : 'needs both runs',
      met: both ? total(site) <= total(nagios) : null,
    },
    {
      target: 'average latency under 0.5 s',
      measured:
        site === undefined ? 'no site run' : `${fixed(site.latencyAvg, 3)} s (p99 ${fixed(site.latencyP99, 3)} s)`,
      met: site === undefined ? null : site.latencyAvg < 0.5,
    },
    {
      target: 'achieved at least 98 % of the target rate',
      measured: site === undefined ? 'no site run' : `${fixed(site.achieved, 1)} of ${fixed(site.target, 1)} checks/s`,
      met: site === undefined ? null : site.achieved >= 0.98 * site.target,
    },
  ];
}

/** Runs the site, then Nagios 4, on the same configuration. */
export async function runEngine10kBenchmark(input: Engine10kOptions): Promise<Engine10kReport> {
  const intervalSeconds = input.intervalSeconds ?? 60;
  const common = {
    services: input.services ?? 10_000,
    intervalSeconds,
    commandLine: CHECK_DUMMY_LINE,
    warmupSeconds: input.warmupSeconds ?? intervalSeconds,
    windowSeconds: input.windowSeconds ?? 150,
    // Each sample is a Livestatus query of every service, which costs the site CPU that Nagios'
    // status.dat (read from disk) does not: few samples, each of 10,000 values, are enough.
    sampleEverySeconds: 30,
    ...(input.progress === undefined ? {} : { progress: input.progress }),
  };
  input.progress?.(
    `engine-10k: ${common.services} services every ${intervalSeconds} s, warm-up ${common.warmupSeconds} s, ` +
      `window ${common.windowSeconds} s, site then nagios4`,
  );
  const site = await runSite({ ...common, dir: join(input.workDir, 'site-run') });
  const nagios = await runNagios({ ...common, dir: join(input.workDir, 'nagios-run') });
  return {
    benchmark: 'engine-10k',
    commandLine: CHECK_DUMMY_LINE,
    runs: [site, nagios],
    targets: steadyTargets(measuredRun(site) ? site : undefined, measuredRun(nagios) ? nagios : undefined),
  };
}

/** The report for people. */
export function formatEngine10kReport(r: Engine10kReport): string {
  const measured = r.runs.filter(measuredRun);
  const out = [
    `Steady workload end to end: ${r.commandLine}; CPU in CPU seconds per 1,000 checks ` +
      '(own = daemon process and its helpers/workers; plugin = what they reaped)',
    markdownTable(DAEMON_HEADER, measured.map(daemonRow)),
  ];
  for (const run of r.runs) if (!measuredRun(run)) out.push(`${run.daemon}: not measured: ${run.error}`);
  out.push('', formatTargets(r.targets), '', NOISE_NOTE);
  return out.join('\n');
}
