/**
 * `npm run bench`: runs every benchmark in order and prints, for each, a table for people and
 * one JSON line for scripts. Benchmarks report against their targets; a missed target or a
 * missing comparison tool is printed, never an exit code. Only a benchmark that could not
 * measure at all (its input failed to load) exits non-zero.
 *
 * Options, for quicker tries: `--runs N` (default 5), `--hosts N` (default 10000),
 * `--only NAME` (one benchmark), `--rates 400,800,...` and `--step-seconds N` (default 20) for
 * the offered check rates of check-throughput. `livestatus` measures --hosts and a tenth of it
 * (×10 services each), 20 runs per query unless --runs is given. The engine benchmarks
 * (`engine-10k`, `engine-knee`, `engine-100k`) take `--window-seconds N`, the measured window of
 * each run (default 150, 60 and 60), and `engine-knee` takes `--rates` too.
 * `native-checks` takes `--window-seconds N` too (default 30 s per runner). `notify` routes
 * 10,000 state changes through 100 rules and delivers e-mails through the spool to a local SMTP server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCheckThroughputReport } from './check-throughput-report.js';
import { runCheckThroughputBenchmark } from './check-throughput.js';
import { formatConfigLoadReport, runConfigLoadBenchmark } from './config-load.js';
import { formatEngine100kReport, runEngine100kBenchmark } from './engine-100k.js';
import { formatEngine10kReport, runEngine10kBenchmark } from './engine-10k.js';
import { formatEngineKneeReport, runEngineKneeBenchmark } from './engine-knee.js';
import { measuredRun } from './engine-report.js';
import { FULL_SIZE } from './generate-config.js';
import { runLivestatusBenchmark } from './livestatus-bench.js';
import { formatNativeChecksReport, runNativeChecksBenchmark } from './native-checks.js';
import { formatNotifyReport, runNotifyBenchmark } from './notify.js';
import { formatLivestatusReport } from './livestatus-report.js';

interface Outcome {
  readonly table: string;
  readonly json: object;
  readonly measured: boolean;
}

/** One benchmark: runs in its own temporary directory, returns its table and its JSON record. */
interface Benchmark {
  readonly name: string;
  readonly run: (workDir: string, options: RunOptions) => Outcome | Promise<Outcome>;
}

interface RunOptions {
  readonly runs: number;
  /** Whether --runs was given (benchmarks with another default keep theirs otherwise). */
  readonly runsGiven: boolean;
  readonly hosts: number;
  readonly rates: readonly number[] | undefined;
  readonly stepSeconds: number;
  /** --window-seconds: the measured window of the engine benchmarks, when given. */
  readonly windowSeconds: number | undefined;
}

const progress = (line: string): void => void process.stderr.write(`  … ${line}\n`);
const windowOf = (options: RunOptions): { windowSeconds?: number } =>
  options.windowSeconds === undefined ? {} : { windowSeconds: options.windowSeconds };

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
  {
    name: 'check-throughput',
    run: async (workDir, options) => {
      const report = await runCheckThroughputBenchmark({
        workDir,
        stepSeconds: options.stepSeconds,
        ...(options.rates === undefined ? {} : { rates: options.rates }),
        progress: (line) => process.stderr.write(`  … ${line}\n`),
      });
      // Measured when both runners ran; a missing Nagios is a missing comparison, not a failure.
      const measured = report.knee.filter((k) => k.runner !== 'nagios4').every((k) => k.available);
      return { table: formatCheckThroughputReport(report), json: report, measured };
    },
  },
  {
    name: 'livestatus',
    run: async (workDir, options) => {
      const report = await runLivestatusBenchmark({
        workDir,
        // 20 runs per query unless --runs says otherwise; sizes are --hosts and a tenth of it.
        runs: options.runsGiven ? options.runs : 20,
        hostCounts: [Math.max(1, Math.round(options.hosts / 10)), options.hosts],
        progress: (line) => process.stderr.write(`  … ${line}\n`),
      });
      // A missing Icinga 2 is a missing comparison, not a failure.
      return { table: formatLivestatusReport(report), json: report, measured: report.rows.length > 0 };
    },
  },
  {
    name: 'engine-10k',
    run: async (workDir, options) => {
      const report = await runEngine10kBenchmark({ workDir, ...windowOf(options), progress });
      // A missing Nagios is a missing comparison, not a failure.
      const measured = report.runs.some((r) => r.daemon === 'watchpost' && measuredRun(r));
      return { table: formatEngine10kReport(report), json: report, measured };
    },
  },
  {
    name: 'engine-knee',
    run: async (workDir, options) => {
      const report = await runEngineKneeBenchmark({
        workDir,
        ...windowOf(options),
        ...(options.rates === undefined ? {} : { rates: options.rates }),
        progress,
      });
      const measured = report.sweeps.some((s) => s.daemon === 'watchpost' && s.steps.length > 0);
      return { table: formatEngineKneeReport(report), json: report, measured };
    },
  },
  {
    name: 'engine-100k',
    run: async (workDir, options) => {
      const report = await runEngine100kBenchmark({ workDir, ...windowOf(options), progress });
      return { table: formatEngine100kReport(report), json: report, measured: report.achieved > 0 };
    },
  },
  {
    name: 'native-checks',
    run: async (workDir, options) => {
      const report = await runNativeChecksBenchmark({ workDir, ...windowOf(options), progress });
      return { table: formatNativeChecksReport(report), json: report, measured: report.native.checks > 0 };
    },
  },
  {
    name: 'notify',
    run: async (workDir) => {
      const report = await runNotifyBenchmark({ workDir, progress });
      return { table: formatNotifyReport(report), json: report, measured: !('unavailable' in report.delivery) };
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

function ratesOption(argv: readonly string[]): readonly number[] | undefined {
  const at = argv.indexOf('--rates');
  if (at === -1) return undefined;
  const rates = (argv[at + 1] ?? '').split(',').map(Number);
  if (rates.length === 0 || rates.some((r) => !Number.isInteger(r) || r < 1)) {
    throw new Error('--rates needs positive whole numbers separated by commas, such as 400,800,1200');
  }
  return rates.sort((a, b) => a - b);
}

async function main(argv: readonly string[]): Promise<number> {
  const options: RunOptions = {
    runs: positiveOption(argv, '--runs', 5),
    runsGiven: argv.includes('--runs'),
    hosts: positiveOption(argv, '--hosts', FULL_SIZE.hosts),
    rates: ratesOption(argv),
    stepSeconds: positiveOption(argv, '--step-seconds', 20),
    windowSeconds: argv.includes('--window-seconds') ? positiveOption(argv, '--window-seconds', 1) : undefined,
  };
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt === -1 ? null : (argv[onlyAt + 1] ?? '');
  const chosen = BENCHMARKS.filter((b) => only === null || b.name === only);
  if (chosen.length === 0) throw new Error(`--only needs one of: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  let allMeasured = true;
  for (const benchmark of chosen) {
    const workDir = mkdtempSync(join(tmpdir(), `watchpost-bench-${benchmark.name}-`));
    try {
      process.stderr.write(`benchmark ${benchmark.name}\n`);
      const result = await benchmark.run(workDir, options);
      process.stdout.write(`\n${result.table}\n\n${JSON.stringify(result.json)}\n`);
      allMeasured &&= result.measured;
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return allMeasured ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
