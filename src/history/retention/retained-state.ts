/**
 * Retained state being rebuilt from records: a snapshot's records, then the journal's batches on
 * top. Records are full values, so a record applied to a state that already holds it changes
 * nothing, and the last record of a thing wins. Pure.
 */
import type { Comment } from '../../model/comment.js';
import type { Downtime } from '../../model/downtime.js';
import type { SwitchOverrides } from '../../model/master-control.js';
import { SNAPSHOT_VERSION, type MonitoringSnapshot } from '../../model/monitoring-snapshot.js';
import { objectKey } from '../../model/object-ref.js';
import type { ObjectStatus } from '../../model/object-status.js';
import type { RetentionRecord } from './retention-record.js';

/** State under reconstruction. Maps keep insertion order, which keeps downtimes in scheduling order. */
export class RetainedState {
  readonly #statuses = new Map<string, ObjectStatus>();
  readonly #downtimes = new Map<number, Downtime>();
  readonly #comments = new Map<number, Comment>();
  #globals: SwitchOverrides = {};
  #nextDowntimeId = 1;
  #nextCommentId = 1;
  /** How many state records were applied. */
  applied = 0;

  /** Applies one record; framing records (snapshot, end, segment, commit) change nothing. */
  apply(record: RetentionRecord): void {
    switch (record.kind) {
      case 'snapshot':
      case 'end':
      case 'segment':
      case 'commit':
        return;
      case 'status':
        this.#statuses.set(objectKey(record.status), record.status);
        break;
      case 'downtime':
        this.#downtimes.set(record.downtime.id, record.downtime);
        this.#nextDowntimeId = Math.max(this.#nextDowntimeId, record.downtime.id + 1);
        break;
      case 'downtime-gone':
        this.#downtimes.delete(record.id);
        break;
      case 'comment':
        this.#comments.set(record.comment.id, record.comment);
        this.#nextCommentId = Math.max(this.#nextCommentId, record.comment.id + 1);
        break;
      case 'comment-gone':
        this.#comments.delete(record.id);
        break;
      case 'globals':
        this.#globals = record.overrides;
        break;
      case 'counters':
        // Counters never go back, so that no id is given twice.
        this.#nextDowntimeId = Math.max(this.#nextDowntimeId, record.nextDowntimeId);
        this.#nextCommentId = Math.max(this.#nextCommentId, record.nextCommentId);
        break;
    }
    this.applied++;
  }

  /** The state as the engine takes it, stamped `at`. */
  snapshot(at: number): MonitoringSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      at,
      objects: [...this.#statuses.values()],
      downtimes: [...this.#downtimes.values()],
      comments: [...this.#comments.values()],
      globalOverrides: this.#globals,
      nextDowntimeId: this.#nextDowntimeId,
      nextCommentId: this.#nextCommentId,
    };
  }
}

/** The state records of a snapshot (without framing), in the order a snapshot file holds them. */
export function* snapshotRecords(snapshot: MonitoringSnapshot): Generator<RetentionRecord> {
  yield { kind: 'globals', overrides: snapshot.globalOverrides };
  yield { kind: 'counters', nextDowntimeId: snapshot.nextDowntimeId, nextCommentId: snapshot.nextCommentId };
  for (const status of snapshot.objects) yield { kind: 'status', status };
  for (const downtime of snapshot.downtimes) yield { kind: 'downtime', downtime };
  for (const comment of snapshot.comments) yield { kind: 'comment', comment };
}

/** How many records {@link snapshotRecords} yields. */
export function snapshotRecordCount(snapshot: MonitoringSnapshot): number {
  return 2 + snapshot.objects.length + snapshot.downtimes.length + snapshot.comments.length;
}
