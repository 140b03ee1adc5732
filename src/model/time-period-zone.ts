/**
 * Wall-clock time in an IANA time zone: which local day and time an instant is, and which
 * instants a local time is. Built on Intl.DateTimeFormat, whose formatters are slow to create and
 * whose formatting costs microseconds, so both are cached: one formatter per zone, and the UTC
 * offset per six-hour bucket of instants, which makes a decomposition a map lookup after the first.
 *
 * Assumption (true of every zone in the tz database since 1970): a zone's offset changes at most
 * once within six hours.
 */
import { MS_PER_DAY, daysFromCivil } from './time-period-calendar.js';

/** An instant as the wall clock of a zone shows it. */
export interface WallClock {
  /** The local calendar day as a day number (1970-01-01 is 0). */
  readonly day: number;
  /** Milliseconds since local midnight of that day, 0 ≤ ms < 86 400 000. */
  readonly ms: number;
}

const BUCKET_MS = 6 * 3_600_000;
/** Beyond this many cached buckets a zone's cache starts afresh, so memory stays bounded. */
const MAX_BUCKETS = 50_000;
/** UTC offsets on Earth lie within −12 h … +14 h; a wall-clock time is within this of its instant. */
const MAX_OFFSET_MS = 15 * 3_600_000;

interface Bucket {
  /** Offset (local minus UTC, ms) at the start of the bucket. */
  readonly before: number;
  /** Offset from `change` on, equal to `before` when the offset does not change in the bucket. */
  readonly after: number;
  /** The first instant with offset `after`, in (start, end]; `Infinity` when the offset does not change. */
  readonly change: number;
}

interface ZoneCache {
  readonly format: Intl.DateTimeFormat;
  readonly buckets: Map<number, Bucket>;
}

const zones = new Map<string, ZoneCache>();

function zoneCache(timeZone: string): ZoneCache {
  let cache = zones.get(timeZone);
  if (cache === undefined) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    cache = { format, buckets: new Map() };
    zones.set(timeZone, cache);
  }
  return cache;
}

/** Whether `timeZone` is an IANA zone name this runtime knows (`Europe/Berlin`, `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    zoneCache(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The offset at `at` straight from Intl: the formatted wall clock minus the instant, whole seconds. */
function measureOffset(format: Intl.DateTimeFormat, at: number): number {
  const second = Math.floor(at / 1000) * 1000;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let sec = 0;
  for (const part of format.formatToParts(second)) {
    const value = Number(part.value);
    if (part.type === 'year') year = value;
    else if (part.type === 'month') month = value;
    else if (part.type === 'day') day = value;
    else if (part.type === 'hour') hour = value;
    else if (part.type === 'minute') minute = value;
    else if (part.type === 'second') sec = value;
  }
  const wall = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + sec) * 1000;
  return wall - second;
}

function bucket(cache: ZoneCache, index: number): Bucket {
  const known = cache.buckets.get(index);
  if (known !== undefined) return known;
  const start = index * BUCKET_MS;
  const end = start + BUCKET_MS;
  const before = measureOffset(cache.format, start);
  const after = measureOffset(cache.format, end);
  let change = Infinity;
  if (before !== after) {
    // Offsets change on whole seconds: search the first second with the new offset.
    let lo = start / 1000;
    let hi = end / 1000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (measureOffset(cache.format, mid * 1000) === before) lo = mid;
      else hi = mid;
    }
    change = hi * 1000;
  }
  if (cache.buckets.size >= MAX_BUCKETS) cache.buckets.clear();
  const made = { before, after, change };
  cache.buckets.set(index, made);
  return made;
}

/** The UTC offset of `timeZone` at instant `at`, in ms (local minus UTC; +3 600 000 for CET). */
export function offsetAt(timeZone: string, at: number): number {
  const b = bucket(zoneCache(timeZone), Math.floor(at / BUCKET_MS));
  return at < b.change ? b.before : b.after;
}

/** The local day and time of day of instant `at` (epoch ms) in `timeZone`. */
export function wallClockOf(timeZone: string, at: number): WallClock {
  const local = at + offsetAt(timeZone, at);
  const day = Math.floor(local / MS_PER_DAY);
  return { day, ms: local - day * MS_PER_DAY };
}

/**
 * The instants whose wall clock shows local time `wall` (day number × 86 400 000 + ms of day),
 * ascending: one normally, none inside a spring-forward gap, two inside a fall-back overlap.
 */
export function instantsOfWallClock(timeZone: string, wall: number): number[] {
  const offsets = new Set<number>();
  for (const change of offsetChangesBetween(timeZone, wall - MAX_OFFSET_MS, wall + MAX_OFFSET_MS)) {
    offsets.add(offsetAt(timeZone, change - 1));
    offsets.add(offsetAt(timeZone, change));
  }
  offsets.add(offsetAt(timeZone, wall));
  const instants: number[] = [];
  for (const offset of offsets) {
    const at = wall - offset;
    if (offsetAt(timeZone, at) === offset) instants.push(at);
  }
  return instants.sort((a, b) => a - b);
}

/** The instants in [from, to) at which the zone's UTC offset changes (DST starts and ends), ascending. */
export function offsetChangesBetween(timeZone: string, from: number, to: number): number[] {
  const cache = zoneCache(timeZone);
  const changes: number[] = [];
  // A bucket's change lies in (start, end], so the bucket before `from` may hold one at `from`.
  for (let index = Math.floor(from / BUCKET_MS) - 1; index * BUCKET_MS < to; index++) {
    const { change } = bucket(cache, index);
    if (change >= from && change < to) changes.push(change);
  }
  return changes;
}
