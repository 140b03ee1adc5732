/**
 * `npm run bench`: runs every benchmark in order and prints, for each, a table for people and
 * one JSON line for scripts. Benchmarks report against their targets; a missed target or a
 * missing comparison tool is printed, never an exit code. Only a benchmark that could not
 * measure at all (its input failed to load) exits non-zero.
 *
 * Options: `--runs N` (default 5), `--hosts N` (default 10000), for quicker tries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatConfigLoadReport, runConfigLoadBenchmark } from './config-load.js';
import { FULL_SIZE } from './generate-config.js';

/** One benchmark: runs in its own temporary directory, returns its table and its JSON record. */
interface Benchmark {
  readonly name: string;
  readonly run: (workDir: string, options: RunOptions) => { table: string; json: object; measured: boolean };
}

interface RunOptions {
  readonly runs: number;
  readonly hosts: number;
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'config-load',
    run: (workDir, options) => {
      const report = runConfigLoadBenchmark({
        workDir,
        runs: options.runs,
        size: { ...FULL_SIZE, hosts: options.hosts },
        progress: (line) => process.stderr.write(`  … ${line}\n`),
      });
      return { table: formatConfigLoadReport(report), json: report, measured: report.yaml.ok && report.nagios.ok };
    },
  },
];

function positiveOption(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  if (at === -1) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive whole number`);
  return value;
}

function main(argv: readonly string[]): number {
  const options: RunOptions = {
    runs: positiveOption(argv, '--runs', 5),
    hosts: positiveOption(argv, '--hosts', FULL_SIZE.hosts),
  };
  let allMeasured = true;
  for (const benchmark of BENCHMARKS) {
    const workDir = mkdtempSync(join(tmpdir(), `watchpost-bench-${benchmark.name}-`));
    try {
      process.stderr.write(`benchmark ${benchmark.name}\n`);
      const result = benchmark.run(workDir, options);
      process.stdout.write(`\n${result.table}\n\n${JSON.stringify(result.json)}\n`);
      allMeasured &&= result.measured;
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return allMeasured ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
