/**
 * Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), the unit time
 * period rules are evaluated in. Pure integer math, so rules never depend on the host's time zone.
 */

/** A calendar date: `month` 1–12, `day` 1–31. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Milliseconds in a calendar day of wall-clock time. */
export const MS_PER_DAY = 86_400_000;

/** Whether `year` has a 29th of February. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The number of days of `month` (1–12) in `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return MONTH_LENGTHS[month - 1] ?? 31;
}

/** The most days `month` (1–12) ever has: 29 for February. */
export function maxDaysInMonth(month: number): number {
  return month === 2 ? 29 : daysInMonth(2001, month);
}

/** The day number of a calendar date (1970-01-01 is 0); the era-based algorithm, exact for any year. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The calendar date of a day number; the inverse of {@link daysFromCivil}. */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** The weekday of a day number: 0 is Sunday … 6 is Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/**
 * The day number of the `nth` day of a month, counting from the end when negative (-1 is the
 * last day), or `null` when the month has no such day (`31` in April, `-30` in February).
 */
export function nthDayOfMonth(year: number, month: number, nth: number): number | null {
  const length = daysInMonth(year, month);
  const day = nth > 0 ? nth : length + 1 + nth;
  if (nth === 0 || day < 1 || day > length) return null;
  return daysFromCivil(year, month, day);
}

/**
 * The day number of the `nth` `weekday` (0 = Sunday) of a month, counting from the end when
 * negative (-1 is the last), or `null` when the month has no such day (a fifth Monday).
 */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, nth: number): number | null {
  if (nth === 0) return null;
  const length = daysInMonth(year, month);
  const first = daysFromCivil(year, month, 1);
  if (nth > 0) {
    const firstMatch = first + ((weekday - weekdayOf(first) + 7) % 7);
    const day = firstMatch + (nth - 1) * 7;
    return day < first + length ? day : null;
  }
  const last = first + length - 1;
  const lastMatch = last - ((weekdayOf(last) - weekday + 7) % 7);
  const day = lastMatch + (nth + 1) * 7;
  return day >= first ? day : null;
}

/** The day number of the last day of a month. */
export function lastDayOfMonth(year: number, month: number): number {
  return daysFromCivil(year, month, daysInMonth(year, month));
}
