/**
 * Reads the lines of one request into a frozen query value (query.ts). As in Checkmk, every
 * header line of a GET is read even after an error, the first error wins and is reported as
 * `while processing header 'X': reason`, and an unknown table is reported before any header
 * error. Column names are checked against the table (an unknown column in `Filter:` or `Stats:`
 * is an error; in `Columns:` it becomes a null column), regular expressions are compiled once
 * to reject bad or oversized patterns, and filter nesting is bounded.
 */
import { compileFilter, noSuchColumn } from './compile-filter.js';
import { livestatusError, quoted, type LivestatusError } from './livestatus-error.js';
import { Arguments, nonNegative } from './header-arguments.js';
import { OPERATORS, depthOf, negate } from './filter-operators.js';
import { parseCommand } from './parse-command.js';
import {
  DEFAULT_SEPARATORS,
  type AggregateFunction,
  type CommandRequest,
  type Filter,
  type GetQuery,
  type OutputFormat,
  type Request,
  type Separators,
  type SortKey,
  type StatsColumn,
  type WaitTrigger,
} from './query.js';
import { findColumn, type TableDefinition } from './table.js';

/** What parsing needs to know. */
export interface ParseOptions {
  readonly tables: ReadonlyMap<string, TableDefinition<unknown>>;
  /** The server's time (epoch ms), for `Localtime:`. */
  readonly now: number;
  /** How deep `And:`/`Or:` may nest filters; deeper is an error. */
  readonly maxFilterDepth?: number;
}

/** The default bound on filter nesting. */
export const MAX_FILTER_DEPTH = 64;

const AGGREGATES: ReadonlySet<string> = new Set<AggregateFunction>([
  'sum',
  'min',
  'max',
  'avg',
  'std',
  'suminv',
  'avginv',
]);

/** Checkmk's list, in its (byte) order, plus Naemon's `wrapped_json`. */
const FORMATS: readonly OutputFormat[] = ['CSV', 'csv', 'json', 'python', 'python3', 'wrapped_json'];

const TRIGGERS: readonly WaitTrigger[] = ['all', 'check', 'state', 'log', 'downtime', 'comment', 'command', 'program'];

/** A failed header, as the message after `while processing header 'X': `. */
type Outcome = string | undefined;

class GetParser {
  readonly #table: TableDefinition<unknown> | undefined;
  readonly #tableName: string;
  readonly #options: ParseOptions;
  readonly #maxDepth: number;
  error: LivestatusError | null = null;
  readonly columns: string[] = [];
  readonly filters: Filter[] = [];
  readonly waitConditions: Filter[] = [];
  readonly stats: StatsColumn[] = [];
  readonly sort: SortKey[] = [];
  limit: number | null = null;
  offset = 0;
  timeLimit: number | null = null;
  outputFormat: OutputFormat = 'csv';
  columnHeaders = true;
  responseHeader: 'off' | 'fixed16' = 'off';
  keepAlive = false;
  authUser: string | null = null;
  separators: Separators = DEFAULT_SEPARATORS;
  timeOffset = 0;
  waitObject: string | null = null;
  waitTrigger: WaitTrigger | null = null;
  waitTimeout = 0;

  constructor(tableName: string, options: ParseOptions) {
    this.#tableName = tableName;
    this.#table = options.tables.get(tableName);
    this.#options = options;
    this.#maxDepth = options.maxFilterDepth ?? MAX_FILTER_DEPTH;
  }

  fail(error: LivestatusError): void {
    if (this.error === null) this.error = error;
  }

  header(line: string): void {
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const args = new Arguments(colon < 0 ? '' : line.slice(colon + 1).replace(/^[ \t\n\v\f\r]+/, ''));
    const problem = line.includes('\0') ? 'the line contains a NUL byte' : this.#dispatch(name, args);
    if (problem !== undefined) this.fail(livestatusError(400, `while processing header '${quoted(name)}': ${problem}`));
  }

  #dispatch(name: string, args: Arguments): Outcome {
    switch (name) {
      case 'Filter':
        return this.#filter(args, this.filters);
      case 'Or':
      case 'And':
        return this.#combine(args, this.filters, name === 'And' ? 'and' : 'or');
      case 'Negate':
        return this.#negate(args, this.filters);
      case 'Stats':
        return this.#stats(args);
      case 'StatsAnd':
      case 'StatsOr':
        return this.#combineStats(args, name === 'StatsAnd' ? 'and' : 'or');
      case 'StatsNegate':
        return this.#negateStats(args);
      case 'Columns':
      case 'StatsGroupBy':
        return this.#columns(args);
      case 'ColumnHeaders':
        return this.#onOff(args, (on) => (this.columnHeaders = on));
      case 'KeepAlive':
        return this.#onOff(args, (on) => (this.keepAlive = on));
      case 'ResponseHeader': {
        const value = args.token();
        if (value === null) return 'missing argument';
        if (value !== 'off' && value !== 'fixed16') return "expected 'off' or 'fixed16'";
        this.responseHeader = value;
        return undefined;
      }
      case 'Limit':
        return this.#count(args, (n) => (this.limit = n));
      case 'Offset':
        return this.#count(args, (n) => (this.offset = n));
      case 'Timelimit':
        return this.#count(args, (n) => (this.timeLimit = n));
      case 'OutputFormat': {
        const value = args.token();
        const format = FORMATS.find((f) => f === value);
        if (format === undefined)
          return `missing/invalid output format, use one of ${FORMATS.map((f) => `'${f}'`).join(', ')}`;
        this.outputFormat = format;
        return undefined;
      }
      case 'AuthUser':
        this.authUser = args.rest();
        return undefined;
      case 'Separators':
        return this.#separators(args);
      case 'Localtime':
        return this.#count(args, (client) => {
          const offset = Math.round((client - this.#options.now / 1000) / 1800) * 1800;
          if (Math.abs(offset) >= 86_400) return 'timezone difference greater than or equal to 24 hours';
          this.timeOffset = offset;
          return undefined;
        });
      case 'OrderBy':
        return this.#orderBy(args);
      case 'Sort':
        return this.#sortLine(args);
      case 'WaitObject':
        this.waitObject = args.rest();
        return undefined;
      case 'WaitCondition':
        return this.#filter(args, this.waitConditions);
      case 'WaitConditionAnd':
      case 'WaitConditionOr':
        return this.#combine(args, this.waitConditions, name === 'WaitConditionAnd' ? 'and' : 'or');
      case 'WaitConditionNegate':
        return this.#negate(args, this.waitConditions);
      case 'WaitTrigger': {
        const value = args.token() ?? '';
        const trigger = TRIGGERS.find((t) => t === value);
        if (trigger === undefined)
          return `invalid trigger '${quoted(value)}', allowed: all, check, state, log, downtime, comment, command and program`;
        this.waitTrigger = trigger;
        return undefined;
      }
      case 'WaitTimeout':
        return this.#count(args, (n) => (this.waitTimeout = n));
      default:
        return 'undefined request header';
    }
  }

  /** The canonical name of a column of the table; unknown tables accept anything (their 404 wins). */
  #column(name: string): { name: string } | string {
    if (this.#table === undefined) return { name };
    const column = findColumn(this.#table, name);
    return column === undefined ? noSuchColumn(this.#tableName, name) : { name: column.name };
  }

  /** `<column> <operator> <value>` as a condition, checked and compiled once. */
  #condition(args: Arguments): Filter | string {
    const columnName = args.token();
    if (columnName === null) return 'missing argument';
    const operatorName = args.token();
    if (operatorName === null) return 'missing argument';
    const column = this.#column(columnName);
    if (typeof column === 'string') return column;
    const operator = OPERATORS[operatorName];
    if (operator === undefined) return `invalid operator '${quoted(operatorName)}'`;
    const filter: Filter = { kind: 'column', column: column.name, operator, value: args.rest() };
    if (this.#table !== undefined) {
      const compiled = compileFilter(filter, this.#table, { timeOffset: 0 });
      if (!compiled.ok) return compiled.message;
    }
    return filter;
  }

  #filter(args: Arguments, stack: Filter[]): Outcome {
    const filter = this.#condition(args);
    if (typeof filter === 'string') return filter;
    stack.push(filter);
    return undefined;
  }

  #underflow(expected: number, actual: number): string {
    return `cannot combine filters: expecting ${expected} ${expected === 1 ? 'filter' : 'filters'}, but only ${actual} ${
      actual === 1 ? 'is' : 'are'
    } on stack`;
  }

  #combine(args: Arguments, stack: Filter[], kind: 'and' | 'or'): Outcome {
    const n = nonNegative(args);
    if (typeof n === 'string') return n;
    if (n > stack.length) return this.#underflow(n, stack.length);
    const filters = stack.splice(stack.length - n, n);
    const combined: Filter = { kind, filters };
    if (depthOf(combined) > this.#maxDepth) return `filters nested deeper than ${this.#maxDepth} levels`;
    stack.push(combined);
    return undefined;
  }

  #negate(args: Arguments, stack: Filter[]): Outcome {
    if (args.rest() !== '') return 'superfluous argument(s)';
    const top = stack.pop();
    if (top === undefined) return this.#underflow(1, 0);
    stack.push(negate(top));
    return undefined;
  }

  #stats(args: Arguments): Outcome {
    this.columnHeaders = false;
    const first = args.token();
    if (first === null) return 'missing argument';
    if (AGGREGATES.has(first)) {
      const columnName = args.token();
      if (columnName === null) return 'missing argument';
      const column = this.#column(columnName);
      if (typeof column === 'string') return column;
      this.stats.push({ kind: 'aggregate', function: first as AggregateFunction, column: column.name });
      return undefined;
    }
    const filter = this.#condition(new Arguments(`${first} ${args.rest()}`));
    if (typeof filter === 'string') return filter;
    this.stats.push({ kind: 'count', filter });
    return undefined;
  }

  /** Takes the filter of the last count Stats; an aggregate cannot be combined. */
  #popStatsFilter(): Filter | string | null {
    const last = this.stats.pop();
    if (last === undefined) return null;
    return last.kind === 'count' ? last.filter : 'not a counting aggregator';
  }

  #combineStats(args: Arguments, kind: 'and' | 'or'): Outcome {
    const n = nonNegative(args);
    if (typeof n === 'string') return n;
    const filters: Filter[] = [];
    for (let i = 0; i < n; i++) {
      const filter = this.#popStatsFilter();
      if (filter === null) return this.#underflow(n, i);
      if (typeof filter === 'string') return filter;
      filters.unshift(filter);
    }
    const combined: Filter = { kind, filters };
    if (depthOf(combined) > this.#maxDepth) return `filters nested deeper than ${this.#maxDepth} levels`;
    this.stats.push({ kind: 'count', filter: combined });
    return undefined;
  }

  #negateStats(args: Arguments): Outcome {
    if (args.rest() !== '') return 'superfluous argument(s)';
    const filter = this.#popStatsFilter();
    if (filter === null) return this.#underflow(1, 0);
    if (typeof filter === 'string') return filter;
    this.stats.push({ kind: 'count', filter: negate(filter) });
    return undefined;
  }

  #columns(args: Arguments): Outcome {
    for (let name = args.token(); name !== null; name = args.token()) {
      const column = this.#column(name);
      this.columns.push(typeof column === 'string' ? name : column.name);
    }
    this.columnHeaders = false;
    return undefined;
  }

  #onOff(args: Arguments, set: (on: boolean) => void): Outcome {
    const value = args.token();
    if (value === null) return 'missing argument';
    if (value !== 'on' && value !== 'off') return "expected 'on' or 'off'";
    set(value === 'on');
    return undefined;
  }

  #count(args: Arguments, set: (n: number) => Outcome | number | void): Outcome {
    const n = nonNegative(args);
    if (typeof n === 'string') return n;
    const result = set(n);
    return typeof result === 'string' ? result : undefined;
  }

  #separators(args: Arguments): Outcome {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const n = nonNegative(args);
      if (typeof n === 'string') return n;
      codes.push(n & 0xff);
    }
    const [dataset, field, list, hostService] = codes.map((c) => String.fromCharCode(c));
    this.separators = {
      dataset: dataset ?? '\n',
      field: field ?? ';',
      list: list ?? ',',
      hostService: hostService ?? '|',
    };
    return undefined;
  }

  #sortKey(spec: string, key: string | null, direction: string | null): Outcome {
    if (direction !== null && direction !== 'asc' && direction !== 'desc') return "expected 'asc' or 'desc'";
    const column = this.#column(spec);
    if (typeof column === 'string') return column;
    this.sort.push({ column: column.name, key, descending: direction === 'desc' });
    return undefined;
  }

  /** Checkmk: `OrderBy: <column>[.<key>] [asc|desc]`. */
  #orderBy(args: Arguments): Outcome {
    const spec = args.token();
    if (spec === null) return 'missing argument';
    const dot = spec.indexOf('.');
    return this.#sortKey(dot < 0 ? spec : spec.slice(0, dot), dot < 0 ? null : spec.slice(dot + 1), args.token());
  }

  /** Naemon: `Sort: <column> [<key>] asc|desc`. */
  #sortLine(args: Arguments): Outcome {
    const tokens: string[] = [];
    for (let t = args.token(); t !== null; t = args.token()) tokens.push(t);
    const [column, second, third] = tokens;
    if (column === undefined) return 'missing argument';
    if (tokens.length > 3) return 'superfluous argument(s)';
    return third === undefined
      ? this.#sortKey(column, null, second ?? null)
      : this.#sortKey(column, second ?? null, third);
  }

  result(): GetQuery {
    const allColumns = this.columns.length === 0 && this.stats.length === 0;
    const waitCondition = andOf(this.waitConditions);
    const hasWait =
      this.waitObject !== null || this.waitConditions.length > 0 || this.waitTrigger !== null || this.waitTimeout > 0;
    const query: GetQuery = {
      kind: 'get',
      table: this.#tableName,
      columns: allColumns && this.#table !== undefined ? this.#table.columns.map((c) => c.name) : this.columns,
      filter: andOf(this.filters),
      stats: this.stats,
      limit: this.limit,
      offset: this.offset,
      sort: this.sort,
      timeLimit: this.timeLimit,
      outputFormat: this.outputFormat,
      columnHeaders: allColumns ? true : this.columnHeaders,
      responseHeader: this.responseHeader,
      keepAlive: this.keepAlive,
      authUser: this.authUser,
      separators: this.separators,
      timeOffset: this.timeOffset,
      wait: hasWait
        ? {
            object: this.waitObject,
            condition: waitCondition,
            trigger: this.waitTrigger ?? 'all',
            timeoutMs: this.waitTimeout,
          }
        : null,
      error: this.error,
    };
    return query;
  }
}

function andOf(filters: readonly Filter[]): Filter {
  const [only] = filters;
  return filters.length === 1 && only !== undefined ? only : { kind: 'and', filters };
}

/**
 * A command sent with an `AuthUser:` header line carries the user: it may only command objects
 * the user may see. Other header lines of a command are ignored, as before.
 */
function withAuthUser(request: CommandRequest, headers: readonly string[]): CommandRequest {
  if (request.kind !== 'command') return request;
  let authUser: string | null = null;
  for (const header of headers) {
    const match = /^AuthUser:[ \t]*(.*)$/.exec(header);
    if (match !== null) authUser = (match[1] ?? '').trim();
  }
  if (authUser === null) return request;
  return { kind: 'command', command: Object.freeze({ ...request.command, authUser }) };
}

/**
 * Parses one request: its lines without the terminating empty line, the first being the method
 * line (`GET hosts`, `COMMAND ...`).
 */
export function parseRequest(lines: readonly string[], options: ParseOptions): Request {
  const [method = '', ...headers] = lines;
  if (method === 'GET' || method.startsWith('GET ')) {
    const tableName = method.slice(3).replace(/^[ \t\n\v\f\r]+/, '');
    const parser = new GetParser(tableName, options);
    if (tableName === '') parser.fail(livestatusError(452, 'Invalid GET request, missing table name'));
    else if (method.includes('\0'))
      parser.fail(livestatusError(400, 'Invalid GET request: the line contains a NUL byte'));
    else if (!options.tables.has(tableName))
      parser.fail(livestatusError(404, `Invalid GET request, no such table '${quoted(tableName)}'`));
    for (const header of headers) parser.header(header);
    return parser.result();
  }
  if (method.startsWith('COMMAND ')) return withAuthUser(parseCommand(method.slice('COMMAND '.length)), headers);
  return { kind: 'invalid', error: livestatusError(452, 'terminating client connection: invalid request method') };
}
