/**
 * The notification spool: every notification is written to a journal in the site's `var/`
 * before it is attempted, then delivered asynchronously. A retryable failure is tried again
 * with exponential back-off until the notification is older than the maximum age; a permanent
 * failure, or age, puts it on the dead-letter list, where a person can list it and retry it.
 *
 * Guarantees: a notification whose `add` resolved is delivered or put on the dead-letter list,
 * also across restarts and kill -9. Before a delivery starts, a `begin` record is written
 * (synchronously). The site delivers through a separate delivery process (spool-deliverer.ts,
 * delivery-process/): a kill -9 of the site leaves it running; it finishes the attempts it has,
 * appends each outcome to its outcomes file (outcome-file.ts) before it reports it, and ends.
 * Opening the spool waits for it to end and folds those outcomes into the journal, so a kill of
 * the site neither repeats nor loses a delivery. What remains is a kill of the delivery process
 * itself (or of the machine) during an attempt: then a `begin` has no outcome, and the attempt is
 * delivered once more with the same id (Message-ID, `Idempotency-Key`, NOTIFY_ID, and
 * NOTIFY_REDELIVERY=1 for a script), and logged. In this process (`deliver`, for tests), the
 * `done` record is written with one synchronous write(2) the moment the method reports success.
 * The same id accepted twice is kept once. Notifications of one contact by one method are
 * delivered in the order they were accepted: the next waits while the first is being retried.
 *
 * Other records are written in batches (group commit): everything appended while one batch is
 * being written and fsync'd goes into the next. fsync stays batched for all records (SIGKILL
 * keeps what was written; only a power loss needs the fsync).
 */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../lib/logger.js';
import { bulkJob } from '../bulk-job.js';
import { laneOf, type Deliver, type DeliveryOutcome, type NotificationJob } from '../notification-job.js';
import type { NotifyClock } from '../ports.js';
import { readOutcomeFiles } from './outcome-file.js';
import { foldRecordedOutcomes, outcomeRecords, type AttemptVerdict } from './outcome-records.js';
import { DEFAULT_RETRY_POLICY, isExpired, type RetryPolicy } from './retry-policy.js';
import { inProcessDeliverer, type AttemptResult, type SpoolDeliverer } from './spool-deliverer.js';
import { createSpoolJournal, readSpoolJournal, type PreparedLine, type SpoolJournal } from './spool-journal.js';
import type { SpoolRecord } from './spool-record.js';
import { SpoolState, type SpoolEntry } from './spool-state.js';

export type { AttemptVerdict } from './outcome-records.js';

/** What opening a spool needs. */
export interface SpoolOptions {
  /** The spool's directory, e.g. `<site>/var/notify`. */
  readonly dir: string;
  readonly clock: NotifyClock;
  /** Delivers in this process (tests); give this or `deliverer`. */
  readonly deliver?: Deliver;
  /** Delivers elsewhere, e.g. in the delivery process (delivery-process/); wins over `deliver`. */
  readonly deliverer?: SpoolDeliverer;
  readonly policy?: RetryPolicy;
  /** Deliveries at once (default 4). */
  readonly concurrency?: number;
  /** How long delivered ids are remembered against duplicates (default a day). */
  readonly rememberDeliveredMs?: number;
  /** Lines appended before the journal is compacted (default 10,000). */
  readonly compactAfterLines?: number;
  /** How often retry requests of the command line are looked for (default 2 s; 0: never). */
  readonly requestPollMs?: number;
  /** Told the outcome of every attempt; must not throw. */
  readonly onAttempt?: (job: NotificationJob, outcome: DeliveryOutcome, verdict: AttemptVerdict) => void;
  readonly logger?: Logger;
}

/** The spool's figures for status displays. */
export interface SpoolHealth {
  readonly queued: number;
  readonly dead: number;
  readonly inFlight: number;
  /** Age of the oldest waiting notification (ms), `null` when none waits. */
  readonly oldestQueuedAgeMs: number | null;
  /** Since the spool was opened: */
  readonly delivered: number;
  readonly temporaryFailures: number;
  readonly permanentFailures: number;
  readonly journalBytes: number;
  /** The journal failed to write: nothing new is accepted. */
  readonly broken: boolean;
}

/** An open spool. */
export interface Spool {
  /** Accepts a notification; resolves once it is durable (`duplicate`: its id was known). Rejects when the journal fails. */
  add(job: NotificationJob): Promise<'accepted' | 'duplicate'>;
  /** Waiting and dead notifications, in acceptance order. */
  list(): readonly SpoolEntry[];
  /** Puts a dead notification back in the queue; `false` for an id that is not dead. */
  retry(id: string): Promise<boolean>;
  health(): SpoolHealth;
  /** Resolves once no notification waits (only dead ones, if any, remain) and no attempt runs. */
  settled(): Promise<void>;
  /** Stops delivering (running attempts are aborted and stay queued), writes what is pending and closes the journal. */
  close(): Promise<void>;
}

const REQUESTS_DIR = 'requests';
const RETRY_PREFIX = 'retry-';

/** Asks the spool in `dir` (running or not) to retry dead notification `id`: the site picks the request up. */
export async function requestRetry(dir: string, id: string): Promise<void> {
  if (!/^[0-9a-f]{8,64}$/.test(id)) throw new Error(`not a notification id: '${id.slice(0, 80)}'`);
  const requests = join(dir, REQUESTS_DIR);
  await mkdir(requests, { recursive: true, mode: 0o700 });
  const temp = join(requests, `.${RETRY_PREFIX}${id}.tmp`);
  await writeFile(temp, `${id}\n`, { mode: 0o600 });
  await rename(temp, join(requests, `${RETRY_PREFIX}${id}`));
}

/** The contents of the spool in `dir` as its journal says, without opening it for writing (for the command line). */
export async function readSpool(
  dir: string,
  now: number,
): Promise<{ entries: SpoolEntry[]; problems: readonly string[] }> {
  const { records, problems } = await readSpoolJournal(dir, now);
  const state = new SpoolState();
  for (const record of records) state.apply(record);
  // What the delivery process recorded and the site has not folded in yet (the site is down, or it is in flight).
  const recorded = await readOutcomeFiles(dir);
  foldRecordedOutcomes(state, recorded.outcomes, DEFAULT_RETRY_POLICY, now);
  return { entries: [...state.entries.values()], problems: [...problems, ...recorded.problems] };
}

/** Counts an outcome in the spool's figures. */
function count(
  counters: { delivered: number; temporaryFailures: number; permanentFailures: number },
  outcome: DeliveryOutcome,
): void {
  if (outcome.ok) counters.delivered++;
  else if (outcome.retryable) counters.temporaryFailures++;
  else counters.permanentFailures++;
}

/** Opens (creating it when needed) the spool in `options.dir` and starts delivering what waits in it. */
export async function openSpool(options: SpoolOptions): Promise<Spool> {
  const { clock } = options;
  const deliverer = options.deliverer ?? (options.deliver === undefined ? null : inProcessDeliverer(options.deliver));
  if (deliverer === null) throw new Error('openSpool() needs `deliver` or `deliverer`');
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const concurrency = options.concurrency ?? 4;
  const rememberMs = options.rememberDeliveredMs ?? 86_400_000;
  const compactAfter = options.compactAfterLines ?? 10_000;
  const state = new SpoolState();
  // First: whatever still delivers for the previous incarnation ends, and leaves its outcomes.
  const recovered = await deliverer.recover();
  const found = await readSpoolJournal(options.dir, clock.now());
  for (const problem of found.problems) options.logger?.log('warn', 'notification spool', { problem });
  for (const record of found.records) state.apply(record);
  state.forgetDeliveredBefore(clock.now() - rememberMs);
  const counters = { delivered: 0, temporaryFailures: 0, permanentFailures: 0 };
  for (const folded of foldRecordedOutcomes(state, recovered, policy, clock.now())) {
    count(counters, folded.outcome);
    options.onAttempt?.(folded.entry.job, folded.outcome, folded.verdict);
  }
  /** Ids whose delivery was under way when the site stopped: the receiver may have them already. */
  const interrupted = new Set<string>();
  for (const entry of state.entries.values()) {
    if (entry.begun === null || entry.status !== 'queued') continue;
    interrupted.add(entry.job.id);
    options.logger?.log('warn', 'notification was being delivered when the site stopped; delivering it again', {
      id: entry.job.id,
      contact: entry.job.contact,
    });
  }
  // Opening rewrites the journal from what was read: a torn tail is gone and appends start clean.
  const journal: SpoolJournal = await createSpoolJournal(options.dir, state.records(), clock.now());
  await deliverer.start();

  let closed = false;
  let broken = false;
  /** Accepted in memory, not yet durable: not attempted until it is. */
  const unsynced = new Set<string>();
  const inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let cancelTimer: (() => void) | null = null;
  let settledWaiters: (() => void)[] = [];

  // Group commit: one batch is written while the next collects.
  let batch: SpoolRecord[] = [];
  let waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;
  const flushLoop = async (): Promise<void> => {
    while (batch.length > 0 || waiters.length > 0) {
      const records = batch;
      const told = waiters;
      batch = [];
      waiters = [];
      try {
        await journal.append(records);
        // Compacting when the appended lines outnumber the live records keeps the file within about twice its live size.
        if (journal.appended > compactAfter && journal.appended > state.entries.size + state.delivered.size) {
          // The state then holds every outcome the deliverer recorded so far, and so will the compacted journal.
          const release = await deliverer.checkpoint();
          state.forgetDeliveredBefore(clock.now() - rememberMs);
          await journal.compact(state.records(), clock.now());
          await release();
        }
        for (const w of told) w.resolve();
      } catch (error) {
        broken = true;
        options.logger?.log('error', 'notification spool cannot write its journal', { error: String(error) });
        for (const w of told) w.reject(error);
      }
    }
    flushing = null;
  };
  const startFlush = (): void => {
    flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flushLoop);
  };
  /** Writes `record` before returning (write(2), no await); resolves once it is fsync'd with the next batch. */
  const writeNow = (line: PreparedLine): Promise<void> => {
    if (broken) return Promise.reject(new Error('the notification spool journal failed to write'));
    try {
      journal.appendNow(line);
    } catch (error) {
      broken = true;
      options.logger?.log('error', 'notification spool cannot write its journal', { error: String(error) });
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    startFlush();
    return done;
  };
  const write = (...records: SpoolRecord[]): Promise<void> => {
    if (broken) return Promise.reject(new Error('the notification spool journal failed to write'));
    batch.push(...records);
    const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    startFlush();
    return done;
  };

  const notifySettled = (): void => {
    if (inFlight.size > 0 || unsynced.size > 0) return;
    if ([...state.entries.values()].some((e) => e.status === 'queued')) return;
    const told = settledWaiters;
    settledWaiters = [];
    for (const w of told) w();
  };

  const markDead = (entry: SpoolEntry, reason: string): void => {
    const record: SpoolRecord = { kind: 'dead', id: entry.job.id, at: clock.now(), reason };
    state.apply(record);
    void write(record).catch(() => undefined);
    options.onAttempt?.(entry.job, { ok: false, retryable: false, reason }, 'dead');
  };

  /**
   * Records a delivery's success at once: called in the same synchronous run as the method's
   * promise settling, so nothing else (no timer, no I/O callback) runs between the receiver
   * having the notification and the record being in the kernel's hands.
   */
  const delivered = (
    members: readonly SpoolEntry[],
    outcome: DeliveryOutcome,
    records: readonly SpoolRecord[],
    line: PreparedLine,
  ): Promise<void> => {
    // The write comes first: it is the only thing between the receiver having it and the record.
    const durable = writeNow(line);
    for (const record of records) state.apply(record);
    for (const { job } of members) {
      counters.delivered++;
      interrupted.delete(job.id);
      options.onAttempt?.(job, outcome, 'delivered');
    }
    return durable;
  };

  const finish = async (entry: SpoolEntry, outcome: DeliveryOutcome): Promise<void> => {
    // An attempt aborted by close() is not counted: it stays queued as it was.
    if (closed || outcome.ok) return;
    count(counters, outcome);
    const { verdict, records } = outcomeRecords(entry, outcome, policy, clock.now());
    for (const record of records) state.apply(record);
    options.onAttempt?.(entry.job, outcome, verdict);
    await write(...records).catch(() => undefined);
  };

  /** The notifications one delivery of lane head `head` carries: itself, or for a bulk all that wait in its lane. */
  const membersOf = (head: SpoolEntry): SpoolEntry[] => {
    if ((head.job.bulkMs ?? 0) <= 0) return [head];
    const lane = laneOf(head.job);
    return [...state.entries.values()].filter(
      (e) => e.status === 'queued' && !unsynced.has(e.job.id) && laneOf(e.job) === lane,
    );
  };

  const start = (head: SpoolEntry): void => {
    const controller = new AbortController();
    const members = membersOf(head);
    const at = clock.now();
    const begins: SpoolRecord[] = members.map((e) => ({ kind: 'begin', id: e.job.id, at }));
    try {
      journal.appendNow(journal.prepare(begins));
    } catch (error) {
      // Without the record a crash could not tell that this delivery was under way: not started.
      broken = true;
      options.logger?.log('error', 'notification spool cannot write its journal', { error: String(error) });
      return;
    }
    for (const record of begins) state.apply(record);
    // The success records are encoded before the attempt, so that writing them is a single system call.
    // Their time is the attempt's start (it only says how long the ids are remembered).
    const successes: SpoolRecord[] = members.map((e) => ({ kind: 'done', id: e.job.id, at }));
    const successLine = journal.prepare(successes);
    const job = members.length === 1 && (head.job.bulkMs ?? 0) <= 0 ? head.job : bulkJob(members.map((e) => e.job));
    const redelivery = members.some((e) => interrupted.has(e.job.id));
    const failed = async (outcome: DeliveryOutcome): Promise<void> => {
      for (const entry of members) await finish(entry, outcome);
    };
    const ids = members.map((e) => e.job.id);
    const done = deliverer
      .attempt({ ids, begun: at, job, redelivery }, controller.signal)
      .then(
        (result: AttemptResult): Promise<void> => {
          if ('interrupted' in result) {
            // What delivered it died without an outcome: it stays queued, and the next attempt says it may be a repeat.
            for (const id of ids) interrupted.add(id);
            options.logger?.log('warn', 'notification delivery was interrupted; delivering it again', {
              id: head.job.id,
              contact: head.job.contact,
              reason: result.reason,
            });
            return Promise.resolve();
          }
          // The lane waits for the record to be fsync'd, so that a power loss never delivers a later one before this one again.
          return result.ok ? delivered(members, result, successes, successLine).catch(() => undefined) : failed(result);
        },
        (error: unknown) => failed({ ok: false, retryable: true, reason: `delivery failed: ${String(error)}` }),
      )
      .finally(() => {
        inFlight.delete(head.job.id);
        pump();
      });
    inFlight.set(head.job.id, { controller, done });
  };

  const pump = (): void => {
    if (closed) return;
    cancelTimer?.();
    cancelTimer = null;
    const now = clock.now();
    let earliest = Number.POSITIVE_INFINITY;
    let again = false;
    for (const head of state.laneHeads()) {
      const id = head.job.id;
      if (inFlight.has(id) || unsynced.has(id)) continue;
      if (isExpired(policy, head.since, now)) {
        counters.permanentFailures++;
        markDead(head, 'too old: not delivered within the maximum age');
        again = true;
        continue;
      }
      if (head.nextAt > now) {
        earliest = Math.min(earliest, head.nextAt);
        continue;
      }
      if (inFlight.size >= concurrency) continue;
      start(head);
    }
    if (again) {
      pump();
      return;
    }
    if (earliest !== Number.POSITIVE_INFINITY) cancelTimer = clock.setTimer(Math.max(0, earliest - now), pump);
    notifySettled();
  };

  const retry = async (id: string): Promise<boolean> => {
    const entry = state.entries.get(id);
    if (entry?.status !== 'dead' || closed) return false;
    const record: SpoolRecord = { kind: 'retry', id, at: clock.now() };
    state.apply(record);
    await write(record);
    pump();
    return true;
  };

  let cancelPoll: (() => void) | null = null;
  const pollMs = options.requestPollMs ?? 2000;
  const poll = async (): Promise<void> => {
    const requests = join(options.dir, REQUESTS_DIR);
    let names: string[] = [];
    try {
      names = await readdir(requests);
    } catch {
      // No requests yet.
    }
    for (const name of names) {
      if (!name.startsWith(RETRY_PREFIX) || closed) continue;
      const id = name.slice(RETRY_PREFIX.length);
      const retried = await retry(id).catch(() => false);
      options.logger?.log(retried ? 'info' : 'warn', 'notification retry requested', { id, retried });
      await rm(join(requests, name), { force: true });
    }
    if (!closed && pollMs > 0) cancelPoll = clock.setTimer(pollMs, () => void poll());
  };
  await poll();
  pump();

  return {
    async add(job) {
      if (closed) throw new Error('the notification spool is closed');
      if (state.knows(job.id)) return 'duplicate';
      const record: SpoolRecord = { kind: 'add', at: job.createdAt, job };
      state.apply(record);
      unsynced.add(job.id);
      try {
        await write(record);
      } finally {
        unsynced.delete(job.id);
      }
      // Delivery starts after the caller has heard 'accepted', so that the lines of history keep their order.
      setImmediate(pump);
      return 'accepted';
    },
    list: () => [...state.entries.values()],
    retry,
    health() {
      const now = clock.now();
      let queued = 0;
      let dead = 0;
      let oldest: number | null = null;
      for (const entry of state.entries.values()) {
        if (entry.status === 'dead') {
          dead++;
          continue;
        }
        queued++;
        oldest = oldest === null ? entry.job.createdAt : Math.min(oldest, entry.job.createdAt);
      }
      return {
        queued,
        dead,
        inFlight: inFlight.size,
        oldestQueuedAgeMs: oldest === null ? null : Math.max(0, now - oldest),
        ...counters,
        journalBytes: journal.bytes,
        broken,
      };
    },
    settled() {
      return new Promise<void>((resolve) => {
        settledWaiters.push(resolve);
        notifySettled();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      cancelTimer?.();
      cancelPoll?.();
      for (const { controller } of inFlight.values()) controller.abort();
      await Promise.all([...inFlight.values()].map((f) => f.done));
      while (flushing !== null) await flushing;
      await journal.close();
      await deliverer.close();
    },
  };
}
