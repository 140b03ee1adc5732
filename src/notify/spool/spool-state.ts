/**
 * What the spool holds, rebuilt from its journal records: the notifications waiting for
 * delivery in the order they were accepted, the dead-letter list, and the ids delivered lately
 * (so that the same notification accepted again is recognised). Applying a record twice changes
 * nothing. Pure: time comes in as arguments.
 */
import { laneOf, type NotificationJob } from '../notification-job.js';
import type { SpoolRecord } from './spool-record.js';

/** One notification in the spool. */
export interface SpoolEntry {
  readonly job: NotificationJob;
  readonly status: 'queued' | 'dead';
  /** Failed attempts so far. */
  readonly attempts: number;
  /** When the next attempt is due (ms); for a dead entry, when it died. */
  readonly nextAt: number;
  /** Why the last attempt failed, `''` before any. */
  readonly lastReason: string;
  /** Since when it is being delivered: its creation, or the last retry a person asked for (the maximum age counts from here). */
  readonly since: number;
  /** When the attempt that has no outcome yet began: set after a restart when the site stopped during a delivery. */
  readonly begun: number | null;
}

/** The spool's contents. Mutable on purpose: one instance per open spool, changed by {@link applyRecord}. */
export class SpoolState {
  /** By id, in the order of acceptance (Map keeps insertion order). */
  readonly entries = new Map<string, SpoolEntry>();
  /** Delivered ids and when, oldest first. */
  readonly delivered = new Map<string, number>();

  /** Whether `id` is waiting, dead, or was delivered lately. */
  knows(id: string): boolean {
    return this.entries.has(id) || this.delivered.has(id);
  }

  /** Applies one record. */
  apply(record: SpoolRecord): void {
    switch (record.kind) {
      case 'header':
        return;
      case 'add':
        if (this.knows(record.job.id)) return;
        this.entries.set(record.job.id, {
          job: record.job,
          status: 'queued',
          attempts: 0,
          // A bulk notification is first due when its collecting window ends (bulk-of-lane: the lane's first one opens it).
          nextAt: record.at + (record.job.bulkMs ?? 0),
          lastReason: '',
          since: record.job.createdAt,
          begun: null,
        });
        return;
      case 'attempt': {
        const entry = this.entries.get(record.id);
        if (entry === undefined) return;
        this.entries.set(record.id, {
          ...entry,
          status: 'queued',
          attempts: record.attempts,
          nextAt: record.nextAt,
          lastReason: record.reason,
          begun: null,
        });
        return;
      }
      case 'begin': {
        const entry = this.entries.get(record.id);
        if (entry?.status === 'queued') this.entries.set(record.id, { ...entry, begun: record.at });
        return;
      }
      case 'done':
        this.entries.delete(record.id);
        this.delivered.set(record.id, record.at);
        return;
      case 'dead': {
        const entry = this.entries.get(record.id);
        if (entry !== undefined) {
          this.entries.set(record.id, {
            ...entry,
            status: 'dead',
            nextAt: record.at,
            lastReason: record.reason,
            begun: null,
          });
        }
        return;
      }
      case 'retry': {
        const entry = this.entries.get(record.id);
        if (entry?.status === 'dead') {
          this.entries.set(record.id, { ...entry, status: 'queued', attempts: 0, nextAt: record.at, since: record.at });
        }
        return;
      }
    }
  }

  /** Forgets delivered ids older than `before` (ms). */
  forgetDeliveredBefore(before: number): void {
    for (const [id, at] of this.delivered) {
      if (at >= before) break;
      this.delivered.delete(id);
    }
  }

  /**
   * The first queued entry of every lane, in acceptance order: only these may be attempted, so
   * that a contact receives its notifications by one method in order.
   */
  laneHeads(): SpoolEntry[] {
    const seen = new Set<string>();
    const heads: SpoolEntry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.status !== 'queued') continue;
      const lane = laneOf(entry.job);
      if (seen.has(lane)) continue;
      seen.add(lane);
      heads.push(entry);
    }
    return heads;
  }

  /** The records that rebuild this state (for compaction): what is waiting or dead, and the delivered ids. */
  *records(): Generator<SpoolRecord> {
    for (const [id, at] of this.delivered) yield { kind: 'done', id, at };
    for (const entry of this.entries.values()) {
      const id = entry.job.id;
      yield { kind: 'add', at: entry.job.createdAt, job: entry.job };
      // A retry asked for by a person restarts the maximum age; it applies to a dead entry only.
      if (entry.since !== entry.job.createdAt) {
        yield { kind: 'dead', id, at: entry.since, reason: '' };
        yield { kind: 'retry', id, at: entry.since };
      }
      if (entry.attempts > 0 || entry.lastReason !== '') {
        yield {
          kind: 'attempt',
          id,
          at: entry.nextAt,
          attempts: entry.attempts,
          nextAt: entry.nextAt,
          reason: entry.lastReason,
        };
      }
      if (entry.status === 'dead') yield { kind: 'dead', id, at: entry.nextAt, reason: entry.lastReason };
      if (entry.begun !== null) yield { kind: 'begin', id, at: entry.begun };
    }
  }
}
