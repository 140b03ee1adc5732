/**
 * The run-time state of the monitoring core, owned by the engine, its single writer: every
 * object's status, the downtimes, the comments, the global switch changes and the id counters.
 * Kept in maps for speed; {@link MonitoringState.snapshot} turns it into one plain value and
 * {@link MonitoringState.restore} reads one back.
 */
import type { Comment } from '../model/comment.js';
import { nextDowntimeChange } from '../model/downtime-timeline.js';
import { downtimeDepths, type Downtime } from '../model/downtime.js';
import type { SwitchOverrides } from '../model/master-control.js';
import { SNAPSHOT_VERSION, type MonitoringSnapshot } from '../model/monitoring-snapshot.js';
import { objectKey, type ObjectRef } from '../model/object-ref.js';
import type { ObjectStatus } from '../model/object-status.js';

/** The core's state. Values are immutable; the containers are replaced or updated in place. */
export class MonitoringState {
  /** Every object's status by key (host name, `host;service`). */
  readonly statuses = new Map<string, ObjectStatus>();
  readonly comments = new Map<number, Comment>();
  globalOverrides: SwitchOverrides = {};
  #statusWatchers: readonly ((key: string) => void)[] = [];
  #downtimes: readonly Downtime[] = [];
  #depths = new Map<string, number>();
  #nextDowntimeChange: number | null = null;
  #nextDowntimeId = 1;
  #nextCommentId = 1;

  /** Replaces the status of object `key` and tells the status watchers. */
  setStatus(key: string, status: ObjectStatus): void {
    this.statuses.set(key, status);
    for (const watcher of this.#statusWatchers) watcher(key);
  }

  /**
   * Calls `watcher` with the key of every status replaced through {@link setStatus} from now on,
   * synchronously after the change; returns the function that stops it. Retention uses it to
   * learn of changes that emit no event (a repeated result, the flap history of an OK host).
   */
  watchStatuses(watcher: (key: string) => void): () => void {
    this.#statusWatchers = [...this.#statusWatchers, watcher];
    return () => {
      this.#statusWatchers = this.#statusWatchers.filter((w) => w !== watcher);
    };
  }

  /** The downtimes, in scheduling order. */
  get downtimes(): readonly Downtime[] {
    return this.#downtimes;
  }

  set downtimes(downtimes: readonly Downtime[]) {
    this.#downtimes = downtimes;
    this.#depths = downtimeDepths(downtimes);
    this.#nextDowntimeChange = nextDowntimeChange(downtimes);
  }

  /** When a downtime next starts, ends or expires by itself, or `null` (kept, because results ask often). */
  get nextDowntimeChange(): number | null {
    return this.#nextDowntimeChange;
  }

  /** How many downtimes of object `key` are in effect. */
  downtimeDepth(key: string): number {
    return this.#depths.get(key) ?? 0;
  }

  /** A fresh downtime id. */
  takeDowntimeId(): number {
    return this.#nextDowntimeId++;
  }

  /** Adds a comment under a fresh id. */
  addComment(fields: Omit<Comment, 'id'>): Comment {
    const comment: Comment = { id: this.#nextCommentId++, ...fields };
    this.comments.set(comment.id, comment);
    return comment;
  }

  /** Deletes the comments of `target` that `which` selects, returning them. */
  deleteComments(target: ObjectRef, which: (comment: Comment) => boolean): Comment[] {
    const key = objectKey(target);
    const deleted: Comment[] = [];
    for (const comment of this.comments.values()) {
      if (objectKey(comment.target) === key && which(comment)) deleted.push(comment);
    }
    for (const comment of deleted) this.comments.delete(comment.id);
    return deleted;
  }

  /** The whole state as one plain value. */
  snapshot(at: number): MonitoringSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      at,
      objects: [...this.statuses.values()],
      downtimes: [...this.#downtimes],
      comments: [...this.comments.values()],
      globalOverrides: this.globalOverrides,
      nextDowntimeId: this.#nextDowntimeId,
      nextCommentId: this.#nextCommentId,
    };
  }

  /**
   * Takes over a snapshot for the objects that still exist (`exists`): their statuses, and the
   * downtimes and comments that name them. Id counters never go backwards, so ids stay unique.
   */
  restore(snapshot: MonitoringSnapshot, exists: (key: string) => boolean): void {
    for (const status of snapshot.objects) {
      const key = objectKey(status);
      if (exists(key)) this.statuses.set(key, status);
    }
    this.downtimes = snapshot.downtimes.filter((d) => exists(objectKey(d.target)));
    this.comments.clear();
    for (const comment of snapshot.comments) {
      if (exists(objectKey(comment.target))) this.comments.set(comment.id, comment);
    }
    this.globalOverrides = snapshot.globalOverrides;
    this.#nextDowntimeId = Math.max(this.#nextDowntimeId, snapshot.nextDowntimeId);
    this.#nextCommentId = Math.max(this.#nextCommentId, snapshot.nextCommentId);
  }
}
