/**
 * Check periods: outside its check period an object gets no active checks, and a check that
 * comes due there moves to the moment the period starts again, as Nagios reschedules it. Pure.
 */
import { isInTimePeriod, nextTimePeriodChange, type TimePeriodLookup, type TimePeriodRules } from './time-period.js';

/** Where periods are looked up and in which zone their wall-clock rules are read. */
export interface PeriodContext {
  readonly lookup: TimePeriodLookup;
  readonly timeZone: string;
}

/**
 * When a check due at `due` may run: `due` itself inside the period (or when the period is not
 * known, which configuration reports), else the next instant the period starts; `null` when it
 * does not start within the look-ahead of {@link nextTimePeriodChange} (about a year).
 */
export function checkTimeInPeriod(periodName: string, due: number, context: PeriodContext): number | null {
  const rules: TimePeriodRules | undefined = context.lookup(periodName);
  if (rules === undefined || isInTimePeriod(rules, due, context.lookup, context.timeZone)) return due;
  return nextTimePeriodChange(rules, due, context.lookup, context.timeZone);
}

/** Whether `at` lies in the named period; an unknown name counts as always. */
export function inPeriod(periodName: string, at: number, context: PeriodContext): boolean {
  const rules = context.lookup(periodName);
  return rules === undefined || isInTimePeriod(rules, at, context.lookup, context.timeZone);
}
