/**
 * Scheduled downtimes: times of planned work during which an object's problems are expected and
 * do not notify. A fixed downtime lasts from its start to its end; a flexible one starts when
 * the object gets a HARD problem inside its window and then lasts its duration; a triggered one
 * starts when the downtime that triggers it starts (Nagios Core, downtime.c). How they start and
 * end over time is downtime-timeline.ts; this file holds the value and the rules for making one.
 */
import type { ObjectRef } from './object-ref.js';
import { objectKey } from './object-ref.js';
import { civilFromDays } from './time-period-calendar.js';
import { wallClockOf } from './time-period-zone.js';

/** Whether a downtime is in effect. */
export type DowntimePhase =
  { readonly kind: 'waiting' } | { readonly kind: 'active'; readonly since: number; readonly until: number };

/** A scheduled downtime. Plain data; times in ms. */
export interface Downtime {
  readonly id: number;
  readonly target: ObjectRef;
  /** Fixed: in effect from `start` to `end`. Flexible: starts inside [start, end], lasts `durationMs`. */
  readonly fixed: boolean;
  readonly start: number;
  readonly end: number;
  readonly durationMs: number;
  /** The downtime whose start starts this one; `null` for none. */
  readonly triggeredBy: number | null;
  readonly author: string;
  readonly comment: string;
  /** When it was scheduled. */
  readonly entryTime: number;
  /** The comment the site made for it, `null` when none. */
  readonly commentId: number | null;
  readonly phase: DowntimePhase;
}

/** What scheduling a downtime asks for. */
export interface DowntimeRequest {
  readonly target: ObjectRef;
  readonly fixed: boolean;
  readonly start: number;
  readonly end: number;
  /** Flexible downtimes: how long they last once started (ms). Fixed ones ignore it. */
  readonly durationMs: number;
  readonly triggeredBy: number | null;
  readonly author: string;
  readonly comment: string;
}

/**
 * Why a downtime cannot be scheduled, or `null` when it can. The rules of Nagios' downtime_add
 * and schedule_downtime: a window that ends after it starts and after now, a duration for a
 * flexible downtime, and a trigger that exists.
 */
export function downtimeRequestProblem(
  request: DowntimeRequest,
  now: number,
  exists: (id: number) => boolean,
): string | null {
  if (request.triggeredBy !== null && !exists(request.triggeredBy)) {
    return `the triggering downtime ${request.triggeredBy} does not exist`;
  }
  if (request.start >= request.end) return 'the downtime must end after it starts';
  if (request.end <= now) return 'the downtime must end in the future';
  if (!request.fixed && request.durationMs <= 0) return 'a flexible downtime needs a duration';
  return null;
}

/** A new downtime from a request that passed {@link downtimeRequestProblem}. */
export function newDowntime(
  request: DowntimeRequest,
  ids: { readonly id: number; readonly commentId: number | null },
  now: number,
): Downtime {
  return {
    id: ids.id,
    target: request.target,
    fixed: request.fixed,
    start: request.start,
    end: request.end,
    durationMs: request.fixed ? request.end - request.start : request.durationMs,
    triggeredBy: request.triggeredBy,
    author: request.author,
    comment: request.comment,
    entryTime: now,
    commentId: ids.commentId,
    phase: { kind: 'waiting' },
  };
}

/** How many downtimes are in effect for each object key (Livestatus `scheduled_downtime_depth`). */
export function downtimeDepths(downtimes: readonly Downtime[]): Map<string, number> {
  const depths = new Map<string, number>();
  for (const d of downtimes) {
    if (d.phase.kind !== 'active') continue;
    const key = objectKey(d.target);
    depths.set(key, (depths.get(key) ?? 0) + 1);
  }
  return depths;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** An instant as Nagios' default date format shows it (`MM-DD-YYYY HH:MM:SS`), in `timeZone`. */
export function formatNagiosDateTime(at: number, timeZone: string): string {
  const { day, ms } = wallClockOf(timeZone, at);
  const date = civilFromDays(day);
  const seconds = Math.floor(ms / 1000);
  const time = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  return `${two(date.month)}-${two(date.day)}-${date.year} ${time}`;
}

/** The text of the comment Nagios makes for a downtime, times in `timeZone`. */
export function downtimeCommentText(request: DowntimeRequest, timeZone: string): string {
  const object = request.target.object;
  const from = formatNagiosDateTime(request.start, timeZone);
  const to = formatNagiosDateTime(request.end, timeZone);
  const tail = `  Notifications for the ${object} will not be sent out during that time period.`;
  if (request.fixed) return `This ${object} has been scheduled for fixed downtime from ${from} to ${to}.${tail}`;
  const minutesTotal = Math.floor(request.durationMs / 60_000);
  const hours = Math.floor(minutesTotal / 60);
  return (
    `This ${object} has been scheduled for flexible downtime starting between ${from} and ${to} ` +
    `and lasting for a period of ${hours} hours and ${minutesTotal % 60} minutes.${tail}`
  );
}
