/**
 * Renders query results byte for byte as Checkmk does: `csv` (unquoted, with Separators), `CSV`
 * (RFC 4180), `json` and `python3`/`python` (rows joined by `,\n`, strings with Checkmk's
 * `\uXXXX` escapes, null as `null`/`None`, floats like C++'s default `%g`), plus Naemon's
 * `wrapped_json` with `total_count`. Booleans are already 0/1 in the cells.
 */
import { isDict, type CellValue, type ListItem } from './column.js';
import type { QueryResult } from './execute-query.js';
import { livestatusError, type LivestatusError } from './livestatus-error.js';
import type { OutputFormat, Separators } from './query.js';

/** How to render. */
export interface RenderOptions {
  readonly format: OutputFormat;
  readonly separators: Separators;
  /** Answers larger than this (bytes) are refused with 413. */
  readonly maxBytes: number;
}

/** The rendered body, or 413 when it would be too large. */
export type RenderOutcome =
  { readonly ok: true; readonly body: string } | { readonly ok: false; readonly error: LivestatusError };

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

/** Characters Checkmk copies as they are: 32..127 except `"` and `\`. */
const BORING = /^[\x20\x21\x23-\x5b\x5d-\x7f]*$/;

/** A string literal for json (`surrogates`) or python3 (`\U0001f600`). */
export function quoteString(text: string, surrogates: boolean): string {
  if (BORING.test(text)) return `"${text}"`;
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
  body(rows: readonly string[], result: QueryResult): string;
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
    rowStart: '[',
    rowEnd: ']',
    body: (rows) => `[${rows.join(',\n')}]\n`,
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
    body: (rows) => rows.join(''),
  };
}

function rfcCsvDialect(): Dialect {
  const inner = csvDialect({ dataset: '\r\n', field: ',', list: ',', hostService: '|' });
  return {
    field: ',',
    cell: (value, float) => `"${inner.cell(value, float).replace(/"/g, '""')}"`,
    rowStart: '',
    rowEnd: '\r\n',
    body: (rows) => rows.join(''),
  };
}

function wrappedJsonDialect(): Dialect {
  const json = literalDialect(false);
  return {
    ...json,
    body: (rows, result) => {
      const columns = result.header === null ? '' : `"columns":${renderRow(json, result.header, [])},`;
      return `{${columns}"data":[${rows.join(',\n')}],"total_count":${result.totalCount}}\n`;
    },
  };
}

/** One row: the cells rendered between the dialect's row delimiters. */
function renderRow(dialect: Dialect, cells: readonly CellValue[], floats: readonly boolean[]): string {
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

/** Renders a result; refuses answers larger than `maxBytes`. */
export function renderResult(result: QueryResult, options: RenderOptions): RenderOutcome {
  const dialect = dialectOf(options.format, options.separators);
  const tooLarge = (): RenderOutcome => ({
    ok: false,
    error: livestatusError(413, `Maximum response size of ${options.maxBytes} bytes exceeded!`),
  });
  const rows: string[] = [];
  let size = 0;
  // The header row is data in every format but wrapped_json, which has its own "columns".
  if (result.header !== null && options.format !== 'wrapped_json') rows.push(renderRow(dialect, result.header, []));
  for (const cells of result.rows) {
    const row = renderRow(dialect, cells, result.floats);
    size += row.length;
    if (size > options.maxBytes) return tooLarge();
    rows.push(row);
  }
  const body = dialect.body(rows, result);
  if (Buffer.byteLength(body) > options.maxBytes) return tooLarge();
  return { ok: true, body };
}
