/**
 * The server side of the Livestatus queries alone: the benchmark's configuration loaded in this
 * process, the same states in a test status source, and each request answered by the same code
 * the site runs (parse → execute → render → frame), without sockets or the site's event loop.
 * What remains between these figures and the ones over TCP is the connection, the event loop of
 * the site and the site's own status lookups (a map of every object, see the report).
 */
import { performance } from 'node:perf_hooks';
import { loadSite } from '../src/config/load-site.js';
import { ANSWER_DEFAULTS, answerRequest, type AnswerContext } from '../src/livestatus/answer-request.js';
import type { ObjectState, ServiceProblem } from '../src/model/check-state.js';
import { FakeStatusSource, RecordingCommandSink } from '../src/testing/fake-status-source.js';
import type { LivestatusBenchObjects } from './livestatus-config.js';

/** Median and p95 of one request, server side, in milliseconds. */
export interface ServerSideFigures {
  readonly query: string;
  readonly medianMs: number;
  readonly p95Ms: number;
}

const PROBLEMS: readonly (ServiceProblem | null)[] = [null, 'warning', 'critical', 'unknown'];

function statesOf(objects: LivestatusBenchObjects, now: number): ObjectState[] {
  return objects.services.map((s): ObjectState => {
    const observation = {
      lastCheck: now,
      lastStateChange: now,
      lastHardStateChange: now,
      previousProblem: null,
      output: s.output,
      longOutput: '',
      perfdata: '',
    };
    const problem = PROBLEMS[s.state] ?? null;
    return {
      object: 'service',
      hostName: s.hostName,
      description: s.description,
      state:
        problem === null
          ? { kind: 'ok', ...observation }
          : { kind: 'hard-problem', problem, attempt: 1, ...observation },
    };
  });
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
  const source = new FakeStatusSource({
    configuration: loaded.configuration,
    states: statesOf(options.objects, Date.now()),
  });
  const context: AnswerContext = {
    source,
    commands: new RecordingCommandSink(),
    logger: { log: () => undefined },
    now: Date.now,
    sleep: () => Promise.resolve(),
    counters: () => ({ requests: 0, connections: 0, activeConnections: 0 }),
    ...ANSWER_DEFAULTS,
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
  return figures;
}
