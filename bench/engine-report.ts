/**
 * Tables for people from the engine benchmarks' figures: one row per daemon run, the ratios of
 * the site to Nagios 4, and each target with whether it is met.
 */
import type { DaemonFailure, DaemonFigures } from './engine-daemon-figures.js';

/** A table in Markdown. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string => `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** A number with `digits` decimals, `—` when not a number. */
export const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** The header of {@link daemonRow}. */
export const DAEMON_HEADER = [
  'daemon',
  'services',
  'interval s',
  'target/s',
  'achieved/s',
  'latency avg s',
  'latency p99 s',
  'own CPU s/1000',
  'plugin CPU s/1000',
  'total CPU s/1000',
  'cores',
  'peak RSS MB (main / tree)',
  'other load',
] as const;

/** One run as a table row. */
export function daemonRow(f: DaemonFigures): string[] {
  return [
    f.daemon,
    String(f.services),
    String(f.intervalSeconds),
    fixed(f.target, 0),
    fixed(f.achieved, 1),
    fixed(f.latencyAvg, 3),
    fixed(f.latencyP99, 3),
    fixed(f.ownCpuPer1000, 3),
    fixed(f.pluginCpuPer1000, 3),
    fixed(f.ownCpuPer1000 + f.pluginCpuPer1000, 3),
    fixed(f.cores, 2),
    `${fixed(f.peakRssMb, 1)} / ${fixed(f.peakTreeRssMb, 1)}`,
    fixed(f.backgroundCores, 2),
  ];
}

/** A target and whether it held. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

/** Targets as lines: `[met]`, `[MISSED]` or `[not measured]`. */
export function formatTargets(checks: readonly TargetCheck[]): string {
  return checks
    .map((c) => `${c.met === null ? '[not measured]' : c.met ? '[met]   ' : '[MISSED]'} ${c.target}: ${c.measured}`)
    .join('\n');
}

/** Whether a run produced figures. */
export const measuredRun = (run: DaemonFigures | DaemonFailure): run is DaemonFigures => !('error' in run);

/** The caveat printed under every engine benchmark. */
export const NOISE_NOTE =
  'Other load: CPUs busy with processes outside the measured daemon meanwhile (the machine has ' +
  'two); above ~0.1 the CPU and latency figures are disturbed. Re-run on a quiet machine to compare.';
