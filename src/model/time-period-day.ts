/**
 * Which time ranges a period's own rules give one local calendar day: the first date exception
 * covering the day decides, else the weekday rule. Exclusions are applied elsewhere.
 */
import {
  civilFromDays,
  daysFromCivil,
  lastDayOfMonth,
  nthDayOfMonth,
  nthWeekdayOfMonth,
  weekdayOf,
} from './time-period-calendar.js';
import type { DateException, TimePeriodRules, TimeRange } from './time-period.js';

const NO_TIME: readonly TimeRange[] = [];

/** Days cached per period; beyond this the period's cache starts afresh. */
const MAX_CACHED_DAYS = 2048;
const cache = new WeakMap<TimePeriodRules, Map<number, readonly TimeRange[]>>();

/**
 * The ranges of local day `day` (day number, 1970-01-01 is 0) under `rules` alone, merged and
 * sorted. Cached per rules object: the same day is asked for by every check of the day.
 */
export function rangesOfDay(rules: TimePeriodRules, day: number): readonly TimeRange[] {
  let days = cache.get(rules);
  if (days === undefined) {
    days = new Map();
    cache.set(rules, days);
  }
  const known = days.get(day);
  if (known !== undefined) return known;
  const ranges = computeRangesOfDay(rules, day);
  if (days.size >= MAX_CACHED_DAYS) days.clear();
  days.set(day, ranges);
  return ranges;
}

function computeRangesOfDay(rules: TimePeriodRules, day: number): readonly TimeRange[] {
  for (const exception of rules.exceptions) if (exceptionCoversDay(exception, day)) return exception.ranges;
  return rules.weekdays[weekdayOf(day)] ?? NO_TIME;
}

/** A stretch of covered days, both ends inclusive day numbers. */
interface Stretch {
  readonly first: number;
  readonly last: number;
}

/**
 * Whether `exception` covers day `day`. Recurring exceptions are stretches that start once per
 * month or year; a stretch whose end comes before its start in the same month (year) ends in
 * the next one, so a day may belong to the stretch that started in the previous month (year).
 */
export function exceptionCoversDay(exception: DateException, day: number): boolean {
  if (exception.kind === 'calendar-date') {
    const { start, end } = exception;
    const first = daysFromCivil(start.year, start.month, start.day);
    const last = end === null ? Infinity : daysFromCivil(end.year, end.month, end.day);
    return day >= first && day <= last && (day - first) % exception.skip === 0;
  }
  const { year, month } = civilFromDays(day);
  const unit = exception.kind === 'month-date' || exception.kind === 'month-weekday' ? year : year * 12 + month - 1;
  for (const u of [unit, unit - 1]) {
    const stretch = stretchOf(exception, u);
    if (stretch !== null && day >= stretch.first && day <= stretch.last) {
      return (day - stretch.first) % exception.skip === 0;
    }
  }
  return false;
}

/** The stretch a recurring exception starts in `unit` (a year, or year × 12 + month − 1), if any. */
function stretchOf(exception: Exclude<DateException, { kind: 'calendar-date' }>, unit: number): Stretch | null {
  const first = startIn(exception, unit);
  if (first === null) return null;
  const sameUnitEnd = endIn(exception, unit);
  if (sameUnitEnd === null) return null;
  if (sameUnitEnd >= first) return { first, last: sameUnitEnd };
  const nextUnitEnd = endIn(exception, unit + 1);
  return nextUnitEnd === null ? null : { first, last: nextUnitEnd };
}

/** The year and month of a month unit (year × 12 + month − 1). */
function monthOf(unit: number): { year: number; month: number } {
  const year = Math.floor(unit / 12);
  return { year, month: unit - year * 12 + 1 };
}

/** The first day of the stretch in `unit`; `null` when that unit lacks the day (`day 31` in April). */
function startIn(exception: Exclude<DateException, { kind: 'calendar-date' }>, unit: number): number | null {
  switch (exception.kind) {
    case 'month-date':
      return nthDayOfMonth(unit, exception.start.month, exception.start.day);
    case 'month-day': {
      const { year, month } = monthOf(unit);
      return nthDayOfMonth(year, month, exception.start);
    }
    case 'month-weekday': {
      const { weekday, nth, month } = exception.start;
      return nthWeekdayOfMonth(unit, month, weekday, nth);
    }
    case 'weekday-of-month': {
      const { year, month } = monthOf(unit);
      return nthWeekdayOfMonth(year, month, exception.start.weekday, exception.start.nth);
    }
  }
}

/**
 * The last day of the stretch in `unit`. As in Nagios, an end counted from the start that the
 * month lacks (`day 1 - 31` in April, `friday 5`) is the month's last day; one counted from the
 * end that the month lacks leaves the stretch out.
 */
function endIn(exception: Exclude<DateException, { kind: 'calendar-date' }>, unit: number): number | null {
  switch (exception.kind) {
    case 'month-date': {
      const { month, day } = exception.end;
      return nthDayOfMonth(unit, month, day) ?? (day > 0 ? lastDayOfMonth(unit, month) : null);
    }
    case 'month-day': {
      const { year, month } = monthOf(unit);
      const day = exception.end;
      return nthDayOfMonth(year, month, day) ?? (day > 0 ? lastDayOfMonth(year, month) : null);
    }
    case 'month-weekday': {
      const { weekday, nth, month } = exception.end;
      return nthWeekdayOfMonth(unit, month, weekday, nth) ?? (nth > 0 ? lastDayOfMonth(unit, month) : null);
    }
    case 'weekday-of-month': {
      const { year, month } = monthOf(unit);
      const { weekday, nth } = exception.end;
      return nthWeekdayOfMonth(year, month, weekday, nth) ?? (nth > 0 ? lastDayOfMonth(year, month) : null);
    }
  }
}
