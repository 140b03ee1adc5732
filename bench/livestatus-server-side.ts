/**
 * The server side of the Livestatus queries alone: the benchmark's configuration loaded in this
 * process, the same states given to the engine as passive results and read through the site's
 * status source, and each request answered by the same code the site runs (parse → execute →
 * render → frame), without sockets or the site's event loop.
 * What remains between these figures and the ones over TCP is the connection, the event loop of
 * the site and writing the answer to the socket. It runs in a fresh process of its own
 * (`measureServerSideInChild`), so that the benchmark's own heap does not slow it down.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadSite } from '../src/config/load-site.js';
import { ANSWER_DEFAULTS, answerRequest, type AnswerContext } from '../src/livestatus/answer-request.js';
import { siteStatusSource } from '../src/app/site-status-source.js';
import { RenderedRowCache } from '../src/livestatus/rendered-rows.js';
import { startMonitoring } from '../src/engine/start-monitoring.js';
import { systemClock } from '../src/engine/system-clock.js';
import type { PluginStatus } from '../src/model/check-result.js';
import { serviceKey } from '../src/model/objects.js';
import { RecordingCommandSink } from '../src/testing/fake-status-source.js';
import { livestatusBenchObjects, type LivestatusBenchObjects } from './livestatus-config.js';

/** Median and p95 of one request, server side, in milliseconds. */
export interface ServerSideFigures {
  readonly query: string;
  readonly medianMs: number;
  readonly p95Ms: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? NaN;
}

/**
 * Answers each request `runs` times (after two untimed answers) over the site directory's
 * configuration; `null` when the configuration does not load.
 */
export async function measureServerSide(options: {
  readonly siteDir: string;
  readonly objects: LivestatusBenchObjects;
  readonly requests: readonly { readonly name: string; readonly text: string }[];
  readonly runs: number;
}): Promise<ServerSideFigures[] | null> {
  const loaded = loadSite(options.siteDir);
  if (!loaded.ok) return null;
  // The engine with the same states, received as passive results, read through the site's own
  // status source: what a Livestatus request of the site reads, without its sockets.
  const monitoring = startMonitoring({
    configuration: loaded.configuration,
    settings: { ...loaded.settings, checks: { ...loaded.settings.checks, active: false } },
    monitoringLog: { record: () => undefined, currentState: () => undefined },
    clock: systemClock,
    runPlugin: () => new Promise(() => undefined),
  });
  for (const s of options.objects.services) {
    monitoring.submitResult(serviceKey(s.hostName, s.description), {
      status: s.state as PluginStatus,
      output: s.output,
      longOutput: '',
      perfdata: '',
      durationMs: 0,
    });
  }
  const running = { configuration: loaded.configuration, settings: loaded.settings, monitoring, startedAt: Date.now() };
  const source = siteStatusSource(() => running, process.pid);
  const context: AnswerContext = {
    source,
    commands: new RecordingCommandSink(),
    logger: { log: () => undefined },
    now: Date.now,
    sleep: () => Promise.resolve(),
    counters: () => ({ requests: 0, connections: 0, activeConnections: 0 }),
    ...ANSWER_DEFAULTS,
    renderedRows: new RenderedRowCache(),
  };
  const origin = { listener: 'test', connection: 1 } as const;
  const figures: ServerSideFigures[] = [];
  for (const request of options.requests) {
    const lines = request.text.split('\n');
    const samples: number[] = [];
    for (let run = -2; run < options.runs; run++) {
      const start = performance.now();
      await answerRequest(lines, origin, context, new AbortController().signal);
      if (run >= 0) samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    figures.push({ query: request.name, medianMs: percentile(samples, 0.5), p95Ms: percentile(samples, 0.95) });
  }
  await monitoring.stop();
  return figures;
}

/** The request list a child gets: names and texts. */
type Requests = readonly { readonly name: string; readonly text: string }[];

/**
 * Runs {@link measureServerSide} in a fresh Node process for `hosts` hosts of the benchmark's
 * objects (generated again there, the same ones); `null` when it fails.
 */
export function measureServerSideInChild(options: {
  readonly siteDir: string;
  readonly hosts: number;
  readonly requests: Requests;
  readonly runs: number;
}): Promise<ServerSideFigures[] | null> {
  const script = fileURLToPath(import.meta.url);
  const args = [script, options.siteDir, String(options.hosts), String(options.runs), JSON.stringify(options.requests)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      const last = out.trimEnd().split('\n').at(-1) ?? '';
      try {
        resolve(code === 0 ? (JSON.parse(last) as ServerSideFigures[]) : null);
      } catch {
        resolve(null);
      }
    });
  });
}

/** The child: `livestatus-server-side.js SITE_DIR HOSTS RUNS REQUESTS_JSON`, one JSON line out. */
async function childMain(argv: readonly string[]): Promise<number> {
  const [siteDir = '', hosts = '', runs = '', requests = '[]'] = argv;
  const figures = await measureServerSide({
    siteDir,
    objects: livestatusBenchObjects(Number(hosts)),
    requests: JSON.parse(requests) as Requests,
    runs: Number(runs),
  });
  if (figures === null) return 1;
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await childMain(process.argv.slice(2));
}
