/**
 * What a restart changes in retained state, as Nagios Core does when it reads its retention file
 * (xrddefault.c): comments that are not persistent do not outlive the process, except those
 * that belong to something still in force. Acknowledgements, downtimes, states, attempts,
 * notification records, flap histories and switch changes are kept as they are; downtimes that
 * ended while the site was down are ended by the engine at start, with their log lines. Pure.
 */
import type { Comment, CommentKind } from '../../model/comment.js';
import type { MonitoringSnapshot } from '../../model/monitoring-snapshot.js';
import { objectKey } from '../../model/object-ref.js';
import type { ObjectStatus } from '../../model/object-status.js';

/** What the rule for a non-persistent comment may look at. */
export interface CommentContext {
  /** The status of the comment's object, `undefined` when it is not retained. */
  readonly status: ObjectStatus | undefined;
  /** The comment ids of retained downtimes. */
  readonly downtimeComments: ReadonlySet<number>;
}

/**
 * Whether a comment that is not persistent survives a restart, by kind. Nagios keeps an
 * acknowledgement's comment while the problem is acknowledged and re-creates the comment of each
 * retained downtime; a flapping comment lasts while the object flaps (it is deleted when flapping
 * stops). A user's comment made without `persistent` is gone.
 */
export const NON_PERSISTENT_SURVIVES: Readonly<
  Record<CommentKind, (comment: Comment, ctx: CommentContext) => boolean>
> = {
  user: () => false,
  acknowledgement: (_comment, ctx) => (ctx.status?.acknowledgement ?? null) !== null,
  downtime: (comment, ctx) => ctx.downtimeComments.has(comment.id),
  flapping: (_comment, ctx) => ctx.status?.flap.flapping === true,
};

/** The retained state as a restarted site continues from it. */
export function afterRestart(snapshot: MonitoringSnapshot): MonitoringSnapshot {
  const statuses = new Map(snapshot.objects.map((s) => [objectKey(s), s]));
  const downtimeComments = new Set(snapshot.downtimes.flatMap((d) => (d.commentId === null ? [] : [d.commentId])));
  const comments = snapshot.comments.filter(
    (comment) =>
      comment.persistent ||
      NON_PERSISTENT_SURVIVES[comment.kind](comment, {
        status: statuses.get(objectKey(comment.target)),
        downtimeComments,
      }),
  );
  return comments.length === snapshot.comments.length ? snapshot : { ...snapshot, comments };
}
