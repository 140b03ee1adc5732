/**
 * The configuration load benchmark: how long reading and validating 10,000 hosts with 100,000
 * services takes, and how much memory it needs, in both formats, next to `nagios4 -v` on the
 * same Nagios files. Every load runs in a fresh process so that its peak memory is its own.
 *
 * Targets (stated beside the figures, never enforced: a benchmark reports, it does not fail):
 * under 2 s and under 300 MB per load, and faster than `nagios4 -v`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { FULL_SIZE, generateBenchConfig, type BenchSize } from './generate-config.js';
import type { LoadSample } from './load-once.js';
import { WATCHPOST_BIN, WATCHPOST_NODE_OPTIONS } from './watchpost-command.js';

/** How the benchmark runs. */
export interface ConfigLoadOptions {
  /** An empty directory the configuration is generated in. */
  readonly workDir: string;
  readonly size?: BenchSize;
  /** Repetitions of each measurement; the median is reported. */
  readonly runs?: number;
  /** Progress lines, so a long run shows it is alive. */
  readonly progress?: (line: string) => void;
}

/** The medians of one loader's repeated runs. */
export interface LoadFigures {
  readonly ok: boolean;
  /** Wall time of the load call in the child process. */
  readonly loadMs: number;
  /** Wall time of the whole child process: Node start, module load, the load, exit. */
  readonly processMs: number;
  readonly peakRssMB: number;
  readonly baseRssMB: number;
  readonly counts: Record<string, number>;
  readonly errors: number;
  readonly warnings: number;
  readonly firstErrors: readonly string[];
  readonly meetsTimeTarget: boolean;
  readonly meetsMemoryTarget: boolean;
}

/** `nagios4 -v` on the same files, or why it was not run. */
export type Nagios4Figures =
  | {
      readonly available: true;
      readonly accepted: boolean;
      readonly processMs: number;
      readonly peakRssMB: number | null;
      readonly outputTail: string;
    }
  | { readonly available: false; readonly reason: string };

/** `watchpost check-config` on the generated site, end to end, when the CLI exists. */
export type CheckConfigFigures =
  | { readonly available: true; readonly exitCode: number; readonly processMs: number; readonly outputTail: string }
  | { readonly available: false; readonly reason: string };

/** Everything the benchmark measured. */
export interface ConfigLoadReport {
  readonly benchmark: 'config-load';
  readonly hosts: number;
  readonly services: number;
  readonly runs: number;
  readonly targets: { readonly loadMs: number; readonly peakRssMB: number; readonly fasterThanNagios4: true };
  readonly yaml: LoadFigures;
  readonly nagios: LoadFigures;
  readonly nagios4: Nagios4Figures;
  /** watchpost process time / nagios4 process time on the same nagios.cfg; < 1 meets the target. */
  readonly ratioWatchpostToNagios4: number | null;
  readonly checkConfig: CheckConfigFigures;
}

const TARGET_MS = 2000;
const TARGET_MB = 300;
const MB = 1_000_000;
const MIB = 1024 * 1024;

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? NaN) + upper) / 2;
}

/** The load process, bundled as the command line is (scripts/build-bundle.mjs), or without a bundle as tsc compiled it. */
const BUNDLED_LOAD_ONCE = fileURLToPath(new URL('../cli/load-once.js', import.meta.url));
const LOAD_ONCE = existsSync(BUNDLED_LOAD_ONCE)
  ? BUNDLED_LOAD_ONCE
  : fileURLToPath(new URL('./load-once.js', import.meta.url));

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * The environment of the Node processes measured: this one's without NODE_EXTRA_CA_CERTS. With it
 * Node reads and parses that certificate bundle at every start (some 40 ms for a system bundle),
 * for TLS that loading a configuration never uses, and which nagios4 does not pay for.
 */
function loaderEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** One load in a fresh Node process. */
function loadOnce(mode: 'site' | 'nagios', path: string): { sample: LoadSample; processMs: number } {
  const start = performance.now();
  const child = spawnSync(process.execPath, [...WATCHPOST_NODE_OPTIONS, LOAD_ONCE, mode, path], {
    encoding: 'utf8',
    maxBuffer: 64 * MIB,
    env: loaderEnv(),
  });
  const processMs = performance.now() - start;
  const last = child.stdout.trimEnd().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !last.startsWith('{')) {
    throw new Error(
      `load-once ${mode} ${path} failed (exit ${child.status ?? child.signal}): ${tail(child.stderr, 20)}`,
    );
  }
  return { sample: JSON.parse(last) as LoadSample, processMs };
}

function measureLoads(mode: 'site' | 'nagios', path: string, runs: number): LoadFigures {
  return loadFigures(Array.from({ length: runs }, () => loadOnce(mode, path)));
}

/** The medians of one loader's runs. */
function loadFigures(samples: readonly { sample: LoadSample; processMs: number }[]): LoadFigures {
  const last = samples.at(-1)?.sample;
  const loadMs = median(samples.map((s) => s.sample.loadMs));
  const peakRssMB = (median(samples.map((s) => s.sample.peakRssMiB)) * MIB) / MB;
  return {
    ok: samples.every((s) => s.sample.ok),
    loadMs,
    processMs: median(samples.map((s) => s.processMs)),
    peakRssMB,
    baseRssMB: (median(samples.map((s) => s.sample.baseRssMiB)) * MIB) / MB,
    counts: last?.counts ?? {},
    errors: last?.errors ?? 0,
    warnings: last?.warnings ?? 0,
    firstErrors: last?.firstErrors ?? [],
    meetsTimeTarget: loadMs < TARGET_MS,
    meetsMemoryTarget: peakRssMB < TARGET_MB,
  };
}

/** The nagios4 binary: on the PATH or where Debian's nagios4-core puts it (sbin is not on every PATH). */
export function findNagios4(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/nagios/bin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const path = join(dir, 'nagios4');
    if (existsSync(path)) return path;
  }
  return null;
}

/** One `nagios4 -v` run: its wall time, whether it accepted the configuration, and what it said. */
interface Nagios4Run {
  readonly ms: number;
  readonly accepted: boolean;
  readonly output: string;
}

function nagios4Once(binary: string, nagiosCfg: string): Nagios4Run {
  const start = performance.now();
  const child = spawnSync(binary, ['-v', nagiosCfg], { encoding: 'utf8', maxBuffer: 64 * MIB });
  return { ms: performance.now() - start, accepted: child.status === 0, output: `${child.stdout}${child.stderr}` };
}

function nagios4Figures(binary: string, nagiosCfg: string, runs: readonly Nagios4Run[]): Nagios4Figures {
  const accepted = runs.every((run) => run.accepted);
  return {
    available: true,
    accepted,
    processMs: median(runs.map((run) => run.ms)),
    peakRssMB: nagios4PeakRss(binary, nagiosCfg),
    outputTail: tail(runs.at(-1)?.output ?? '', accepted ? 1 : 12),
  };
}

/**
 * The Nagios loader and `nagios4 -v` on the same nagios.cfg, run by turns: on a machine where
 * others work, a busy minute then slows both alike instead of one of them, so their ratio holds.
 */
function measureNagiosPair(nagiosCfg: string, runs: number): { nagios: LoadFigures; nagios4: Nagios4Figures } {
  const binary = findNagios4();
  const loads: { sample: LoadSample; processMs: number }[] = [];
  const nagios4Runs: Nagios4Run[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(loadOnce('nagios', nagiosCfg));
    if (binary !== null) nagios4Runs.push(nagios4Once(binary, nagiosCfg));
  }
  const nagios4: Nagios4Figures =
    binary === null
      ? {
          available: false,
          reason: 'nagios4 is not installed: install the Debian package nagios4-core for the comparison',
        }
      : nagios4Figures(binary, nagiosCfg, nagios4Runs);
  return { nagios: loadFigures(loads), nagios4 };
}

/** nagios4's peak memory through GNU time (one extra run), or `null` without it. */
function nagios4PeakRss(binary: string, nagiosCfg: string): number | null {
  if (!existsSync('/usr/bin/time')) return null;
  const child = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', binary, '-v', nagiosCfg], { encoding: 'utf8' });
  const match = /maxrss=(\d+)/.exec(child.stderr);
  return match?.[1] === undefined ? null : (Number(match[1]) * 1024) / MB;
}

function measureCheckConfig(siteDir: string, runs: number): CheckConfigFigures {
  const bin = WATCHPOST_BIN;
  if (!existsSync(bin)) return { available: false, reason: 'bin/watchpost does not exist yet' };
  const times: number[] = [];
  let exitCode = 0;
  let output = '';
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const child = spawnSync(process.execPath, [...WATCHPOST_NODE_OPTIONS, bin, 'check-config', '--site-dir', siteDir], {
      encoding: 'utf8',
      maxBuffer: 64 * MIB,
      env: loaderEnv(),
    });
    times.push(performance.now() - start);
    exitCode = child.status ?? -1;
    output = `${child.stdout}${child.stderr}`;
  }
  return { available: true, exitCode, processMs: median(times), outputTail: tail(output, 3) };
}

/** Generates the configuration and measures every loader on it. */
export function runConfigLoadBenchmark(options: ConfigLoadOptions): ConfigLoadReport {
  const size = options.size ?? FULL_SIZE;
  const runs = options.runs ?? 5;
  const progress = options.progress ?? ((): void => undefined);
  progress(`generating ${size.hosts} hosts × ${size.servicesPerHost} services in both formats`);
  const generated = generateBenchConfig(options.workDir, size);
  progress(`loadSite (native YAML), ${runs} runs`);
  const yaml = measureLoads('site', generated.siteDir, runs);
  progress(`loadNagiosMainConfig (nagios.cfg) and nagios4 -v by turns, ${runs} runs each`);
  const { nagios, nagios4 } = measureNagiosPair(generated.nagiosCfg, runs);
  progress(`watchpost check-config, ${runs} runs`);
  const checkConfig = measureCheckConfig(generated.siteDir, runs);
  const ratio = nagios4.available && nagios4.accepted && nagios.ok ? nagios.processMs / nagios4.processMs : null;
  return {
    benchmark: 'config-load',
    hosts: generated.hosts,
    services: generated.services,
    runs,
    targets: { loadMs: TARGET_MS, peakRssMB: TARGET_MB, fasterThanNagios4: true },
    yaml,
    nagios,
    nagios4,
    ratioWatchpostToNagios4: ratio,
    checkConfig,
  };
}

const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
const ms = (n: number): string => `${Math.round(n).toLocaleString('en-US')} ms`;
const mb = (n: number | null): string => (n === null ? '-' : `${Math.round(n)} MB`);

function loadRow(name: string, f: LoadFigures, expected: { hosts: number; services: number }): string[] {
  const countsRight = f.counts.hosts === expected.hosts && f.counts.services === expected.services;
  const result = !f.ok
    ? `FAILED TO LOAD (${f.errors} errors)`
    : `time ${verdict(f.meetsTimeTarget)}, memory ${verdict(f.meetsMemoryTarget)}${countsRight ? '' : ', WRONG COUNTS'}`;
  return [name, ms(f.loadMs), ms(f.processMs), mb(f.peakRssMB), `< 2 s, < ${TARGET_MB} MB`, result];
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The report as a table for people, with every note a reader needs to trust or distrust it. */
export function formatConfigLoadReport(r: ConfigLoadReport): string {
  const expected = { hosts: r.hosts, services: r.services };
  const rows: string[][] = [
    ['measurement', 'load', 'process', 'peak RSS', 'target', 'result'],
    loadRow('loadSite (native YAML site)', r.yaml, expected),
    loadRow('loadNagiosMainConfig (nagios.cfg)', r.nagios, expected),
  ];
  const notes: string[] = [];
  if (r.nagios4.available) {
    rows.push([
      'nagios4 -v nagios.cfg',
      '-',
      ms(r.nagios4.processMs),
      mb(r.nagios4.peakRssMB),
      '(reference)',
      r.nagios4.accepted ? 'accepted' : 'REJECTED the configuration',
    ]);
    if (!r.nagios4.accepted) notes.push(`nagios4 -v said:\n${r.nagios4.outputTail}`);
  } else {
    notes.push(`No comparison with Nagios: ${r.nagios4.reason}.`);
  }
  if (r.checkConfig.available) {
    rows.push([
      'watchpost check-config (end to end)',
      '-',
      ms(r.checkConfig.processMs),
      '-',
      '-',
      `exit ${r.checkConfig.exitCode}`,
    ]);
  } else {
    notes.push(`watchpost check-config not timed: ${r.checkConfig.reason}.`);
  }
  for (const [name, f] of [
    ['loadSite', r.yaml],
    ['loadNagiosMainConfig', r.nagios],
  ] as const) {
    if (!f.ok) notes.push(`${name} reported ${f.errors} errors, first:\n  ${f.firstErrors.join('\n  ')}`);
  }
  const ratio =
    r.ratioWatchpostToNagios4 === null
      ? 'ratio watchpost/nagios4: not available'
      : `ratio watchpost/nagios4 (process time, same nagios.cfg): ${r.ratioWatchpostToNagios4.toFixed(2)} ` +
        `(target < 1, faster than nagios4 -v: ${verdict(r.ratioWatchpostToNagios4 < 1)})`;
  return [
    `Configuration load: ${r.hosts.toLocaleString('en-US')} hosts, ${r.services.toLocaleString('en-US')} services; ` +
      `median of ${r.runs} runs, each in a fresh process`,
    '(load = the load call alone; process = Node start, module load, load and exit; peak RSS = the whole process;',
    ' Node runs without NODE_EXTRA_CA_CERTS, whose certificate bundle it would parse at every start)',
    '(loadNagiosMainConfig and nagios4 -v run by turns, so that a busy machine slows both alike)',
    '',
    table(rows),
    '',
    ratio,
    `Node baseline RSS before loading: ${mb(r.yaml.baseRssMB)}`,
    ...notes,
  ].join('\n');
}
