/**
 * The Livestatus query benchmark: a running Watchpost site and a private Icinga 2 with its
 * Livestatus feature, loaded with the same hosts and services in the same states, asked the same
 * queries by the same client, in alternation (one run of a query on one, then on the other), so
 * that a busy machine slows both alike. Per query and system: median and p95 over the runs, and
 * the ratio Icinga 2 / Watchpost.
 *
 * States arrive the way a site gets passive results: one PROCESS_SERVICE_CHECK_RESULT per service
 * through Livestatus, to both daemons; the benchmark then waits until both count the expected
 * number of services per state and their processes are idle, and only then measures.
 *
 * Targets (printed, never an exit code): every query at least 5× faster than Icinga 2, the full
 * scan of 100,000 services under 100 ms, one service looked up under 1 ms.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeIcingaConfig } from './icinga-config.js';
import { ClientConnection, queryOnce, sendCommands, type TimedAnswer } from './livestatus-client.js';
import { livestatusBenchObjects, writeWatchpostSite, type LivestatusBenchObjects } from './livestatus-config.js';
import { findIcinga2, freePort, startIcinga, startWatchpostSite, type RunningDaemon } from './livestatus-daemon.js';
import { measureServerSideInChild } from './livestatus-server-side.js';
import { childPids, machineBusyMs, totalCpu } from './process-cpu.js';
import { startFloorServer, type FloorServer } from './tcp-floor-server.js';

/** How the benchmark runs. */
export interface LivestatusBenchOptions {
  readonly workDir: string;
  /** Host counts to measure (10 services each); default 1,000 and 10,000. */
  readonly hostCounts?: readonly number[];
  /** Timed runs per query and system (after two untimed ones). Default 20. */
  readonly runs?: number;
  /** Connections of the concurrency measurement. Default 50. */
  readonly clients?: number;
  readonly progress?: (line: string) => void;
}

/** The figures of one query on one system. */
export interface QueryFigures {
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly samples: number;
  /** Concurrency only: answers per second over the whole measurement. */
  readonly perSecond?: number;
}

/** One query at one size. */
export interface QueryRow {
  readonly query: string;
  readonly services: number;
  readonly watchpost: QueryFigures;
  readonly icinga: QueryFigures | null;
  /** Icinga median / Watchpost median. */
  readonly ratio: number | null;
  /** The same request answered in this process without sockets (see livestatus-server-side.ts). */
  readonly serverSide: { readonly medianMs: number; readonly p95Ms: number } | null;
  /**
   * The single lookup only: the same exchange with a server that does nothing else
   * (tcp-floor-server.ts), asked in the same alternation: the part of the time over TCP no server saves.
   */
  readonly floor?: QueryFigures;
  /** The targets that apply to this row and whether each is met. */
  readonly targets: readonly { readonly name: string; readonly met: boolean }[];
}

/** Everything the benchmark measured. */
export interface LivestatusReport {
  readonly benchmark: 'livestatus';
  readonly runs: number;
  readonly clients: number;
  readonly cpus: number;
  readonly icinga:
    { readonly available: true; readonly version: string } | { readonly available: false; readonly reason: string };
  readonly rows: readonly QueryRow[];
  /** CPUs other processes kept busy while each size was measured (2.0 = both CPUs of this machine). */
  readonly backgroundCores: Readonly<Record<string, number>>;
  readonly problems: readonly string[];
}

/** The queries, each asked of both systems. `pick` varies the object looked up per run. */
interface BenchQuery {
  readonly name: string;
  request(objects: LivestatusBenchObjects, run: number): string;
  /** Why an answer is wrong, or `null`. */
  verify(body: string, objects: LivestatusBenchObjects): string | null;
}

const COMMON = 'OutputFormat: json\nResponseHeader: fixed16';

function rowsOf(body: string): unknown[][] | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return Array.isArray(parsed) ? (parsed as unknown[][]) : null;
  } catch {
    return null;
  }
}

function expectRows(body: string, count: number): string | null {
  const rows = rowsOf(body);
  if (rows === null) return `not JSON: ${body.slice(0, 200)}`;
  return rows.length === count ? null : `${rows.length} rows, expected ${count}`;
}

/** A service chosen per run, spread over the whole table (the same sequence for both systems). */
function pickService(objects: LivestatusBenchObjects, run: number): { hostName: string; description: string } {
  const index = Math.imul(run + 7, 40503) % objects.services.length;
  const service = objects.services[Math.abs(index)];
  return service ?? { hostName: '', description: '' };
}

function lookupRequest(objects: LivestatusBenchObjects, run: number, keepAlive: boolean): string {
  const { hostName, description } = pickService(objects, run);
  return [
    'GET services',
    'Columns: host_name description state plugin_output',
    `Filter: host_name = ${hostName}`,
    `Filter: description = ${description}`,
    COMMON,
    ...(keepAlive ? ['KeepAlive: on'] : []),
  ].join('\n');
}

const QUERIES: readonly BenchQuery[] = [
  {
    name: 'all services, 3 columns',
    request: () => `GET services\nColumns: host_name description state\n${COMMON}`,
    verify: (body, o) => expectRows(body, o.services.length),
  },
  {
    name: 'Filter: state != 0',
    request: () => `GET services\nColumns: host_name description state\nFilter: state != 0\n${COMMON}`,
    verify: (body, o) => expectRows(body, o.services.length - o.stateCounts[0]),
  },
  {
    name: 'Stats: state = 0..3',
    request: () => `GET services\nStats: state = 0\nStats: state = 1\nStats: state = 2\nStats: state = 3\n${COMMON}`,
    verify: (body, o) => {
      const counts = rowsOf(body)?.[0]?.map(Number) ?? [];
      return counts.join(',') === o.stateCounts.join(',')
        ? null
        : `counts ${counts.join(',')}, expected ${o.stateCounts.join(',')}`;
    },
  },
  {
    name: 'one service (host_name, description)',
    request: (o, run) => lookupRequest(o, run, false),
    verify: (body) => expectRows(body, 1),
  },
];

const CONCURRENT = 'one service, 50 keep-alive clients';

/** The single lookup, also asked of the floor server. */
const LOOKUP = QUERIES[3];

/** The value below which `fraction` of the sorted values lie (nearest rank). */
export function percentileOf(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

function figures(samples: readonly number[], perSecond?: number): QueryFigures {
  const sorted = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return {
    medianMs: percentileOf(sorted, 0.5),
    p95Ms: percentileOf(sorted, 0.95),
    minMs: sorted[0] ?? NaN,
    samples: sorted.length,
    ...(perSecond === undefined ? {} : { perSecond }),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every process of a daemon's tree (Icinga 2 forks a worker below its umbrella process). */
function treeOf(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childPids(all[i] ?? 0));
  return all;
}

/** Waits until the daemon's processes use less than 5 % of a CPU over 2 s, at most `maxMs`. */
async function waitIdle(daemon: RunningDaemon, maxMs: number): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const pids = treeOf(daemon.pid);
    const before = totalCpu(pids).ownMs;
    await sleep(2000);
    if (totalCpu(pids).ownMs - before < 100) return true;
  }
  return false;
}

/** Sends every service's state as a passive result and waits until the daemon counts them all. */
async function loadStates(daemon: RunningDaemon, objects: LivestatusBenchObjects): Promise<string | null> {
  const commands = objects.services.map(
    (s) => `PROCESS_SERVICE_CHECK_RESULT;${s.hostName};${s.description};${s.state};${s.output}`,
  );
  await sendCommands(daemon.address, commands);
  const stats = QUERIES[2];
  if (stats === undefined) return 'no stats query';
  const request = `${stats.request(objects, 0)}\nStats: has_been_checked = 1`;
  const deadline = Date.now() + 600_000;
  let last = '';
  while (Date.now() < deadline) {
    const answer = await queryOnce(daemon.address, request);
    const counts = rowsOf(answer.body)?.[0]?.map(Number) ?? [];
    last = counts.join(',');
    if (last === [...objects.stateCounts, objects.services.length].join(',')) return null;
    await sleep(1000);
  }
  return `${daemon.name}: states never matched: ${last}, expected ${objects.stateCounts.join(',')} and all checked`;
}

/** One timed run of a query; a wrong answer is a problem, recorded once per query and system. */
async function timedRun(
  daemon: RunningDaemon,
  query: BenchQuery,
  objects: LivestatusBenchObjects,
  run: number,
  problems: Set<string>,
): Promise<number> {
  const where = `${daemon.name} at ${objects.services.length} services, ${query.name}`;
  let answer: TimedAnswer;
  try {
    answer = await queryOnce(daemon.address, query.request(objects, run));
  } catch (error) {
    problems.add(`${where}: ${(error as Error).message}`);
    return NaN;
  }
  const wrong = answer.status === 200 ? query.verify(answer.body, objects) : `status ${answer.status}`;
  if (wrong !== null) problems.add(`${where}: ${wrong}`);
  return answer.ms;
}

/**
 * `clients` keep-alive connections, each asking `perClient` lookups one after the other and
 * closing when done (Icinga 2 serves a kept-alive connection on a thread of a small pool until
 * it closes, so clients that wait for each other before closing would never be answered).
 */
async function concurrentLookups(
  daemon: RunningDaemon,
  objects: LivestatusBenchObjects,
  clients: number,
  perClient: number,
  problems: Set<string>,
): Promise<QueryFigures> {
  const connections = await Promise.all(Array.from({ length: clients }, () => ClientConnection.open(daemon.address)));
  const samples: number[] = [];
  const start = performance.now();
  try {
    await Promise.all(
      connections.map(async (connection, c) => {
        const where = `${daemon.name} at ${objects.services.length} services, ${CONCURRENT}`;
        try {
          for (let i = 0; i < perClient; i++) {
            const answer = await connection.request(lookupRequest(objects, c * perClient + i, true));
            const wrong = answer.status === 200 ? expectRows(answer.body, 1) : `status ${answer.status}`;
            if (wrong !== null) problems.add(`${where}: ${wrong}`);
            samples.push(answer.ms);
          }
        } catch (error) {
          problems.add(`${where}: ${(error as Error).message}`);
        }
        connection.close();
      }),
    );
  } finally {
    for (const connection of connections) connection.close();
  }
  const seconds = (performance.now() - start) / 1000;
  return figures(samples, samples.length / seconds);
}

function targetsFor(
  query: string,
  services: number,
  ours: QueryFigures,
  icinga: QueryFigures | null,
  serverSide: QueryRow['serverSide'],
): QueryRow['targets'] {
  const targets: { name: string; met: boolean }[] = [];
  if (icinga !== null) targets.push({ name: '≥ 5× faster than Icinga 2', met: icinga.medianMs >= 5 * ours.medianMs });
  if (query === QUERIES[0]?.name && services >= 100_000) targets.push({ name: '< 100 ms', met: ours.medianMs < 100 });
  if (query === QUERIES[3]?.name) {
    targets.push({ name: '< 1 ms over TCP', met: ours.medianMs < 1 });
    if (serverSide !== null) targets.push({ name: '< 1 ms server side', met: serverSide.medianMs < 1 });
  }
  return targets;
}

/** Measures one size: starts both daemons, loads states, runs every query alternately. */
async function measureSize(
  hosts: number,
  options: Required<Omit<LivestatusBenchOptions, 'hostCounts'>>,
  icingaBinary: string | null,
  problems: Set<string>,
): Promise<{ rows: QueryRow[]; backgroundCores: number }> {
  const { workDir, runs, clients, progress } = options;
  const objects = livestatusBenchObjects(hosts);
  const services = objects.services.length;
  const dir = join(workDir, `size-${hosts}`);
  mkdirSync(dir, { recursive: true });
  // Icinga 2 runs as another user, who must be able to reach its directory below ours.
  for (const path of [workDir, dir]) chmodSync(path, 0o711);
  const daemons: RunningDaemon[] = [];
  let floor: FloorServer | null = null;
  try {
    const sitePort = await freePort();
    writeWatchpostSite(join(dir, 'site'), objects, { tcpPort: sitePort });
    progress(`${services} services: starting the Watchpost site`);
    daemons.push(await startWatchpostSite(join(dir, 'site'), sitePort));
    if (icingaBinary !== null) {
      const icingaPort = await freePort();
      const paths = writeIcingaConfig(join(dir, 'icinga2'), objects, icingaPort);
      progress(`${services} services: starting Icinga 2`);
      try {
        daemons.push(await startIcinga(icingaBinary, paths, icingaPort));
      } catch (error) {
        problems.add(`Icinga 2 did not start: ${(error as Error).message}`);
      }
    }
    for (const daemon of daemons) {
      progress(`${services} services: passive results into ${daemon.name}`);
      const failed = await loadStates(daemon, objects);
      if (failed !== null) problems.add(failed);
    }
    for (const daemon of daemons) {
      progress(`${services} services: waiting until ${daemon.name} is idle`);
      if (!(await waitIdle(daemon, 180_000))) problems.add(`${daemon.name} at ${services} services never became idle`);
    }
    const [ours, icinga = null] = daemons;
    if (ours === undefined) throw new Error('the Watchpost site is not running');
    const busyBefore = machineBusyMs();
    const daemonCpuBefore = totalCpu(daemons.flatMap((d) => treeOf(d.pid))).ownMs;
    const selfBefore = totalCpu([process.pid]).ownMs;
    const wallBefore = performance.now();
    const rows: QueryRow[] = [];
    floor = await startFloorServer().catch((error: unknown) => {
      problems.add(`the TCP floor server did not start: ${(error as Error).message}`);
      return null;
    });
    for (const query of QUERIES) {
      progress(`${services} services: ${query.name}, ${runs} runs each`);
      const samples = new Map<RunningDaemon, number[]>(daemons.map((d) => [d, []]));
      // The lookup is also asked of the floor server, third in each turn, after the same wait.
      const floorSamples: number[] = [];
      const floorAddress = query === LOOKUP && floor !== null ? floor.address : null;
      for (let run = -2; run < runs; run++) {
        for (const daemon of daemons) {
          const ms = await timedRun(daemon, query, objects, run, problems);
          if (run >= 0) samples.get(daemon)?.push(ms);
        }
        if (floorAddress !== null) {
          const answer = await queryOnce(floorAddress, query.request(objects, run));
          if (run >= 0) floorSamples.push(answer.ms);
        }
      }
      const oursFigures = figures(samples.get(ours) ?? []);
      const icingaFigures = icinga === null ? null : figures(samples.get(icinga) ?? []);
      const row = rowOf(query.name, services, oursFigures, icingaFigures);
      rows.push(floorSamples.length === 0 ? row : { ...row, floor: figures(floorSamples) });
    }
    progress(`${services} services: ${CONCURRENT.replace('50', String(clients))}`);
    const concurrent = new Map<RunningDaemon, QueryFigures>();
    for (const daemon of daemons)
      concurrent.set(daemon, await concurrentLookups(daemon, objects, clients, runs, problems));
    const oursConcurrent = concurrent.get(ours);
    if (oursConcurrent !== undefined) {
      rows.push(rowOf(CONCURRENT, services, oursConcurrent, icinga === null ? null : (concurrent.get(icinga) ?? null)));
    }
    const wallMs = performance.now() - wallBefore;
    progress(`${services} services: the same requests in a fresh process (server side)`);
    const serverSide = await measureServerSideInChild({
      siteDir: join(dir, 'site'),
      hosts,
      requests: QUERIES.map((q) => ({ name: q.name, text: q.request(objects, 0) })),
      runs,
    });
    if (serverSide === null) problems.add(`the server-side measurement of ${services} services failed`);
    const withServerSide = rows.map((row) => {
      const figures = serverSide?.find((f) => f.query === row.query);
      if (figures === undefined) return row;
      const measured = rowOf(row.query, row.services, row.watchpost, row.icinga, figures);
      return row.floor === undefined ? measured : { ...measured, floor: row.floor };
    });
    const ownCpu =
      totalCpu(daemons.flatMap((d) => treeOf(d.pid))).ownMs -
      daemonCpuBefore +
      totalCpu([process.pid]).ownMs -
      selfBefore;
    const backgroundCores = Math.max(0, (machineBusyMs() - busyBefore - ownCpu) / wallMs);
    return { rows: withServerSide, backgroundCores };
  } finally {
    floor?.stop();
    for (const daemon of daemons) await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function rowOf(
  query: string,
  services: number,
  ours: QueryFigures,
  icinga: QueryFigures | null,
  serverSide: QueryRow['serverSide'] = null,
): QueryRow {
  return {
    query,
    services,
    watchpost: ours,
    icinga,
    ratio: icinga === null ? null : icinga.medianMs / ours.medianMs,
    serverSide,
    targets: targetsFor(query, services, ours, icinga, serverSide),
  };
}

function icingaVersion(binary: string): string {
  const answer = spawnSyncText(binary, ['--version']);
  return /version: ([^)\s]+)/.exec(answer)?.[1] ?? 'unknown version';
}

function spawnSyncText(binary: string, args: readonly string[]): string {
  const child = spawnSync(binary, [...args], { encoding: 'utf8' });
  return `${child.stdout}${child.stderr}`;
}

/** Runs the benchmark at every size. */
export async function runLivestatusBenchmark(options: LivestatusBenchOptions): Promise<LivestatusReport> {
  const resolved = {
    workDir: options.workDir,
    runs: options.runs ?? 20,
    clients: options.clients ?? 50,
    progress: options.progress ?? ((): void => undefined),
  };
  const binary = findIcinga2();
  const icinga: LivestatusReport['icinga'] =
    binary === null
      ? {
          available: false,
          reason:
            'icinga2 is not installed: install icinga2-bin (apt-get install -y icinga2-bin icinga2-common) for the comparison',
        }
      : { available: true, version: icingaVersion(binary) };
  if (!icinga.available) resolved.progress(icinga.reason);
  const problems = new Set<string>();
  const rows: QueryRow[] = [];
  const backgroundCores: Record<string, number> = {};
  for (const hosts of options.hostCounts ?? [1000, 10_000]) {
    const measured = await measureSize(hosts, resolved, binary, problems);
    rows.push(...measured.rows);
    backgroundCores[String(hosts * 10)] = measured.backgroundCores;
  }
  return {
    benchmark: 'livestatus',
    runs: resolved.runs,
    clients: resolved.clients,
    cpus: availableParallelism(),
    icinga,
    rows,
    backgroundCores,
    problems: [...problems],
  };
}
