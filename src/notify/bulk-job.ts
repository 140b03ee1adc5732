/**
 * The one delivery of a bulk notification: the notifications a rule's `bulk` collected for one
 * contact and method, as a single job that lists them. Its id is derived from theirs, so that
 * the same bulk delivered again after a restart carries the same Message-ID, Idempotency-Key
 * or NOTIFY_ID. Pure.
 */
import type { NotificationJob } from './notification-job.js';
import { notificationId } from './route/notification-jobs.js';

/** The job that delivers `jobs` (one lane, oldest first, at least one) as one message. */
export function bulkJob(jobs: readonly NotificationJob[]): NotificationJob {
  const [first] = jobs;
  if (first === undefined) throw new Error('a bulk notification needs at least one notification');
  return {
    id: notificationId(['bulk', ...jobs.map((j) => j.id)]),
    createdAt: first.createdAt,
    contact: first.contact,
    what: first.what,
    method: first.method,
    macros: { ...first.macros, NOTIFICATIONBULKCOUNT: String(jobs.length) },
    bulk: jobs.map((j) => ({ id: j.id, createdAt: j.createdAt, what: j.what, macros: j.macros })),
  };
}
