/**
 * The run-time state of a site's monitoring core as one plain value: every object's status,
 * the downtimes, the comments, the global switch changes and the id counters. It serialises
 * with JSON.stringify as it is and comes back with JSON.parse, for retention and for carrying
 * state across a reload.
 */
import type { Comment } from './comment.js';
import type { Downtime } from './downtime.js';
import type { SwitchOverrides } from './master-control.js';
import type { ObjectStatus } from './object-status.js';

/** The version of the snapshot layout; a reader refuses others. */
export const SNAPSHOT_VERSION = 1;

/** Everything the core keeps at run time. */
export interface MonitoringSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  /** When it was taken (ms). */
  readonly at: number;
  readonly objects: readonly ObjectStatus[];
  readonly downtimes: readonly Downtime[];
  readonly comments: readonly Comment[];
  /** Global master control switches changed at run time. */
  readonly globalOverrides: SwitchOverrides;
  readonly nextDowntimeId: number;
  readonly nextCommentId: number;
}
