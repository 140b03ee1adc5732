/**
 * Time periods: when checks run and notifications go out, with Nagios 4 semantics. A period is
 * weekly ranges plus date exceptions that override them for the days they cover, minus the times
 * of excluded periods. Rules are wall-clock rules: they are read on the local calendar and clock
 * of a time zone, so `09:00-17:00` follows daylight saving time.
 *
 * This file holds the data model and re-exports the API. Parsing lives in time-period-parse.ts
 * (the day part of a rule in time-period-key.ts), the calendar in time-period-calendar.ts, which
 * ranges a day has in time-period-day.ts, time zones in time-period-zone.ts, and evaluation
 * against instants in time-period-membership.ts.
 */

/** Minutes since local midnight, `start` < `end`, `end` ≤ 1440 (24:00 is the end of the day). */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** A weekday: 0 is Sunday … 6 is Saturday, as in Nagios and JavaScript. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** The nth `weekday` of a month; `nth` 1–5, or -1 … -5 counting from the end (-1 is the last). */
export interface NthWeekday {
  readonly weekday: Weekday;
  readonly nth: number;
}

/** What every exception has: the line that defined it, its ranges and its skip interval. */
interface ExceptionBase {
  /** Time ranges of a covered day, merged and sorted; empty means no time at all that day. */
  readonly ranges: readonly TimeRange[];
  /** Only every `skip`th day of a covered stretch counts, starting with its first; 1 = every day. */
  readonly skip: number;
  /** The line of the rule, for messages. */
  readonly line: number;
}

/** `2026-12-24`, `2007-01-01 - 2008-02-01`, `2008-04-01 / 7` (open-ended: `end` null). */
export interface CalendarDateException extends ExceptionBase {
  readonly kind: 'calendar-date';
  readonly start: { readonly year: number; readonly month: number; readonly day: number };
  readonly end: { readonly year: number; readonly month: number; readonly day: number } | null;
}

/** `december 25`, `february -1`, `july 10 - 15`, `april 10 - may 15`: days of named months, every year. */
export interface MonthDateException extends ExceptionBase {
  readonly kind: 'month-date';
  /** `day` 1–31, or negative counting from the month's end. */
  readonly start: { readonly month: number; readonly day: number };
  readonly end: { readonly month: number; readonly day: number };
}

/** `day 2`, `day -1`, `day 1 - 15`, `day 20 - -1`: days of every month. */
export interface MonthDayException extends ExceptionBase {
  readonly kind: 'month-day';
  readonly start: number;
  readonly end: number;
}

/** `thursday -1 november`, `tuesday 1 april - friday 2 may`: nth weekdays of named months, every year. */
export interface MonthWeekdayException extends ExceptionBase {
  readonly kind: 'month-weekday';
  readonly start: NthWeekday & { readonly month: number };
  readonly end: NthWeekday & { readonly month: number };
}

/** `monday 3`, `friday -2`, `monday 3 - thursday 4`: nth weekdays of every month. */
export interface WeekdayOfMonthException extends ExceptionBase {
  readonly kind: 'weekday-of-month';
  readonly start: NthWeekday;
  readonly end: NthWeekday;
}

/**
 * A date exception ("date range" in Nagios): for the days it covers, its ranges replace the
 * weekday's. A range of days may wrap (`november 20 - february 10`, `day 25 - 5`).
 */
export type DateException =
  CalendarDateException | MonthDateException | MonthDayException | MonthWeekdayException | WeekdayOfMonthException;

/**
 * Exception kinds from strongest to weakest, Nagios 4's order: for a given day the first
 * exception of the first kind that covers it decides; within a kind, the first defined.
 */
export const EXCEPTION_PRECEDENCE: readonly DateException['kind'][] = [
  'calendar-date',
  'month-date',
  'month-day',
  'month-weekday',
  'weekday-of-month',
];

/** The parsed rules of one time period. Plain readonly data, compared structurally on reload. */
export interface TimePeriodRules {
  /** Weekly ranges indexed by {@link Weekday}; a weekday without a rule has no time. */
  readonly weekdays: readonly (readonly TimeRange[])[];
  /** Date exceptions ordered by precedence ({@link EXCEPTION_PRECEDENCE}, then definition order). */
  readonly exceptions: readonly DateException[];
  /** Names of periods whose times are taken out of this one. */
  readonly excludes: readonly string[];
}

/** One rule line of a period as written, e.g. key `monday 3`, value `00:00-24:00`. */
export interface TimePeriodRuleLine {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/** Finds the rules of another period by name, for `exclude`; `undefined` for an unknown name. */
export type TimePeriodLookup = (name: string) => TimePeriodRules | undefined;

const WHOLE_DAY: readonly TimeRange[] = [{ start: 0, end: 1440 }];

/** The predefined 24X7 period: every minute of every day. */
export const ALWAYS: TimePeriodRules = {
  weekdays: [WHOLE_DAY, WHOLE_DAY, WHOLE_DAY, WHOLE_DAY, WHOLE_DAY, WHOLE_DAY, WHOLE_DAY],
  exceptions: [],
  excludes: [],
};

export { parseTimePeriodRules, type TimePeriodParseResult } from './time-period-parse.js';
export { isInTimePeriod, nextTimePeriodChange, findExcludeCycle } from './time-period-membership.js';
export { isKnownTimeZone } from './time-period-zone.js';
