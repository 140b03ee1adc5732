/**
 * What one run of a monitoring daemon (the site or Nagios 4) on a generated configuration
 * yields, measured the same way for both, and the small statistics the engine benchmarks share.
 */

/** One daemon, one configuration, one measured window. */
export interface DaemonFigures {
  readonly daemon: 'watchpost' | 'nagios4';
  readonly services: number;
  readonly intervalSeconds: number;
  /** Checks asked for per second: services / interval. */
  readonly target: number;
  readonly windowSeconds: number;
  /** Service checks per second in the window, by the daemon's own counters. */
  readonly achieved: number;
  /** The daemon's own check latency (start − due), seconds, over every sample in the window. */
  readonly latencyAvg: number;
  readonly latencyP99: number;
  /** Daemon CPU (main process and its helpers/workers) per 1,000 checks, in CPU seconds. */
  readonly ownCpuPer1000: number;
  /** CPU of the plugins the helpers/workers reaped, per 1,000 checks, in CPU seconds. */
  readonly pluginCpuPer1000: number;
  /** Daemon + plugins, in CPUs busy. */
  readonly cores: number;
  /** CPUs other processes kept busy meanwhile (the machine is shared: above ~0.1 the figures are disturbed). */
  readonly backgroundCores: number;
  readonly peakRssMb: number;
  readonly peakTreeRssMb: number;
  /** Launch to the first answer (Livestatus) or status file. */
  readonly startSeconds: number;
}

/** A daemon that could not be measured, and why. */
export interface DaemonFailure {
  readonly daemon: 'watchpost' | 'nagios4';
  readonly error: string;
}

/** How a daemon is run. */
export interface DaemonRunOptions {
  /** An empty directory for this run. */
  readonly dir: string;
  readonly services: number;
  readonly intervalSeconds: number;
  readonly commandLine: string;
  /** Seconds after launch before the window starts. */
  readonly warmupSeconds: number;
  readonly windowSeconds: number;
  /** Seconds between latency samples of the site (Livestatus queries) in the window; Nagios' status.dat is read every 10 s. */
  readonly sampleEverySeconds?: number;
  readonly progress?: (line: string) => void;
}

/** The nearest-rank percentile of sorted values. */
export function percentileOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Average and p99 of latency samples (seconds). */
export function latencySummary(samples: number[]): { readonly avg: number; readonly p99: number } {
  if (samples.length === 0) return { avg: Number.NaN, p99: Number.NaN };
  samples.sort((a, b) => a - b);
  let sum = 0;
  for (const value of samples) sum += value;
  return { avg: sum / samples.length, p99: percentileOf(samples, 99) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
