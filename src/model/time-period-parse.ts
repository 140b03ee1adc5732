/**
 * Parses the rule lines of a time period, Nagios 4 syntax: a weekday or a date key, then time
 * ranges `HH:MM-HH:MM[,HH:MM-HH:MM...]`. Key and value are read as one text, because Nagios
 * splits `2007-01-01 - 2008-02-01 00:00-24:00` at its first blank and joins it again.
 */
import { type DateKey, type Parsed, WEEKDAYS, parseDateKey } from './time-period-key.js';
import type { DateException, TimePeriodRuleLine, TimePeriodRules, TimeRange, Weekday } from './time-period.js';
import { EXCEPTION_PRECEDENCE } from './time-period.js';

/** Problems found in a period's rule lines, each at its line; rules keep the valid lines. */
export interface TimePeriodParseResult {
  readonly rules: TimePeriodRules;
  readonly errors: { line: number; message: string }[];
  /** Lines that parse but do not do what they seem to (a weekday given twice). */
  readonly warnings: { line: number; message: string }[];
}

/** Longer rule lines are refused unread: no real rule comes close, and messages stay short. */
const MAX_LINE_LENGTH = 4096;
/** At most this many ranges per line, for the same reason. */
const MAX_RANGES = 288;

const NO_TIME: readonly TimeRange[] = [];

/** A line's rule as parsed: a weekly weekday rule, or the days and ranges of a date exception. */
type ParsedRule =
  | { readonly kind: 'weekly'; readonly weekday: Weekday; readonly ranges: readonly TimeRange[] }
  | {
      readonly kind: 'exception';
      readonly days: Exclude<DateKey, { kind: 'weekly' }>;
      readonly ranges: readonly TimeRange[];
      /** The key as written (lower case, single blanks), to spot a repeated one. */
      readonly key: string;
    };

/** Quotes input in a message, shortened so a huge line does not make a huge message. */
function quote(text: string): string {
  return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}

/**
 * Parses a period's rule lines; errors name the line and what is wrong; valid lines are kept.
 * Never throws. `excludes` are the names of the period's `exclude` directive.
 */
export function parseTimePeriodRules(
  lines: readonly TimePeriodRuleLine[],
  excludes: readonly string[],
): TimePeriodParseResult {
  const errors: { line: number; message: string }[] = [];
  const warnings: { line: number; message: string }[] = [];
  const weekdays: (readonly TimeRange[])[] = [NO_TIME, NO_TIME, NO_TIME, NO_TIME, NO_TIME, NO_TIME, NO_TIME];
  const weekdayLines = new Map<number, number>();
  const exceptions: DateException[] = [];
  const exceptionLines = new Map<string, number>();

  for (const { key, value, line } of lines) {
    const parsed = parseRule(`${key} ${value}`.trim());
    if (!parsed.ok) {
      errors.push({ line, message: parsed.error });
      continue;
    }
    const rule = parsed.value;
    if (rule.kind === 'weekly') {
      const earlier = weekdayLines.get(rule.weekday);
      if (earlier !== undefined) {
        const day = WEEKDAYS[rule.weekday] ?? '';
        warnings.push({
          line,
          message: `${day} is already given on line ${earlier}; this line replaces it, as in Nagios`,
        });
      }
      weekdays[rule.weekday] = rule.ranges;
      weekdayLines.set(rule.weekday, line);
    } else {
      const earlier = exceptionLines.get(rule.key);
      if (earlier !== undefined) {
        warnings.push({
          line,
          message: `'${rule.key}' is already given on line ${earlier}, which wins; this line has no effect`,
        });
      } else {
        exceptionLines.set(rule.key, line);
      }
      exceptions.push({ ...rule.days, ranges: rule.ranges, line });
    }
  }

  const rank = (e: DateException): number => EXCEPTION_PRECEDENCE.indexOf(e.kind);
  exceptions.sort((a, b) => rank(a) - rank(b) || a.line - b.line);
  const names = [...new Set(excludes.map((name) => name.trim()).filter((name) => name !== ''))];
  return { rules: { weekdays, exceptions, excludes: names }, errors, warnings };
}

function parseRule(text: string): Parsed<ParsedRule> {
  if (text.length > MAX_LINE_LENGTH) {
    return { ok: false, error: `rule is ${text.length} characters long, more than ${MAX_LINE_LENGTH}: ${quote(text)}` };
  }
  // Time ranges begin at the first word with a colon; dates never contain one.
  const words = text.split(/\s+/);
  const firstTime = words.findIndex((word) => word.includes(':'));
  if (firstTime < 0) {
    return {
      ok: false,
      error: `${quote(text)} has no time ranges; write them after the day, e.g. 'monday 09:00-17:00'`,
    };
  }
  if (firstTime === 0) return { ok: false, error: `${quote(text)} names no day before its time ranges` };
  const keyText = words.slice(0, firstTime).join(' ').toLowerCase();
  const key = parseDateKey(keyText);
  if (!key.ok) return key;
  const ranges = parseRanges(words.slice(firstTime).join(' '));
  if (!ranges.ok) return { ok: false, error: `${quote(keyText)}: ${ranges.error}` };
  const days = key.value;
  if (days.kind === 'weekly') {
    return { ok: true, value: { kind: 'weekly', weekday: days.weekday, ranges: ranges.value } };
  }
  return { ok: true, value: { kind: 'exception', days, ranges: ranges.value, key: keyText } };
}

/** Parses `HH:MM-HH:MM[,HH:MM-HH:MM...]` (blanks allowed around `-` and `,`) into merged ranges. */
function parseRanges(text: string): Parsed<readonly TimeRange[]> {
  const parts = text
    .replace(/\s*([-,])\s*/g, '$1')
    .split(/[\s,]+/)
    .filter((part) => part !== '');
  if (parts.length > MAX_RANGES) return { ok: false, error: `${parts.length} time ranges, more than ${MAX_RANGES}` };
  const ranges: TimeRange[] = [];
  for (const part of parts) {
    const range = parseRange(part);
    if (!range.ok) return range;
    if (range.value !== null) ranges.push(range.value);
  }
  return { ok: true, value: mergeRanges(ranges) };
}

/** One `HH:MM-HH:MM`; `null` for `00:00-00:00`, the Nagios way of saying "no time this day". */
function parseRange(part: string): Parsed<TimeRange | null> {
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(part);
  if (match === null) return { ok: false, error: `${quote(part)} is not a time range HH:MM-HH:MM` };
  const [, h1 = '', m1 = '', h2 = '', m2 = ''] = match;
  const start = minuteOf(h1, m1);
  const end = minuteOf(h2, m2);
  if (!start.ok) return { ok: false, error: `${quote(part)}: ${start.error}` };
  if (!end.ok) return { ok: false, error: `${quote(part)}: ${end.error}` };
  if (start.value === 0 && end.value === 0) return { ok: true, value: null };
  if (end.value < start.value) {
    const [from, to] = part.split('-');
    return {
      ok: false,
      error: `${quote(part)} ends before it starts; a range cannot cross midnight: write ${from}-24:00 on this day and 00:00-${to} on the next`,
    };
  }
  if (end.value === start.value) {
    return { ok: false, error: `${quote(part)} is empty; write 00:00-00:00 for a day without time` };
  }
  return { ok: true, value: { start: start.value, end: end.value } };
}

function minuteOf(hours: string, minutes: string): Parsed<number> {
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 24) return { ok: false, error: `hour ${hours} is out of range 00-24` };
  if (m > 59) return { ok: false, error: `minute ${minutes} is out of range 00-59` };
  if (h === 24 && m > 0) return { ok: false, error: `24:${minutes} is past the end of the day, 24:00` };
  return { ok: true, value: h * 60 + m };
}

/** Sorts ranges and joins those that overlap or touch. */
function mergeRanges(ranges: TimeRange[]): readonly TimeRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}
