/**
 * Whether an instant lies inside a time period, and when that next changes. An instant is read
 * as a local day and time of day in the site's zone; the period's own rules give that day's
 * ranges, and a time inside any excluded period (evaluated the same way) is outside.
 *
 * Wall-clock semantics across daylight saving time: `02:00-03:00` covers no real time on a
 * spring-forward day whose clock skips that hour, and two real hours on a fall-back day whose
 * clock shows it twice; `00:00-24:00` covers the whole local day, however long.
 */
import { MS_PER_DAY } from './time-period-calendar.js';
import { rangesOfDay } from './time-period-day.js';
import type { TimePeriodLookup, TimePeriodRules, TimeRange } from './time-period.js';
import { instantsOfWallClock, offsetChangesBetween, wallClockOf } from './time-period-zone.js';

const MS_PER_MINUTE = 60_000;
/** Exclusions nested deeper than this are not followed; no sane configuration comes close. */
const MAX_EXCLUDE_DEPTH = 32;

function inRanges(ranges: readonly TimeRange[], minute: number): boolean {
  for (const range of ranges) if (minute >= range.start && minute < range.end) return true;
  return false;
}

/**
 * Whether local `day` at `minute` (fractional minutes since midnight) is inside `rules`. `path`
 * holds the periods whose exclusions are being evaluated: a period reached again through its
 * own exclusions counts with its own rules only, its exclusions not followed again, as Nagios 3
 * did, so a cycle ends instead of recursing forever.
 */
function inPeriod(
  rules: TimePeriodRules,
  day: number,
  minute: number,
  lookup: TimePeriodLookup,
  path: (TimePeriodRules | string)[],
): boolean {
  if (!inRanges(rangesOfDay(rules, day), minute)) return false;
  if (rules.excludes.length === 0) return true;
  path.push(rules);
  let inside = true;
  for (const name of rules.excludes) {
    const excluded = lookup(name);
    if (excluded === undefined) continue;
    const again = path.includes(excluded) || path.includes(name) || path.length >= MAX_EXCLUDE_DEPTH;
    path.push(name);
    const hit = again ? inRanges(rangesOfDay(excluded, day), minute) : inPeriod(excluded, day, minute, lookup, path);
    path.pop();
    if (hit) {
      inside = false;
      break;
    }
  }
  path.pop();
  return inside;
}

/**
 * Whether `at` (epoch ms) lies inside the period `rules`, its wall-clock rules read in
 * `timeZone` (an IANA name; an unknown one throws a RangeError, so validate it where
 * configuration is read, e.g. with isKnownTimeZone). Excluded periods are found through
 * `lookup`; unknown names exclude nothing (configuration reports them).
 */
export function isInTimePeriod(
  rules: TimePeriodRules,
  at: number,
  lookup: TimePeriodLookup,
  timeZone: string,
): boolean {
  const { day, ms } = wallClockOf(timeZone, at);
  return inPeriod(rules, day, ms / MS_PER_MINUTE, lookup, []);
}

/** Every minute of day `day` at which the period or one it excludes (recursively) starts or ends a range. */
function boundariesOfDay(rules: TimePeriodRules, day: number, lookup: TimePeriodLookup): Set<number> {
  const minutes = new Set<number>([0]);
  const seen = new Set<TimePeriodRules>();
  const visit = (period: TimePeriodRules): void => {
    if (seen.has(period)) return;
    seen.add(period);
    for (const range of rangesOfDay(period, day)) {
      minutes.add(range.start);
      if (range.end < 1440) minutes.add(range.end);
    }
    for (const name of period.excludes) {
      const excluded = lookup(name);
      if (excluded !== undefined) visit(excluded);
    }
  };
  visit(rules);
  return minutes;
}

/** Whether the period's own rules cover all, none or part of local day `day`. */
function ownState(rules: TimePeriodRules, day: number): 'in' | 'out' | 'mixed' {
  const first = rangesOfDay(rules, day)[0];
  if (first === undefined) return 'out';
  return first.start === 0 && first.end === 1440 ? 'in' : 'mixed';
}

/**
 * Whether local day `day` is wholly inside (`in`), wholly outside (`out`) or partly inside
 * (`mixed`) the period, with the cycle rule of {@link inPeriod}. Lets the search for the next
 * change skip whole days cheaply, the common case for 24x7 and for days off.
 */
function dayState(
  rules: TimePeriodRules,
  day: number,
  lookup: TimePeriodLookup,
  path: (TimePeriodRules | string)[],
): 'in' | 'out' | 'mixed' {
  const own = ownState(rules, day);
  if (own !== 'in' || rules.excludes.length === 0) return own;
  path.push(rules);
  let state: 'in' | 'out' | 'mixed' = 'in';
  for (const name of rules.excludes) {
    const excluded = lookup(name);
    if (excluded === undefined) continue;
    const again = path.includes(excluded) || path.includes(name) || path.length >= MAX_EXCLUDE_DEPTH;
    path.push(name);
    const inner = again ? ownState(excluded, day) : dayState(excluded, day, lookup, path);
    path.pop();
    if (inner === 'in') {
      state = 'out';
      break;
    }
    if (inner === 'mixed') state = 'mixed';
  }
  path.pop();
  return state;
}

/**
 * The instants in (from, to] at which membership can change: where the wall clock reaches a
 * range boundary of a local day, and where it jumps (a daylight saving change). Between two
 * consecutive candidates the local day and every range test stay the same, so membership does.
 */
function candidateInstants(
  rules: TimePeriodRules,
  lookup: TimePeriodLookup,
  timeZone: string,
  from: number,
  to: number,
): number[] {
  const found = new Set<number>(offsetChangesBetween(timeZone, from + 1, to + 1));
  // A fall-back change at midnight can show the previous day again, hence the spare day each side.
  const firstDay = wallClockOf(timeZone, from).day - 1;
  const lastDay = wallClockOf(timeZone, to).day + 1;
  for (let day = firstDay; day <= lastDay; day++) {
    for (const minute of boundariesOfDay(rules, day, lookup)) {
      for (const at of instantsOfWallClock(timeZone, day * MS_PER_DAY + minute * MS_PER_MINUTE)) {
        if (at > from && at <= to) found.add(at);
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** The common state of the local days (with one to spare each side) around instants (from, to]. */
function wholeDays(
  rules: TimePeriodRules,
  lookup: TimePeriodLookup,
  timeZone: string,
  from: number,
  to: number,
): 'in' | 'out' | 'mixed' {
  const lastDay = wallClockOf(timeZone, to).day + 1;
  let common: 'in' | 'out' | 'mixed' | null = null;
  for (let day = wallClockOf(timeZone, from).day - 1; day <= lastDay; day++) {
    const state = dayState(rules, day, lookup, []);
    if (common !== null && state !== common) return 'mixed';
    common = state;
  }
  return common ?? 'mixed';
}

/**
 * The first instant after `at` (epoch ms) whose membership in `rules` differs from that of `at`,
 * or `null` when membership stays the same for `horizonDays` days. Membership is the same for
 * every instant in [at, result). Arguments as for {@link isInTimePeriod}.
 */
export function nextTimePeriodChange(
  rules: TimePeriodRules,
  at: number,
  lookup: TimePeriodLookup,
  timeZone: string,
  horizonDays = 400,
): number | null {
  const current = isInTimePeriod(rules, at, lookup, timeZone);
  const limit = at + horizonDays * MS_PER_DAY;
  const steady = current ? 'in' : 'out';
  for (let from = at; from < limit; from += MS_PER_DAY) {
    const to = Math.min(from + MS_PER_DAY, limit);
    if (wholeDays(rules, lookup, timeZone, from, to) === steady) continue;
    for (const candidate of candidateInstants(rules, lookup, timeZone, from, to)) {
      if (isInTimePeriod(rules, candidate, lookup, timeZone) !== current) return candidate;
    }
  }
  return null;
}

/**
 * A cycle of exclusions reachable from period `name`, as the names along it with the first
 * repeated at the end (`['a', 'b', 'a']`), or `null`. For configuration to report: evaluation
 * itself survives cycles, but their meaning is rarely what was intended.
 */
export function findExcludeCycle(name: string, lookup: TimePeriodLookup): string[] | null {
  const path: string[] = [];
  const acyclic = new Set<string>();
  const visit = (current: string): string[] | null => {
    const index = path.indexOf(current);
    if (index >= 0) return [...path.slice(index), current];
    if (acyclic.has(current)) return null;
    const rules = lookup(current);
    if (rules === undefined) return null;
    path.push(current);
    for (const excluded of rules.excludes) {
      const cycle = visit(excluded);
      if (cycle !== null) return cycle;
    }
    path.pop();
    acyclic.add(current);
    return null;
  };
  return visit(name);
}
