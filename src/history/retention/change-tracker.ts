/**
 * Which retained things changed since the last batch: objects (from the engine's status watch),
 * downtimes, comments, the global switch changes and the id counters (from the event stream).
 * It remembers only keys and ids; a batch reads their values when it is taken, so a thing that
 * changed ten times between two batches is written once, as it is then. No I/O.
 */
import type { MonitoringEvent } from '../../model/events.js';
import type { SwitchOverrides } from '../../model/master-control.js';
import type { RetainedMonitoring } from './ports.js';
import type { RetentionRecord } from './retention-record.js';

/** Changes of one monitoring, noted as they happen. */
export class ChangeTracker {
  readonly #statuses = new Set<string>();
  readonly #downtimes = new Set<number>();
  readonly #comments = new Set<number>();
  #globals: SwitchOverrides;
  #globalsChanged = false;
  #counters: { nextDowntimeId: number; nextCommentId: number };
  #countersChanged = false;
  readonly #onChange: () => void;

  /**
   * Starts from the global switch changes and counters of a snapshot taken when tracking began;
   * `onChange` is called whenever something is noted (to arm a timer).
   */
  constructor(
    start: {
      readonly globalOverrides: SwitchOverrides;
      readonly nextDowntimeId: number;
      readonly nextCommentId: number;
    },
    onChange: () => void,
  ) {
    this.#globals = start.globalOverrides;
    this.#counters = { nextDowntimeId: start.nextDowntimeId, nextCommentId: start.nextCommentId };
    this.#onChange = onChange;
  }

  /** Whether anything waits for a batch. */
  get pending(): boolean {
    return (
      this.#statuses.size > 0 ||
      this.#downtimes.size > 0 ||
      this.#comments.size > 0 ||
      this.#globalsChanged ||
      this.#countersChanged
    );
  }

  /** Notes that the status of object `key` changed. */
  status(key: string): void {
    this.#statuses.add(key);
    this.#onChange();
  }

  /** Notes what an event changed besides object statuses. */
  event(event: MonitoringEvent): void {
    switch (event.kind) {
      case 'downtime-schedule':
      case 'downtime-start':
      case 'downtime-end':
      case 'downtime-cancel':
      case 'downtime-expire':
        this.#downtimes.add(event.downtime.id);
        this.#count('nextDowntimeId', event.downtime.id);
        break;
      case 'comment-add':
      case 'comment-delete':
        this.#comments.add(event.comment.id);
        this.#count('nextCommentId', event.comment.id);
        break;
      case 'switch-change':
        // A global switch once changed stays changed, even when set back (see setSwitch).
        if (event.scope !== 'global') return;
        this.#globals = { ...this.#globals, [event.name]: event.enabled };
        this.#globalsChanged = true;
        break;
      default:
        // Object-level changes arrive through the status watch.
        return;
    }
    this.#onChange();
  }

  #count(counter: 'nextDowntimeId' | 'nextCommentId', id: number): void {
    if (id + 1 <= this.#counters[counter]) return;
    this.#counters = { ...this.#counters, [counter]: id + 1 };
    this.#countersChanged = true;
  }

  /** The records of everything noted, with the values `monitoring` has now; forgets what it took. */
  take(monitoring: RetainedMonitoring): RetentionRecord[] {
    const records: RetentionRecord[] = [];
    const states = monitoring.states();
    for (const key of this.#statuses) {
      const status = states.get(key);
      if (status !== undefined) records.push({ kind: 'status', status });
    }
    if (this.#downtimes.size > 0) {
      // In scheduling order, which replay keeps.
      const present = new Set<number>();
      for (const downtime of monitoring.downtimes()) {
        if (!this.#downtimes.has(downtime.id)) continue;
        records.push({ kind: 'downtime', downtime });
        present.add(downtime.id);
      }
      for (const id of this.#downtimes) if (!present.has(id)) records.push({ kind: 'downtime-gone', id });
    }
    const comments = monitoring.comments();
    for (const id of this.#comments) {
      const comment = comments.get(id);
      records.push(comment === undefined ? { kind: 'comment-gone', id } : { kind: 'comment', comment });
    }
    if (this.#globalsChanged) records.push({ kind: 'globals', overrides: this.#globals });
    if (this.#countersChanged) records.push({ kind: 'counters', ...this.#counters });
    this.#statuses.clear();
    this.#downtimes.clear();
    this.#comments.clear();
    this.#globalsChanged = false;
    this.#countersChanged = false;
    return records;
  }
}
