/**
 * Turns filter values into predicates on rows, with Checkmk's semantics per column type:
 * numbers compare numerically (`~`, `~~`, `=~` are bit-set tests on int columns), strings
 * exactly, case-insensitively (`=~`) or by regular expression (`~`, `~~`), lists by membership
 * (`>=` contains, `<` does not, `<=`/`>` ignoring case, `=`/`!=` only with an empty value: is
 * empty / is not), dict columns by the value of one key (`custom_variables = SERIAL A1`).
 */
import type { Column, ListItem } from './column.js';
import { defaultItemKey, numberAt } from './column.js';
import { compileRegex, equalsIgnoringCase, type Regex } from './linear-regex.js';
import type { Filter, Operator } from './query.js';
import type { RowContext } from './row-context.js';
import { findColumn, type NumberRange, type RowSelection, type TableDefinition } from './table.js';
import { quoted } from './livestatus-error.js';

/** A compiled filter; `id` is the row's id where the table knows it without reading the row (Table.rowIds), else -1. */
export type RowPredicate<R> = (row: R, ctx: RowContext, id: number) => boolean;

/** A predicate, or why the filter cannot be compiled (a message for a 400 answer). */
export type CompileResult<R> =
  { readonly ok: true; readonly test: RowPredicate<R> } | { readonly ok: false; readonly message: string };

/** What compiling needs besides the filter: the Localtime offset (seconds) added to time values. */
export interface CompileOptions {
  readonly timeOffset: number;
}

/** C's `atoi`: leading whitespace, optional sign, digits; anything else ends the number; none gives 0. */
export function atoi(text: string): number {
  const value = parseInt(text, 10);
  return Number.isNaN(value) ? 0 : value;
}

/** C's `atof`, forgiving in the same way. */
export function atof(text: string): number {
  const value = parseFloat(text);
  return Number.isNaN(value) ? 0 : value;
}

/**
 * Splits the value of a dict filter into key and reference: `KEY rest of value`, where either
 * part may be single-quoted with `''` standing for one quote (Checkmk's DictFilter).
 */
export function splitDictValue(value: string): { key: string; reference: string } {
  const skip = (text: string): number => {
    const match = /^[ \t\n\v\f\r]*/.exec(text);
    return match === null ? 0 : match[0].length;
  };
  const quotedPart = (text: string): { part: string; rest: string } => {
    let result = '';
    let start = 0;
    for (;;) {
      const quote = text.indexOf("'", start);
      if (quote < 0) return { part: result + text.slice(start), rest: '' };
      if (text[quote + 1] !== "'") return { part: result + text.slice(start, quote), rest: text.slice(quote + 1) };
      result += text.slice(start, quote + 1);
      start = quote + 2;
    }
  };
  const at = skip(value);
  let key: string;
  let rest: string;
  if (value[at] === "'") ({ part: key, rest } = quotedPart(value.slice(at + 1)));
  else {
    const end = value.slice(at).search(/[ \t\n\v\f\r]/);
    key = end < 0 ? value.slice(at) : value.slice(at, at + end);
    rest = end < 0 ? '' : value.slice(at + end);
  }
  const at2 = skip(rest);
  const reference = rest[at2] === "'" ? quotedPart(rest.slice(at2 + 1)).part : rest.slice(at2);
  return { key, reference };
}

type StringTest = { ok: true; test: (text: string) => boolean } | { ok: false; message: string };

function regexFor(value: string, ignoreCase: boolean): { ok: true; regex: Regex } | { ok: false; message: string } {
  const compiled = compileRegex(value, ignoreCase);
  return compiled.ok
    ? compiled
    : { ok: false, message: `invalid regular expression '${quoted(value)}': ${compiled.message}` };
}

/** String semantics: equality, case-insensitive equality, regular expressions, byte order. */
function stringTest(operator: Operator, value: string): StringTest {
  switch (operator) {
    case '=':
      return { ok: true, test: (x) => x === value };
    case '!=':
      return { ok: true, test: (x) => x !== value };
    case '=~':
      return { ok: true, test: (x) => equalsIgnoringCase(x, value) };
    case '!=~':
      return { ok: true, test: (x) => !equalsIgnoringCase(x, value) };
    case '~':
    case '~~':
    case '!~':
    case '!~~': {
      const compiled = regexFor(value, operator === '~~' || operator === '!~~');
      if (!compiled.ok) return compiled;
      const { regex } = compiled;
      return operator === '~' || operator === '~~'
        ? { ok: true, test: (x) => regex.search(x) }
        : { ok: true, test: (x) => !regex.search(x) };
    }
    case '<':
      return { ok: true, test: (x) => x < value };
    case '>=':
      return { ok: true, test: (x) => x >= value };
    case '>':
      return { ok: true, test: (x) => x > value };
    case '<=':
      return { ok: true, test: (x) => x <= value };
  }
}

/** Integer semantics, including Checkmk's bit-set operators. */
function intTest(operator: Operator, y: number): (x: number) => boolean {
  switch (operator) {
    case '=':
      return (x) => x === y;
    case '!=':
      return (x) => x !== y;
    case '~':
      return (x) => (x & y) === y;
    case '!~':
      return (x) => (x & y) !== y;
    case '=~':
      return (x) => (x & y) === x;
    case '!=~':
      return (x) => (x & y) !== x;
    case '~~':
      return (x) => (x & y) !== 0;
    case '!~~':
      return (x) => (x & y) === 0;
    case '<':
    case '>=':
    case '>':
    case '<=':
      return orderTest(operator, y);
  }
}

/** The ordering comparisons, the same for integers and floats. */
function orderTest(operator: '<' | '>=' | '>' | '<=', y: number): (x: number) => boolean {
  switch (operator) {
    case '<':
      return (x) => x < y;
    case '>=':
      return (x) => x >= y;
    case '>':
      return (x) => x > y;
    case '<=':
      return (x) => x <= y;
  }
}

/** Float semantics: comparisons only; the text operators match nothing, as in Checkmk. */
function floatTest(operator: Operator, y: number): (x: number) => boolean {
  switch (operator) {
    case '=':
      return (x) => x === y;
    case '!=':
      return (x) => x !== y;
    case '<':
    case '>=':
    case '>':
    case '<=':
      return orderTest(operator, y);
    default:
      return () => false;
  }
}

function listTest(
  operator: Operator,
  value: string,
  key: (item: ListItem) => string,
): { ok: true; test: (list: readonly ListItem[]) => boolean } | { ok: false; message: string } {
  const any = (match: (text: string) => boolean) => (list: readonly ListItem[]) =>
    list.some((item) => match(key(item)));
  switch (operator) {
    case '=':
      return { ok: true, test: value === '' ? (list) => list.length === 0 : () => false };
    case '!=':
      return { ok: true, test: value === '' ? (list) => list.length > 0 : () => false };
    case '>=':
      return { ok: true, test: any((x) => x === value) };
    case '<': {
      const contains = any((x) => x === value);
      return { ok: true, test: (list) => !contains(list) };
    }
    case '<=':
      return { ok: true, test: any((x) => equalsIgnoringCase(x, value)) };
    case '>': {
      const contains = any((x) => equalsIgnoringCase(x, value));
      return { ok: true, test: (list) => !contains(list) };
    }
    case '~':
    case '~~':
    case '!~':
    case '!~~': {
      const compiled = regexFor(value, operator === '~~' || operator === '!~~');
      if (!compiled.ok) return compiled;
      const { regex } = compiled;
      const matches = any((x) => regex.search(x));
      return { ok: true, test: operator === '~' || operator === '~~' ? matches : (list) => !matches(list) };
    }
    case '=~':
    case '!=~':
      return { ok: true, test: () => false };
  }
}

/** Compiles one `column operator value` condition for a known column. */
export function compileCondition<R>(
  column: Column<R>,
  operator: Operator,
  value: string,
  options: CompileOptions,
): CompileResult<R> {
  switch (column.type) {
    case 'int': {
      const test = intTest(operator, atoi(value));
      return { ok: true, test: (row, ctx, id) => test(numberAt(column, row, id, ctx)) };
    }
    case 'time': {
      const test = intTest(operator, atoi(value));
      const offset = options.timeOffset;
      return { ok: true, test: (row, ctx, id) => test(numberAt(column, row, id, ctx) + offset) };
    }
    case 'float': {
      const test = floatTest(operator, atof(value));
      return { ok: true, test: (row, ctx, id) => test(numberAt(column, row, id, ctx)) };
    }
    case 'string': {
      const compiled = stringTest(operator, value);
      if (!compiled.ok) return compiled;
      const { test } = compiled;
      return { ok: true, test: (row, ctx) => test(column.get(row, ctx)) };
    }
    case 'list': {
      const compiled = listTest(operator, value, column.itemKey ?? defaultItemKey);
      if (!compiled.ok) return compiled;
      const { test } = compiled;
      return { ok: true, test: (row, ctx) => test(column.get(row, ctx)) };
    }
    case 'dict': {
      const { key, reference } = splitDictValue(value);
      const compiled = stringTest(operator, reference);
      if (!compiled.ok) return compiled;
      const { test } = compiled;
      return { ok: true, test: (row, ctx) => test(String(column.get(row, ctx).get(key) ?? '')) };
    }
  }
}

const always = (): boolean => true;
const never = (): boolean => false;

/**
 * All (`and`) or any (`or`) of `tests`. Plain loops: this runs for every row of a scan, and
 * `every`/`some` with a callback made a closure per row.
 */
function combined<R>(kind: 'and' | 'or', tests: readonly RowPredicate<R>[]): RowPredicate<R> {
  const [only] = tests;
  if (tests.length === 0) return kind === 'and' ? always : never;
  if (tests.length === 1 && only !== undefined) return only;
  if (kind === 'and') {
    return (row, ctx, id) => {
      for (const test of tests) if (!test(row, ctx, id)) return false;
      return true;
    };
  }
  return (row, ctx, id) => {
    for (const test of tests) if (test(row, ctx, id)) return true;
    return false;
  };
}

/** The message for a column a table does not have, as Checkmk words it. */
export function noSuchColumn(table: string, column: string): string {
  return `table '${table}' has no column '${quoted(column)}'`;
}

/** Compiles a whole filter for `table`. Column names must be known (the parser checked them). */
export function compileFilter<R>(filter: Filter, table: TableDefinition<R>, options: CompileOptions): CompileResult<R> {
  switch (filter.kind) {
    case 'column': {
      const column = findColumn(table, filter.column);
      if (column === undefined) return { ok: false, message: noSuchColumn(table.name, filter.column) };
      return compileCondition(column, filter.operator, filter.value, options);
    }
    case 'and':
    case 'or': {
      const tests: RowPredicate<R>[] = [];
      // GUIs ask for many objects at once (`Filter: host_name = a` ... `Or: 500`): one set lookup
      // instead of hundreds of comparisons per row.
      const parts = filter.kind === 'or' ? equalityGroups(filter.filters, table, tests) : filter.filters;
      for (const sub of parts) {
        const compiled = compileFilter(sub, table, options);
        if (!compiled.ok) return compiled;
        tests.push(compiled.test);
      }
      return { ok: true, test: combined(filter.kind, tests) };
    }
  }
}

/**
 * Splits the parts of an `or`: equality conditions on string columns become one set test per
 * column (added to `tests`); the rest is returned to be compiled one by one.
 */
function equalityGroups<R>(filters: readonly Filter[], table: TableDefinition<R>, tests: RowPredicate<R>[]): Filter[] {
  const sets = new Map<string, Set<string>>();
  const rest: Filter[] = [];
  for (const sub of filters) {
    if (sub.kind === 'column' && sub.operator === '=' && findColumn(table, sub.column)?.type === 'string') {
      const set = sets.get(sub.column) ?? new Set<string>();
      set.add(sub.value);
      sets.set(sub.column, set);
    } else {
      rest.push(sub);
    }
  }
  for (const [name, values] of sets) {
    const column = findColumn(table, name);
    if (column?.type !== 'string') continue;
    tests.push((row, ctx) => values.has(column.get(row, ctx)));
  }
  return rest;
}

/**
 * The values a filter restricts `column` to (see RowSelection): `=` on a string column or `>=`
 * on a list column gives its value; `and` intersects what its parts say; `or` unites when all
 * parts say something.
 */
export function restrictionOf<R>(filter: Filter, table: TableDefinition<R>, column: string): Set<string> | null {
  switch (filter.kind) {
    case 'column': {
      if (filter.column !== column) return null;
      const type = findColumn(table, column)?.type;
      if ((type === 'string' && filter.operator === '=') || (type === 'list' && filter.operator === '>='))
        return new Set([filter.value]);
      return null;
    }
    case 'and': {
      let result: Set<string> | null = null;
      for (const sub of filter.filters) {
        const values = restrictionOf(sub, table, column);
        if (values === null) continue;
        if (result === null) {
          result = values;
          continue;
        }
        const both = new Set<string>();
        for (const value of result) if (values.has(value)) both.add(value);
        result = both;
      }
      return result;
    }
    case 'or': {
      const result = new Set<string>();
      for (const sub of filter.filters) {
        const values = restrictionOf(sub, table, column);
        if (values === null) return null;
        for (const v of values) result.add(v);
      }
      return result;
    }
  }
}

const EVERYTHING: NumberRange = { from: -Infinity, until: Infinity };

/**
 * The range a filter restricts number column `column` to (see RowSelection): comparisons give a
 * bound, `and` intersects, `or` takes the smallest range holding all its parts.
 */
export function rangeOf<R>(filter: Filter, table: TableDefinition<R>, column: string): NumberRange {
  switch (filter.kind) {
    case 'column': {
      const wanted = findColumn(table, column);
      if (wanted === undefined || findColumn(table, filter.column) !== wanted) return EVERYTHING;
      if (wanted.type !== 'int' && wanted.type !== 'float' && wanted.type !== 'time') return EVERYTHING;
      const value = Number(filter.value);
      if (filter.value.trim() === '' || !Number.isFinite(value)) return EVERYTHING;
      switch (filter.operator) {
        case '=':
          return { from: value, until: value };
        case '>':
        case '>=':
          return { from: value, until: Infinity };
        case '<':
        case '<=':
          return { from: -Infinity, until: value };
        default:
          return EVERYTHING;
      }
    }
    case 'and': {
      let from = -Infinity;
      let until = Infinity;
      for (const sub of filter.filters) {
        const range = rangeOf(sub, table, column);
        from = Math.max(from, range.from);
        until = Math.min(until, range.until);
      }
      return { from, until };
    }
    case 'or': {
      if (filter.filters.length === 0) return EVERYTHING;
      let from = Infinity;
      let until = -Infinity;
      for (const sub of filter.filters) {
        const range = rangeOf(sub, table, column);
        from = Math.min(from, range.from);
        until = Math.max(until, range.until);
      }
      return { from, until };
    }
  }
}

/** The row selection a filter implies for a table, computed lazily per column. */
export function selectionOf<R>(filter: Filter, table: TableDefinition<R>): RowSelection {
  const cache = new Map<string, Set<string> | null>();
  return {
    valuesOf(column) {
      if (!cache.has(column)) cache.set(column, restrictionOf(filter, table, column));
      return cache.get(column) ?? null;
    },
    rangeOf: (column) => rangeOf(filter, table, column),
  };
}
