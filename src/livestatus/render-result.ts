/**
 * Renders query results byte for byte as Checkmk does: `csv` (unquoted, with Separators), `CSV`
 * (RFC 4180), `json` and `python3`/`python` (rows joined by `,\n`, strings with Checkmk's
 * `\uXXXX` escapes, null as `null`/`None`, floats like C++'s default `%g`), plus Naemon's
 * `wrapped_json` with `total_count`. Booleans are already 0/1 in the cells.
 */
import { isDict, type CellValue, type ListItem } from './column.js';
import { livestatusError, type LivestatusError } from './livestatus-error.js';
import type { OutputFormat, Separators } from './query.js';

/** What a writer needs to know before the first row. */
export interface ResultShape {
  /** The header row (column names, then `stats_1`...), when the query asked for one. */
  readonly header: readonly string[] | null;
  /** Per output column: whether numbers are shown as floating point (`%g`) rather than integers. */
  readonly floats: readonly boolean[];
}

/** What comes around the rows: the shape, and how many rows matched (`wrapped_json`'s `total_count`). */
interface Framing extends ResultShape {
  readonly totalCount: number;
}

/** Rows of cells, ready to render. */
export interface QueryResult extends Framing {
  readonly rows: readonly (readonly CellValue[])[];
}

/** How to render. */
export interface RenderOptions {
  readonly format: OutputFormat;
  readonly separators: Separators;
  /** Answers larger than this (bytes) are refused with 413. */
  readonly maxBytes: number;
}

/** The rendered body, or 413 when it would be too large. */
export type RenderOutcome =
  { readonly ok: true; readonly body: AnswerText } | { readonly ok: false; readonly error: LivestatusError };

/**
 * The text of an answer: one string, or pieces to be sent one after the other. A large answer
 * stays in pieces of a few hundred rows, so that it is never copied into one string of megabytes
 * before it is written.
 */
export type AnswerText = string | readonly string[];

/** `text` as one string. */
export function joinedText(text: AnswerText): string {
  return typeof text === 'string' ? text : text.join('');
}

/** The length of `text` in UTF-8 bytes. */
export function byteLengthOf(text: AnswerText): number {
  if (typeof text === 'string') return Buffer.byteLength(text);
  let bytes = 0;
  for (const piece of text) bytes += Buffer.byteLength(piece);
  return bytes;
}

/** A number as C++ streams print a double by default (`%g`, 6 significant digits): `0.0134859`, `30`, `1e+06`. */
export function formatFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa = '0', exponentText = '0'] = x.toExponential(5).split('e');
  const exponent = Number(exponentText);
  const strip = (text: string): string => (text.includes('.') ? text.replace(/\.?0+$/, '') : text);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${strip(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return strip(x.toFixed(5 - exponent));
}

function numberText(x: number, float: boolean): string | null {
  if (!Number.isFinite(x)) return null;
  return float || !Number.isInteger(x) ? formatFloat(x) : String(x);
}

const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0');

/**
 * Whether Checkmk copies every character as it is: 32..127 except `"` and `\`. A loop, not a
 * regular expression: this runs for every string cell of an answer.
 */
function isBoring(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 127 || c === 34 || c === 92) return false;
  }
  return true;
}

/** A string literal for json (`surrogates`) or python3 (`\U0001f600`). */
export function quoteString(text: string, surrogates: boolean): string {
  if (isBoring(text)) return '"' + text + '"';
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 32 && cp <= 127 && cp !== 34 && cp !== 92) out += ch;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else if (surrogates) {
      const v = cp - 0x10000;
      out += `\\u${hex(0xd800 | ((v >> 10) & 0x3ff), 4)}\\u${hex(0xdc00 | (v & 0x3ff), 4)}`;
    } else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

/** Renders cells and rows of one format. */
interface Dialect {
  readonly rowStart: string;
  /** Between the cells of a row. */
  readonly field: string;
  readonly rowEnd: string;
  cell(value: CellValue, float: boolean): string;
  /** A whole row at once when the dialect has a quicker way for it, else `null`. */
  quickRow?(cells: readonly CellValue[], floats: readonly boolean[]): string | null;
  /** What comes before the first row, between two rows, and after the last. */
  open(result: Framing): string;
  readonly between: string;
  close(result: Framing): string;
}

/**
 * A row of plain strings (see isBoring) and whole numbers in integer columns, which JSON.stringify
 * writes exactly as Checkmk's json and python3 do (`["srv1","CPU load",0]`), several times faster
 * than cell by cell; `null` for any other row (null cells, lists, dicts, floats, escapes).
 */
function plainLiteralRow(cells: readonly CellValue[], floats: readonly boolean[]): string | null {
  for (let i = 0; i < cells.length; i++) {
    const value = cells[i];
    if (typeof value === 'string') {
      if (!isBoring(value)) return null;
    } else if (typeof value !== 'number' || floats[i] === true || !Number.isInteger(value)) return null;
  }
  return JSON.stringify(cells);
}

function literalDialect(python: boolean): Dialect {
  const nullText = python ? 'None' : 'null';
  const scalar = (value: string | number, float: boolean): string =>
    typeof value === 'string' ? quoteString(value, !python) : (numberText(value, float) ?? nullText);
  const item = (value: ListItem): string =>
    typeof value === 'object' ? `[${value.map((v) => scalar(v, false)).join(',')}]` : scalar(value, false);
  return {
    field: ',',
    cell(value, float) {
      if (value === null) return nullText;
      if (typeof value === 'string' || typeof value === 'number') return scalar(value, float);
      if (isDict(value)) {
        const entries: string[] = [];
        for (const [k, v] of value) entries.push(`${quoteString(k, !python)}:${scalar(v, true)}`);
        return `{${entries.join(',')}}`;
      }
      return `[${value.map(item).join(',')}]`;
    },
    quickRow: plainLiteralRow,
    rowStart: '[',
    rowEnd: ']',
    open: () => '[',
    between: ',\n',
    close: () => ']\n',
  };
}

function csvDialect(separators: Separators): Dialect {
  const part = (value: string | number, float: boolean): string =>
    typeof value === 'string' ? value : (numberText(value, float) ?? '');
  return {
    field: separators.field,
    cell(value, float) {
      if (value === null) return '';
      if (typeof value === 'string' || typeof value === 'number') return part(value, float);
      if (isDict(value)) {
        const entries: string[] = [];
        for (const [k, v] of value) entries.push(`${k}${separators.hostService}${part(v, true)}`);
        return entries.join(separators.list);
      }
      return value
        .map((item) =>
          typeof item === 'object' ? item.map((v) => part(v, false)).join(separators.hostService) : part(item, false),
        )
        .join(separators.list);
    },
    rowStart: '',
    rowEnd: separators.dataset,
    open: () => '',
    between: '',
    close: () => '',
  };
}

function rfcCsvDialect(): Dialect {
  const inner = csvDialect({ dataset: '\r\n', field: ',', list: ',', hostService: '|' });
  return {
    field: ',',
    cell: (value, float) => `"${inner.cell(value, float).replace(/"/g, '""')}"`,
    rowStart: '',
    rowEnd: '\r\n',
    open: () => '',
    between: '',
    close: () => '',
  };
}

function wrappedJsonDialect(): Dialect {
  const json = literalDialect(false);
  return {
    ...json,
    open: (result) => `{${result.header === null ? '' : `"columns":${renderRow(json, result.header, [])},`}"data":[`,
    close: (result) => `],"total_count":${result.totalCount}}\n`,
  };
}

/** One row: the cells rendered between the dialect's row delimiters. */
function renderRow(dialect: Dialect, cells: readonly CellValue[], floats: readonly boolean[]): string {
  const quick = dialect.quickRow?.(cells, floats) ?? null;
  if (quick !== null) return quick;
  let out = dialect.rowStart;
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) out += dialect.field;
    out += dialect.cell(cells[i] ?? null, floats[i] === true);
  }
  return out + dialect.rowEnd;
}

function dialectOf(format: OutputFormat, separators: Separators): Dialect {
  switch (format) {
    case 'csv':
      return csvDialect(separators);
    case 'CSV':
      return rfcCsvDialect();
    case 'json':
      return literalDialect(false);
    case 'python':
    case 'python3':
      return literalDialect(true);
    case 'wrapped_json':
      return wrappedJsonDialect();
  }
}

/**
 * The rendered text of a group's cells: Checkmk keeps Stats groups in a map keyed by this text,
 * so they come out in its byte order.
 */
export function groupKeyRenderer(format: OutputFormat, separators: Separators) {
  const dialect = dialectOf(format, separators);
  return (cells: readonly CellValue[], floats: readonly boolean[]): string =>
    cells.map((c, i) => dialect.cell(c, floats[i] === true)).join(dialect.field);
}

/** Renders the rows of one answer as they come, so that no list of every row is ever kept. */
export interface RowWriter {
  /**
   * Appends one row; `cells` may be reused by the caller afterwards. `false` when the answer has
   * grown over the size limit: then stop, and `finish` says 413.
   */
  write(cells: readonly CellValue[]): boolean;
  /** The text {@link write} would append for `cells`, without appending it (to keep it for later answers). */
  render(cells: readonly CellValue[]): string;
  /** Appends a row rendered before by {@link render}; `false` as for {@link write}. */
  writeRendered(text: string): boolean;
  /** The whole body; `totalCount` is the number of matching rows (for `wrapped_json`). */
  finish(totalCount: number): RenderOutcome;
}

/** How many rows are joined into one piece of the answer (see rowWriter). */
const ROWS_PER_CHUNK = 512;

/**
 * A writer for answers of `shape`. Each row is rendered on its own (plain rows with one
 * JSON.stringify of the reused cell list) as it comes: measured on 100,000 rows, about twice as
 * fast as keeping the rows and rendering them at the end.
 */
export function rowWriter(shape: ResultShape, options: RenderOptions): RowWriter {
  const dialect = dialectOf(options.format, options.separators);
  const tooLarge = (): RenderOutcome => ({
    ok: false,
    error: livestatusError(413, `Maximum response size of ${options.maxBytes} bytes exceeded!`),
  });
  const result = { ...shape, totalCount: 0 };
  const between = dialect.between;
  const floats = shape.floats;
  // Rows are joined into flat chunks of ROWS_PER_CHUNK: a row string then dies young, where one
  // string grown row by row keeps every row alive (as a rope) until the answer is written, which
  // made the collector copy and promote them in a site with a large heap.
  const chunks: string[] = [];
  const rows: string[] = [dialect.open(result)];
  let length = rows[0]?.length ?? 0;
  let first = true;
  let over = false;
  const add = (text: string): void => {
    rows.push(text);
    length += text.length;
    if (rows.length >= ROWS_PER_CHUNK) {
      chunks.push(rows.join(''));
      rows.length = 0;
    }
  };
  // The header row is data in every format but wrapped_json, which has its own "columns".
  if (shape.header !== null && options.format !== 'wrapped_json') {
    add(renderRow(dialect, shape.header, []));
    first = false;
  }
  const writeRendered = (text: string): boolean => {
    if (over) return false;
    if (!first) add(between);
    first = false;
    add(text);
    over = length > options.maxBytes;
    return !over;
  };
  return {
    write: (cells) => writeRendered(renderRow(dialect, cells, floats)),
    render: (cells) => renderRow(dialect, cells, floats),
    writeRendered,
    finish(totalCount) {
      if (over) return tooLarge();
      add(dialect.close({ ...result, totalCount }));
      chunks.push(rows.join(''));
      const body = chunks.length === 1 ? (chunks[0] ?? '') : chunks;
      return length > options.maxBytes || byteLengthOf(body) > options.maxBytes ? tooLarge() : { ok: true, body };
    },
  };
}

/** Renders a whole result; refuses answers larger than `maxBytes`. */
export function renderResult(result: QueryResult, options: RenderOptions): RenderOutcome {
  const writer = rowWriter(result, options);
  for (const cells of result.rows) if (!writer.write(cells)) break;
  return writer.finish(result.totalCount);
}
