/**
 * Retention: the run-time state of a site (states, attempts, acknowledgements, downtimes,
 * comments, switch changes, flap histories, notification records) kept on disk so that a
 * restart, or `kill -9` at any moment, loses nothing that was made durable.
 *
 * How: every change is noted (see ChangeTracker) and written as a batch of records to the
 * journal, fsync'd, at most `flushIntervalMs` after it happened, or at once when someone waits
 * for {@link Retention.flush} (a command from outside is acknowledged only after that). When a
 * journal segment has grown, a new segment is begun and the whole state is written as a new
 * snapshot (write, fsync, rename, fsync the directory); the segments it holds are then deleted.
 * At start the snapshot is read and the journal replayed on top (see loadRetention).
 *
 * Contract: {@link openRetention} reads; {@link Retention.attach} begins keeping a monitoring (call
 * it right after starting the engine with `restored`, and again after each reload); the owner
 * calls {@link Retention.close} after stopping monitoring. Writes run one at a time. A failed
 * write or fsync is never retried on the same file: retention begins a new segment and snapshot,
 * with back-off, and until that is done `flush()` reports the failure.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../lib/logger.js';
import type { MonitoringSnapshot } from '../../model/monitoring-snapshot.js';
import { ChangeTracker } from './change-tracker.js';
import { createSegment, type JournalSegment } from './journal-segment.js';
import { loadRetention, type RetentionProblem } from './load-retention.js';
import type { RetainedMonitoring, RetentionClock } from './ports.js';
import { afterRestart } from './restart-rules.js';
import { encodeLine } from './retention-record.js';
import {
  SNAPSHOT_FILE,
  corruptName,
  segmentFile,
  segmentSeqOf,
  syncDirectory,
  writeSnapshotFile,
} from './retention-files.js';

/** What retention needs. */
export interface RetentionOptions {
  /** The site's `var/` directory; created when missing. */
  readonly dir: string;
  readonly clock: RetentionClock;
  readonly logger?: Logger;
  /** The longest a change waits before it is written and fsync'd; default 100 ms. */
  readonly flushIntervalMs?: number;
  /**
   * A journal segment larger than this and than the last snapshot is compacted into a new
   * snapshot; default 16 MiB. (Replaying at start then reads at most about twice the snapshot.)
   */
  readonly compactAfterBytes?: number;
}

/** Whether what was asked for is on disk. */
export type Durability = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** Open retention. */
export interface Retention {
  /** The state to start the engine from (`initial`), `undefined` on a first start. */
  readonly restored: MonitoringSnapshot | undefined;
  /** What was wrong in the files read at open (torn last writes, damaged files kept aside). */
  readonly problems: readonly RetentionProblem[];
  /**
   * Keeps `monitoring` from now on (instead of any monitoring kept before) and writes a snapshot
   * of it; resolves when that is durable. When the files read at open were not sound (a torn or
   * damaged file), `flush()` waits for that snapshot too.
   */
  attach(monitoring: RetainedMonitoring): Promise<Durability>;
  /** Resolves once every change made before the call is durable, or with why it is not. */
  flush(): Promise<Durability>;
  /** Writes what is pending and a last snapshot, and closes the files. */
  close(): Promise<void>;
}

const OK: Durability = { ok: true };
const silent: Logger = { log: () => undefined };
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 60_000;

function explain(what: string, error: unknown): string {
  return `${what}: ${error instanceof Error ? error.message : String(error)}`;
}

/** Reads the retention files of `options.dir` and returns retention ready to attach. */
export async function openRetention(options: RetentionOptions): Promise<Retention> {
  const { dir, clock } = options;
  const logger = options.logger ?? silent;
  const flushIntervalMs = options.flushIntervalMs ?? 100;
  const compactAfterBytes = options.compactAfterBytes ?? 16 * 1024 * 1024;

  const loaded = await loadRetention(dir);
  for (const problem of loaded.problems) {
    const fields = { file: problem.file, line: problem.line ?? undefined, reason: problem.reason };
    if (problem.torn)
      logger.log('warn', 'retention journal ends in a torn write; its unfinished batch is dropped', fields);
    else
      logger.log(
        'error',
        'retention file is damaged; it is kept aside and the site continues from what is valid',
        fields,
      );
  }
  const restored = loaded.snapshot === undefined ? undefined : afterRestart(loaded.snapshot);
  if (restored !== undefined) {
    logger.log('info', 'retention loaded', {
      objects: restored.objects.length,
      downtimes: restored.downtimes.length,
      comments: restored.comments.length,
      snapshotRecords: loaded.snapshotRecords,
      journalRecords: loaded.journalRecords,
      droppedComments: (loaded.snapshot?.comments.length ?? 0) - restored.comments.length,
    });
  }

  const damaged = new Set(loaded.damaged);
  let monitoring: RetainedMonitoring | null = null;
  let tracker: ChangeTracker | null = null;
  let unsubscribe: (() => void)[] = [];
  let segment: JournalSegment | null = null;
  let lastSeq = loaded.lastSeq;
  let broken: string | null = null;
  let snapshotBytes = 0;
  let closed = false;
  let closing: Promise<void> | null = null;
  // Writes run one after another on this chain.
  let lane: Promise<unknown> = Promise.resolve();
  let queuedWrite: Promise<Durability> | null = null;
  // What a flush waits for besides its own write: the snapshot of the last attach or recovery.
  let base: Promise<Durability> = Promise.resolve(OK);
  let compacting: Promise<Durability> | null = null;
  let cancelFlushTimer: (() => void) | null = null;
  let cancelRetry: (() => void) | null = null;
  let retryMs = RETRY_FIRST_MS;
  let retryBarrier = false;
  // Whether the journal on disk can simply be continued; if not, the first snapshot must land first.
  let continuable = loaded.continuable;

  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const run = lane.then(job);
    lane = run.catch(() => undefined);
    return run;
  };

  const armFlush = (): void => {
    if (cancelFlushTimer !== null || closed) return;
    cancelFlushTimer = clock.setTimer(flushIntervalMs, () => {
      cancelFlushTimer = null;
      void flush();
    });
  };

  /** Writes the noted changes as one batch ending in a commit line, and fsyncs it. */
  const writeBatch = async (): Promise<Durability> => {
    if (broken !== null) return { ok: false, error: broken };
    if (tracker === null || monitoring === null || !tracker.pending) return OK;
    if (segment === null) return { ok: false, error: 'retention has no journal open' };
    let text = '';
    for (const record of tracker.take(monitoring)) text += encodeLine(++lastSeq, record);
    text += encodeLine(++lastSeq, { kind: 'commit', at: clock.now() });
    try {
      await segment.append(text);
    } catch (error) {
      broken = explain('writing the retention journal failed', error);
      logger.log('error', 'retention journal write failed; a new journal and snapshot will be written', {
        file: join(dir, segmentFile(segment.firstSeq)),
        error: String(error),
      });
      scheduleRetry(true);
      return { ok: false, error: broken };
    }
    if (compacting === null && segment.bytes > Math.max(compactAfterBytes, snapshotBytes)) void checkpoint(false);
    return OK;
  };

  const flush = (): Promise<Durability> => {
    if (queuedWrite === null) {
      queuedWrite = enqueue(() => {
        // Changes from now on need the next write; this one takes what is noted when it starts.
        queuedWrite = null;
        cancelFlushTimer?.();
        cancelFlushTimer = null;
        return writeBatch();
      });
    }
    return queuedWrite.then((written) => (written.ok ? base : written));
  };

  type Rotated =
    | { readonly capture: MonitoringSnapshot; readonly journalSeq: number; readonly afterFailure: boolean }
    | { readonly error: unknown };

  /** Begins a new segment; the state captured now holds every line written before. */
  const rotate = async (): Promise<Rotated> => {
    if (monitoring === null) return { error: new Error('no monitoring is attached') };
    // A failed write may have left a torn batch in the old segment: the journal is whole again
    // only with the new snapshot.
    const afterFailure = broken !== null;
    const capture = monitoring.snapshot();
    const journalSeq = lastSeq;
    // The number is used even when creating the segment fails, so that no name is tried twice.
    lastSeq = journalSeq + 1;
    const previous = segment;
    segment = null;
    await previous?.close().catch(() => undefined);
    try {
      await mkdir(dir, { recursive: true });
      if (damaged.delete(SNAPSHOT_FILE)) {
        // It held nothing that was used; the new snapshot is about to take its name.
        await rename(join(dir, SNAPSHOT_FILE), join(dir, corruptName(SNAPSHOT_FILE, clock.now())));
      }
      segment = await createSegment(dir, journalSeq + 1, clock.now());
      broken = null;
      return { capture, journalSeq, afterFailure };
    } catch (error) {
      broken = explain('beginning a retention journal segment failed', error);
      return { error };
    }
  };

  /** Deletes the segments the snapshot at `journalSeq` holds; damaged ones are kept aside. */
  const cleanUp = async (journalSeq: number): Promise<void> => {
    for (const name of await readdir(dir)) {
      const seq = segmentSeqOf(name);
      if (seq === null || seq > journalSeq) continue;
      if (damaged.delete(name)) await rename(join(dir, name), join(dir, corruptName(name, clock.now())));
      else await rm(join(dir, name), { force: true });
    }
    await syncDirectory(dir);
  };

  /** Writes the snapshot of a rotation and deletes what it makes unnecessary. */
  const persist = async (rotated: Rotated, barrier: boolean): Promise<Durability> => {
    if ('error' in rotated) {
      logger.log('error', 'retention could not begin a journal segment', { dir, error: String(rotated.error) });
      scheduleRetry(true);
      return { ok: false, error: explain('beginning a retention journal segment failed', rotated.error) };
    }
    try {
      snapshotBytes = await writeSnapshotFile(dir, rotated.capture, rotated.journalSeq);
      await cleanUp(rotated.journalSeq);
    } catch (error) {
      logger.log('error', 'retention snapshot write failed; the journal keeps every change', {
        dir,
        error: String(error),
      });
      scheduleRetry(barrier || rotated.afterFailure);
      return { ok: false, error: explain('writing the retention snapshot failed', error) };
    }
    retryMs = RETRY_FIRST_MS;
    return OK;
  };

  /**
   * Begins a new segment (in write order: writes asked for later go to it) and writes a snapshot
   * after any snapshot still being written. `barrier`: flushes wait for this snapshot (after an
   * attach or a failed write the journal alone does not hold the state).
   */
  const checkpoint = (barrier: boolean): Promise<Durability> => {
    const rotated = enqueue(async () => {
      const result = await rotate();
      // Set before any later write resolves, so its waiters wait for this snapshot.
      if ('afterFailure' in result && result.afterFailure) base = run;
      return result;
    });
    const run: Promise<Durability> = (compacting ?? Promise.resolve(OK)).then(async () =>
      persist(await rotated, barrier),
    );
    compacting = run;
    void run.then(() => {
      if (compacting === run) compacting = null;
    });
    if (barrier) base = run;
    return run;
  };

  /** Tries again later, backing off; a retry owed a barrier keeps it. */
  function scheduleRetry(barrier: boolean): void {
    if (closed) return;
    retryBarrier ||= barrier;
    cancelRetry?.();
    cancelRetry = clock.setTimer(retryMs, () => {
      cancelRetry = null;
      const owed = retryBarrier;
      retryBarrier = false;
      void checkpoint(owed);
    });
    retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  }

  return {
    restored,
    problems: loaded.problems,
    attach: (next) => {
      for (const stop of unsubscribe) stop();
      const changes = new ChangeTracker(next.snapshot(), armFlush);
      monitoring = next;
      tracker = changes;
      unsubscribe = [next.subscribe((event) => changes.event(event)), next.watchStatuses((key) => changes.status(key))];
      const barrier = !continuable;
      continuable = true;
      return checkpoint(barrier);
    },
    flush,
    close: () => {
      closing ??= (async () => {
        if (monitoring !== null) {
          await flush();
          await checkpoint(false);
        }
        closed = true;
        for (const stop of unsubscribe) stop();
        unsubscribe = [];
        cancelFlushTimer?.();
        cancelRetry?.();
        await lane;
        await compacting;
        await segment?.close().catch(() => undefined);
        segment = null;
      })();
      return closing;
    },
  };
}
