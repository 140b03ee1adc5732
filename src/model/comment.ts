/**
 * Comments on hosts and services: written by users, or made by the site for an acknowledgement,
 * a downtime or flapping (Livestatus `entry_type` 1 … 4). Plain data.
 */
import { formatPercent } from './flapping.js';
import type { ObjectRef } from './object-ref.js';

/** Who made a comment and why. */
export type CommentKind = 'user' | 'downtime' | 'flapping' | 'acknowledgement';

/** A comment. */
export interface Comment {
  readonly id: number;
  readonly target: ObjectRef;
  readonly kind: CommentKind;
  readonly author: string;
  readonly text: string;
  /** When it was made (ms). */
  readonly at: number;
  /** A persistent comment survives restarts (and an acknowledgement comment its acknowledgement). */
  readonly persistent: boolean;
  /**
   * The end time (ms) of the acknowledgement a comment belongs to, as Naemon marks the comment of
   * an expiring acknowledgement (Livestatus `expires`, `expire_time`); absent: it does not expire.
   */
  readonly expires?: number;
}

/** Livestatus' `entry_type` of each kind. */
export const COMMENT_ENTRY_TYPES: Readonly<Record<CommentKind, number>> = {
  user: 1,
  downtime: 2,
  flapping: 3,
  acknowledgement: 4,
};

/** The author of comments the site makes itself. */
export const SITE_AUTHOR = '(Watchpost Process)';

/** The text of the comment made when an object starts flapping, in Nagios' words. */
export function flappingCommentText(object: 'host' | 'service', percent: number, threshold: number): string {
  const relation = object === 'host' ? '>' : '>=';
  return (
    `Notifications for this ${object} are being suppressed because it was detected as having been flapping ` +
    `between different states (${formatPercent(percent)}% change ${relation} ${formatPercent(threshold)}% threshold).  ` +
    `When the ${object} state stabilizes and the flapping stops, notifications will be re-enabled.`
  );
}
