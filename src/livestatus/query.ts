/**
 * A parsed Livestatus request as an immutable value, discriminated by `kind`: a `get` query, a
 * `command`, or an `invalid` request. The parser builds it from the request lines; the executor
 * and the renderers read it. Column names in it are the table's own names (prefixes such as
 * `host_` in the hosts table already stripped), except unknown names in `Columns:`, which are
 * kept as written and answered with nulls, as Checkmk does.
 */
import type { LivestatusError } from './livestatus-error.js';
import type { ExternalCommand } from './ports.js';

/**
 * The twelve relational operators. The parser also accepts `!<`, `!>`, `!<=` and `!>=`, which
 * are written here as their equivalents `>=`, `<=`, `>` and `<`.
 */
export type Operator = '=' | '!=' | '~' | '!~' | '=~' | '!=~' | '~~' | '!~~' | '<' | '>=' | '>' | '<=';

/** `Filter: <column> <operator> <value>`; the value is the rest of the line, spaces included. */
export interface ColumnCondition {
  readonly kind: 'column';
  readonly column: string;
  readonly operator: Operator;
  readonly value: string;
}

/** `And: n`; an empty `and` is true. */
export interface AndCondition {
  readonly kind: 'and';
  readonly filters: readonly Filter[];
}

/** `Or: n`; an empty `or` is false. */
export interface OrCondition {
  readonly kind: 'or';
  readonly filters: readonly Filter[];
}

/**
 * A condition on a row. `Negate:` has no node of its own: as in Checkmk it negates the operators
 * of the conditions below it (De Morgan for `and`/`or`), which differs from a plain "not" for
 * list columns (`Filter: groups = x` is false for every row, and so is its negation).
 */
export type Filter = ColumnCondition | AndCondition | OrCondition;

/** The aggregations of `Stats: <function> <column>`. */
export type AggregateFunction = 'sum' | 'min' | 'max' | 'avg' | 'std' | 'suminv' | 'avginv';

/** One Stats column: count the rows matching a filter, or aggregate a numeric column. */
export type StatsColumn =
  | { readonly kind: 'count'; readonly filter: Filter }
  | { readonly kind: 'aggregate'; readonly function: AggregateFunction; readonly column: string };

/** `csv` is Livestatus' unquoted CSV with `Separators:`, `CSV` is RFC 4180. */
export type OutputFormat = 'csv' | 'CSV' | 'json' | 'python' | 'python3' | 'wrapped_json';

/** The four separators of `OutputFormat: csv`, each one character. */
export interface Separators {
  readonly dataset: string;
  readonly field: string;
  readonly list: string;
  readonly hostService: string;
}

/** The default separators: newline, `;`, `,`, `|`. */
export const DEFAULT_SEPARATORS: Separators = Object.freeze({ dataset: '\n', field: ';', list: ',', hostService: '|' });

/** One sort key of `OrderBy:` (Checkmk) or `Sort:` (Naemon); `key` picks a value of a dict column. */
export interface SortKey {
  readonly column: string;
  readonly key: string | null;
  readonly descending: boolean;
}

/** The trigger names of `WaitTrigger:`. */
export type WaitTrigger = 'all' | 'check' | 'state' | 'log' | 'downtime' | 'comment' | 'command' | 'program';

/** What `WaitObject`/`WaitCondition*`/`WaitTrigger`/`WaitTimeout` ask for; absent when none was given. */
export interface WaitSpec {
  /** The object the condition is evaluated on: a host name, or `host;service` / `host service`. */
  readonly object: string | null;
  readonly condition: Filter;
  readonly trigger: WaitTrigger;
  /** Milliseconds; 0 waits without limit (the server caps it). */
  readonly timeoutMs: number;
}

/** `GET <table>` and its headers. */
export interface GetQuery {
  readonly kind: 'get';
  readonly table: string;
  /** Explicit `Columns:`; empty with no Stats means "all columns, with a header row". */
  readonly columns: readonly string[];
  /** The top-level filter: every `Filter:` left on the stack, ANDed. */
  readonly filter: Filter;
  readonly stats: readonly StatsColumn[];
  readonly limit: number | null;
  readonly offset: number;
  readonly sort: readonly SortKey[];
  /** Seconds; `null` for no limit. */
  readonly timeLimit: number | null;
  readonly outputFormat: OutputFormat;
  /** Already resolved: on for "all columns", else as `ColumnHeaders:` said (default off). */
  readonly columnHeaders: boolean;
  readonly responseHeader: 'off' | 'fixed16';
  readonly keepAlive: boolean;
  readonly authUser: string | null;
  readonly separators: Separators;
  /**
   * Seconds added to every time value shown and compared: the client's clock (`Localtime:`)
   * minus the server's, rounded to half hours, as Checkmk computes it; 0 without the header.
   */
  readonly timeOffset: number;
  readonly wait: WaitSpec | null;
  /**
   * The first error found while reading the request, if any. As in Checkmk, the other headers
   * are still read, so that `ResponseHeader` and `KeepAlive` apply to the error answer.
   */
  readonly error: LivestatusError | null;
}

/** `COMMAND [timestamp] NAME;args`: a well-formed command of a known name, or why it is not. */
export type CommandRequest =
  | { readonly kind: 'command'; readonly command: ExternalCommand }
  | { readonly kind: 'bad-command'; readonly reason: string; readonly text: string };

/** A request that cannot be answered at all; the connection is closed after the error. */
export interface InvalidRequest {
  readonly kind: 'invalid';
  readonly error: LivestatusError;
}

/** Any parsed request. */
export type Request = GetQuery | CommandRequest | InvalidRequest;
