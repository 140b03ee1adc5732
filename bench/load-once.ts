/**
 * One configuration load in a fresh process, so that the peak resident memory it reports is the
 * loader's own and not what earlier runs left behind. Prints one JSON {@link LoadSample} line.
 *
 * Usage: `node dist/bench/load-once.js site <site-dir>` or `... nagios <nagios.cfg>`.
 */
import { performance } from 'node:perf_hooks';
import type { LoadResult } from '../src/config/load-site.js';
import { exitWhenFlushed } from '../src/lib/exit-when-flushed.js';
import { countObjects } from '../src/model/objects.js';

/** What one load measured. */
export interface LoadSample {
  readonly ok: boolean;
  /** Wall time of the load call alone, in milliseconds. */
  readonly loadMs: number;
  /** Peak resident set size of the whole process, in MiB. */
  readonly peakRssMiB: number;
  /** Resident set size before the load (Node itself and the loaded modules), in MiB. */
  readonly baseRssMiB: number;
  readonly counts: Record<string, number>;
  readonly errors: number;
  readonly warnings: number;
  /** The first few errors, to say why a load failed. */
  readonly firstErrors: readonly string[];
}

/** The loader of `mode`, importing only its modules (the Nagios one needs none of the YAML ones), as the CLI does. */
async function loaderOf(mode: 'site' | 'nagios'): Promise<(path: string) => LoadResult> {
  return mode === 'site'
    ? (await import('../src/config/load-site.js')).loadSite
    : (await import('../src/config/load-nagios.js')).loadNagiosMainConfig;
}

async function main(argv: readonly string[]): Promise<number> {
  const [mode, path] = argv;
  if ((mode !== 'site' && mode !== 'nagios') || path === undefined) {
    process.stderr.write('usage: load-once.js site <site-dir> | nagios <nagios.cfg>\n');
    return 2;
  }
  const load = await loaderOf(mode);
  const baseRssMiB = process.memoryUsage().rss / 1024 / 1024;
  const start = performance.now();
  const result = load(path);
  const loadMs = performance.now() - start;
  // maxRSS is in KiB.
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const items = result.diagnostics.items;
  const sample: LoadSample = {
    ok: result.ok,
    loadMs,
    peakRssMiB,
    baseRssMiB,
    counts: result.ok ? countObjects(result.configuration) : {},
    errors: items.filter((d) => d.severity === 'error').length,
    warnings: items.filter((d) => d.severity === 'warning').length,
    firstErrors: items
      .filter((d) => d.severity === 'error')
      .slice(0, 5)
      .map((d) => `${d.file}:${d.line}: ${d.message}`),
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  return 0;
}

// The process ends as the command line's does, so that its time is what a user waits for.
exitWhenFlushed(await main(process.argv.slice(2)));
