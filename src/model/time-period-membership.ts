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
/**
 * Exclusions nested deeper than this count with their own rules only, so that evaluation stays
 * cheap and bounded whatever the configuration; no sane configuration comes close.
 */
const MAX_EXCLUDE_DEPTH = 16;

function inRanges(ranges: readonly TimeRange[], minute: number): boolean {
  for (const range of ranges) if (minute >= range.start && minute < range.end) return true;
  return false;
}

/**
 * Whether an excluded period is met again (or too deep) and so counts with its own rules only.
 * `path` holds the periods whose exclusions are being evaluated. Nagios 3 did the same: a period
 * reached again through its own exclusions has its exclusions ignored, so a cycle ends.
 */
function metAgain(excluded: TimePeriodRules, path: readonly TimePeriodRules[]): boolean {
  return path.length >= MAX_EXCLUDE_DEPTH || path.includes(excluded);
}

/** Whether local `day` at `minute` (fractional minutes since midnight) is inside `rules`. */
function inPeriod(
  rules: TimePeriodRules,
  day: number,
  minute: number,
  lookup: TimePeriodLookup,
  path: TimePeriodRules[],
): boolean {
  if (!inRanges(rangesOfDay(rules, day), minute)) return false;
  if (rules.excludes.length === 0) return true;
  path.push(rules);
  let inside = true;
  for (const name of rules.excludes) {
    const excluded = lookup(name);
    if (excluded === undefined) continue;
    const hit = metAgain(excluded, path)
      ? inRanges(rangesOfDay(excluded, day), minute)
      : inPeriod(excluded, day, minute, lookup, path);
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

/**
 * Every minute of day `day` at which the period or one it excludes, as deep as evaluation goes,
 * starts or ends a range. Iterative, so a long chain of exclusions cannot exhaust the stack.
 */
function boundariesOfDay(rules: TimePeriodRules, day: number, lookup: TimePeriodLookup): Set<number> {
  const minutes = new Set<number>([0]);
  const seen = new Set<TimePeriodRules>([rules]);
  let level: TimePeriodRules[] = [rules];
  for (let depth = 0; level.length > 0 && depth <= MAX_EXCLUDE_DEPTH; depth++) {
    const next: TimePeriodRules[] = [];
    for (const period of level) {
      for (const range of rangesOfDay(period, day)) {
        minutes.add(range.start);
        if (range.end < 1440) minutes.add(range.end);
      }
      for (const name of period.excludes) {
        const excluded = lookup(name);
        if (excluded !== undefined && !seen.has(excluded)) {
          seen.add(excluded);
          next.push(excluded);
        }
      }
    }
    level = next;
  }
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
  path: TimePeriodRules[],
): 'in' | 'out' | 'mixed' {
  const own = ownState(rules, day);
  if (own !== 'in' || rules.excludes.length === 0) return own;
  path.push(rules);
  let state: 'in' | 'out' | 'mixed' = 'in';
  for (const name of rules.excludes) {
    const excluded = lookup(name);
    if (excluded === undefined) continue;
    const inner = metAgain(excluded, path) ? ownState(excluded, day) : dayState(excluded, day, lookup, path);
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
  // Depth-first with an explicit stack, so a chain of many thousand periods cannot exhaust the call stack.
  const path: string[] = [];
  const onPath = new Map<string, number>();
  const acyclic = new Set<string>();
  const stack: { readonly excludes: readonly string[]; next: number }[] = [];
  const enter = (current: string): void => {
    const rules = lookup(current);
    if (rules === undefined) return;
    onPath.set(current, path.length);
    path.push(current);
    stack.push({ excludes: rules.excludes, next: 0 });
  };
  enter(name);
  for (let top = stack[stack.length - 1]; top !== undefined; top = stack[stack.length - 1]) {
    const excluded = top.excludes[top.next++];
    if (excluded === undefined) {
      stack.pop();
      const done = path.pop() ?? '';
      onPath.delete(done);
      acyclic.add(done);
      continue;
    }
    const index = onPath.get(excluded);
    if (index !== undefined) return [...path.slice(index), excluded];
    if (!acyclic.has(excluded)) enter(excluded);
  }
  return null;
}
