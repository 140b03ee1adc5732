/**
 * The day part of a time period rule (its key): `monday`, `2026-12-24`, `day 1 - 15 / 2`,
 * `tuesday 1 april - friday 2 may`, ... A small tokenizer and a grammar, so every form of
 * Nagios 4 is one path through the same few functions, and every refusal says what was expected.
 */
import { didYouMean } from '../lib/did-you-mean.js';
import { daysFromCivil, daysInMonth, maxDaysInMonth } from './time-period-calendar.js';
import type { DateException, NthWeekday, Weekday } from './time-period.js';

/** Weekday names indexed by Weekday (0 = Sunday). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
/** Month names indexed by month − 1. */
export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

type WithoutTimes<T> = T extends unknown ? Omit<T, 'ranges' | 'line'> : never;

/** A parsed key: a weekly weekday, or the days of a date exception (its ranges come from the value). */
export type DateKey = { readonly kind: 'weekly'; readonly weekday: Weekday } | WithoutTimes<DateException>;

/** A value, or what is wrong with the input. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

type Token =
  | { readonly t: 'word'; readonly text: string }
  | { readonly t: 'number'; readonly value: number; readonly text: string }
  | { readonly t: 'date'; readonly year: number; readonly month: number; readonly day: number; readonly text: string }
  | { readonly t: 'dash'; readonly text: '-' }
  | { readonly t: 'slash'; readonly text: '/' };

const WORD = /[a-z]+/y;
const DATE = /(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/y;
const NUMBER = /\d+/y;
const BLANK = /\s+/y;

function tokenize(key: string): Parsed<Token[]> {
  const tokens: Token[] = [];
  let at = 0;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = at;
    const match = pattern.exec(key);
    if (match !== null) at = pattern.lastIndex;
    return match;
  };
  while (at < key.length) {
    let match: RegExpExecArray | null;
    if (take(BLANK) !== null) continue;
    if ((match = take(WORD)) !== null) tokens.push({ t: 'word', text: match[0] });
    else if ((match = take(DATE)) !== null) {
      const [text, year, month, day] = match;
      tokens.push({ t: 'date', year: Number(year), month: Number(month), day: Number(day), text });
    } else if ((match = take(NUMBER)) !== null) tokens.push({ t: 'number', value: Number(match[0]), text: match[0] });
    else if (key[at] === '-') {
      tokens.push({ t: 'dash', text: '-' });
      at++;
    } else if (key[at] === '/') {
      tokens.push({ t: 'slash', text: '/' });
      at++;
    } else {
      return { ok: false, error: `unexpected character '${key[at] ?? ''}' in '${shorten(key)}'` };
    }
  }
  return { ok: true, value: tokens };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Thrown inside the grammar only and caught by parseDateKey: a refusal, not a bug. */
class KeyError {
  constructor(readonly message: string) {}
}

/** Reads tokens left to right; `expect…` throws KeyError naming what was expected and found. */
class Cursor {
  #index = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly key: string,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.#index];
  }

  accept(t: 'dash' | 'slash'): boolean {
    if (this.peek()?.t !== t) return false;
    this.#index++;
    return true;
  }

  fail(expected: string): never {
    const found = this.peek();
    const what = found === undefined ? 'the end' : `'${found.text}'`;
    throw new KeyError(`'${shorten(this.key)}': expected ${expected}, found ${what}`);
  }

  signed(expected: string): number {
    const negative = this.accept('dash');
    const token = this.peek();
    if (token?.t !== 'number') return this.fail(expected);
    this.#index++;
    return negative ? -token.value : token.value;
  }

  word(): string | null {
    const token = this.peek();
    if (token?.t !== 'word') return null;
    this.#index++;
    return token.text;
  }

  weekday(): Weekday {
    const word = this.word();
    const index = WEEKDAYS.findIndex((day) => day === word);
    if (index < 0) return word === null ? this.fail('a weekday') : this.unknown(word, 'a weekday');
    return index as Weekday;
  }

  month(): number {
    const word = this.word();
    const index = MONTHS.findIndex((month) => month === word);
    if (index < 0) return word === null ? this.fail('a month') : this.unknown(word, 'a month');
    return index + 1;
  }

  date(): { year: number; month: number; day: number } {
    const token = this.peek();
    if (token?.t !== 'date') return this.fail('a date like 2026-12-24');
    this.#index++;
    return { year: token.year, month: token.month, day: token.day };
  }

  unknown(word: string, expected: string): never {
    const candidates = expected === 'a month' ? MONTHS : expected === 'a weekday' ? WEEKDAYS : [...WEEKDAYS, ...MONTHS];
    throw new KeyError(`'${shorten(this.key)}': '${word}' is not ${expected}${didYouMean(word, candidates)}`);
  }

  /** An optional `/ N` skip interval, then the end of the key. */
  skipAndEnd(): number | null {
    let skip: number | null = null;
    if (this.accept('slash')) skip = this.signed('a skip interval (a number of days) after /');
    if (this.peek() !== undefined) this.fail('the time ranges');
    return skip;
  }
}

/** Parses the day part of a rule (lower case); dates are checked to exist and ranges to run forwards. */
export function parseDateKey(key: string): Parsed<DateKey> {
  const tokens = tokenize(key);
  if (!tokens.ok) return tokens;
  try {
    const parsed = grammar(new Cursor(tokens.value, key));
    const problem = parsed.kind === 'weekly' ? null : checkDays(parsed);
    return problem === null ? { ok: true, value: parsed } : { ok: false, error: `'${shorten(key)}': ${problem}` };
  } catch (error) {
    if (error instanceof KeyError) return { ok: false, error: error.message };
    throw error;
  }
}

function grammar(cursor: Cursor): DateKey {
  const first = cursor.peek();
  if (first?.t === 'date') {
    const start = cursor.date();
    const end = cursor.accept('dash') ? cursor.date() : null;
    const skip = cursor.skipAndEnd();
    // `2008-04-01 / 7` has no end: every 7th day from the start on, forever.
    return { kind: 'calendar-date', start, end: end ?? (skip === null ? start : null), skip: skip ?? 1 };
  }
  if (first?.t !== 'word') return cursor.fail("a weekday, a month, 'day' or a date like 2026-12-24");
  const word = first.text;
  if (WEEKDAYS.some((day) => day === word)) {
    const weekday = cursor.weekday();
    if (cursor.peek() === undefined) return { kind: 'weekly', weekday };
    return weekdayRule(cursor, weekday);
  }
  if (MONTHS.some((month) => month === word)) {
    const month = cursor.month();
    const start = { month, day: cursor.signed(`a day of ${word}, e.g. '${word} 25' or '${word} -1'`) };
    let end = start;
    if (cursor.accept('dash')) {
      const endMonth = cursor.peek()?.t === 'word' ? cursor.month() : month;
      end = { month: endMonth, day: cursor.signed('the day the range ends') };
    }
    return { kind: 'month-date', start, end, skip: cursor.skipAndEnd() ?? 1 };
  }
  if (word === 'day') {
    cursor.word();
    const start = cursor.signed("a day of the month after 'day', e.g. 'day 1' or 'day -1'");
    let end = start;
    if (cursor.accept('dash')) {
      const again = cursor.peek()?.t === 'word' ? cursor.word() : null;
      if (again !== null && again !== 'day') cursor.unknown(again, "'day'");
      end = cursor.signed('the day of the month the range ends');
    }
    return { kind: 'month-day', start, end, skip: cursor.skipAndEnd() ?? 1 };
  }
  return cursor.unknown(word, "a weekday, a month or 'day'");
}

/** `monday 3`, `monday 3 - thursday 4`, `monday 2 - 3`, `thursday -1 november`, `tuesday 1 april - friday 2 may`. */
function weekdayRule(cursor: Cursor, weekday: Weekday): DateKey {
  const name = WEEKDAYS[weekday];
  const nth = cursor.signed(`which ${name} of the month, e.g. '${name} 3' or '${name} -1'`);
  if (cursor.peek()?.t === 'word') {
    const start = { weekday, nth, month: cursor.month() };
    let end = start;
    if (cursor.accept('dash')) {
      const endWeekday = cursor.weekday();
      const endNth = cursor.signed(`which ${WEEKDAYS[endWeekday]} the range ends on`);
      end = { weekday: endWeekday, nth: endNth, month: cursor.month() };
    }
    return { kind: 'month-weekday', start, end, skip: cursor.skipAndEnd() ?? 1 };
  }
  const start: NthWeekday = { weekday, nth };
  let end = start;
  if (cursor.accept('dash')) {
    const endWeekday = cursor.peek()?.t === 'word' ? cursor.weekday() : weekday;
    end = { weekday: endWeekday, nth: cursor.signed(`which ${WEEKDAYS[endWeekday]} the range ends on`) };
  }
  return { kind: 'weekday-of-month', start, end, skip: cursor.skipAndEnd() ?? 1 };
}

/** What the grammar cannot see: that dates exist, days fit their months, ranges run forwards. */
function checkDays(key: Exclude<DateKey, { kind: 'weekly' }>): string | null {
  if (key.skip < 1) return `the skip interval after '/' must be 1 or more, not ${key.skip}`;
  switch (key.kind) {
    case 'calendar-date': {
      const { start, end } = key;
      for (const date of end === null ? [start] : [start, end]) {
        if (date.month < 1 || date.month > 12) return `month ${date.month} does not exist`;
        if (date.day < 1 || date.day > daysInMonth(date.year, date.month)) {
          return `${MONTHS[date.month - 1] ?? ''} ${date.year} has no day ${date.day}`;
        }
      }
      if (
        end !== null &&
        daysFromCivil(end.year, end.month, end.day) < daysFromCivil(start.year, start.month, start.day)
      ) {
        return 'the range ends before it starts';
      }
      return null;
    }
    case 'month-date':
      for (const { month, day } of [key.start, key.end]) {
        const most = maxDaysInMonth(month);
        if (day === 0 || Math.abs(day) > most) {
          return `${MONTHS[month - 1] ?? ''} has days 1 to ${most} (or -1 to -${most} from its end), not ${day}`;
        }
      }
      return null;
    case 'month-day':
      for (const day of [key.start, key.end]) {
        if (day === 0 || Math.abs(day) > 31) return `a month has days 1 to 31 (or -1 to -31 from its end), not ${day}`;
      }
      return null;
    case 'month-weekday':
    case 'weekday-of-month':
      for (const { weekday, nth } of [key.start, key.end]) {
        if (nth === 0 || Math.abs(nth) > 5) {
          return `a month has at most 5 ${WEEKDAYS[weekday]}s: use 1 to 5, or -1 to -5 from its end, not ${nth}`;
        }
      }
      return null;
  }
}
