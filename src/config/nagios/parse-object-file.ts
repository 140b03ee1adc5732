/**
 * Parsing the text of one Nagios object configuration file (`*.cfg` with `define ... { }`
 * blocks) into raw blocks: the object type as written and its directives in order, each with
 * its line. Nothing is interpreted yet; names, templates and values are checked later.
 *
 * Bad input never throws. Each problem is reported with its file and line and the parser goes
 * on where that is safe: a `define` inside a definition closes the open one (its `}` is
 * missing) and starts the next, text outside definitions is skipped, and a file with too many
 * problems (a binary file, say) is abandoned after a bounded number of messages.
 */
import type { Diagnostics } from '../diagnostic.js';
import { FileReporter } from './file-reporter.js';
import {
  CLOSE,
  DEFINE,
  FIELDS,
  FROM,
  KIND,
  LINE,
  LINE_NUMBER,
  REGION,
  TO,
  VALUE_START,
  type LineRecords,
} from './line-records.js';
import { LineReader } from './scan-lines.js';

/** One `name value` line inside a definition; `value` may be empty. */
export interface RawDirective {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** One `define <type> { ... }` block, as written. */
export interface RawBlock {
  /** The object type as written after `define`, not yet checked. */
  readonly type: string;
  readonly file: string;
  /** The line of `define`. */
  readonly line: number;
  readonly directives: readonly RawDirective[];
}

/**
 * A complete block as {@link parseObjectBlocks} hands it over: directive `i < count` is
 * `names[i]`, `values[i]` at `lines[i]`. Valid only during the visit: the arrays are reused for
 * the next block (one set of arrays per file, not an object per directive of a large file).
 */
export interface BlockView {
  /** The object type as written after `define`, not yet checked. */
  readonly type: string;
  readonly file: string;
  /** The line of `define`. */
  readonly line: number;
  readonly count: number;
  readonly names: readonly string[];
  readonly values: readonly string[];
  readonly lines: readonly number[];
}

const SPACE = 0x20;
const TAB = 0x09;
const BRACE_OPEN = 0x7b;

/** Whether `c` is a blank Nagios strips around names and values. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === 0x0d || c === 0x0b || c === 0x0c;
}

/**
 * Finds a character in a large text with `indexOf`, remembering the last find so that asking
 * line by line costs one pass over the text, not a search to the end of the text per line.
 */
class CharFinder {
  readonly #text: string;
  readonly #char: string;
  #next = -2;

  constructor(text: string, char: string) {
    this.#text = text;
    this.#char = char;
  }

  /** The first position of the character in `[from, to)`, or -1. */
  find(from: number, to: number): number {
    if (this.#next !== -1 && this.#next < from) this.#next = this.#text.indexOf(this.#char, from);
    return this.#next !== -1 && this.#next < to ? this.#next : -1;
  }
}

/** Index of the first blank (space or tab) at or after `from`, or `text.length`. */
function blankAt(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) return i;
  }
  return text.length;
}

/** Whether `source[from, to)` starts with the keyword `define` followed by a blank, `{` or its end. */
function isDefine(source: string, from: number, to: number): boolean {
  if (to - from < 6 || !source.startsWith('define', from)) return false;
  if (to - from === 6) return true;
  const c = source.charCodeAt(from + 6);
  return isBlank(c) || c === BRACE_OPEN;
}

/**
 * The text before the first unescaped `;` (an inline comment), with each `\;` turned into `;`.
 */
function unescapeSemicolons(text: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(';'); at !== -1; at = text.indexOf(';', from)) {
    if (at === 0 || text.charCodeAt(at - 1) !== 0x5c) return out + text.slice(from, at);
    out += `${text.slice(from, at - 1)};`;
    from = at + 1;
  }
  return out + text.slice(from);
}

/** Index of the first character at or after `from` that is not a blank, or `to`. */
function skipBlanks(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && isBlank(text.charCodeAt(at))) at++;
  return at;
}

/**
 * What a `define` line says. One per parser, overwritten at each `define` line: a large file has
 * 100,000 of them, and the type is copied only when it differs from the previous line's.
 */
class DefineLine {
  type = '';
  /** Whether the `{` is on this line. */
  open = false;
  /** Text after `{` (or in its place), which Nagios does not read. */
  trailing = '';

  /**
   * Reads `define host {` (also `define host{` and `define host`), `text[from, to)` without
   * surrounding blanks.
   */
  read(text: string, from: number, to: number): void {
    const start = skipBlanks(text, from + 6, to);
    let end = start;
    while (end < to) {
      const c = text.charCodeAt(end);
      if (c === SPACE || c === TAB || c === BRACE_OPEN) break;
      end++;
    }
    if (end - start !== this.type.length || !text.startsWith(this.type, start)) this.type = text.slice(start, end);
    const after = skipBlanks(text, end, to);
    this.open = after < to && text.charCodeAt(after) === BRACE_OPEN;
    if (after === to) {
      this.trailing = '';
    } else if (this.open) {
      const rest = skipBlanks(text, after + 1, to);
      this.trailing = rest === to ? '' : withoutHashComment(text.slice(rest, to).trim());
    } else {
      this.trailing = withoutHashComment(text.slice(after, to));
    }
  }
}

/** Text after a brace, `''` when it is a `#` comment (which Nagios ignores there too). */
function withoutHashComment(text: string): string {
  return text.startsWith('#') ? '' : text;
}

/** The directives of the open block, in arrays reused from block to block; the visitor's view. */
class BlockBuffer implements BlockView {
  type = '';
  line = 0;
  count = 0;
  readonly names: string[] = [];
  readonly values: string[] = [];
  readonly lines: number[] = [];

  constructor(readonly file: string) {}

  add(name: string, value: string, line: number): void {
    const at = this.count++;
    this.names[at] = name;
    this.values[at] = value;
    this.lines[at] = line;
  }
}

/** The state of a parse: the open definition; complete blocks go to the visitor. */
class ObjectFileParser {
  readonly #text: string;
  readonly #semicolons: CharFinder;
  readonly #reporter: FileReporter;
  readonly #visit: (block: BlockView) => void;
  readonly #buffer: BlockBuffer;
  readonly #define = new DefineLine();
  /** Whether a definition is being read; its type and line are the buffer's. */
  #isOpen = false;
  /** `define` without a type: read to its `}` so its lines cause no further messages, then dropped. */
  #dropped = false;
  /** `define host` whose `{` is expected on the next line. */
  #awaitingBrace = false;

  constructor(text: string, file: string, reporter: FileReporter, visit: (block: BlockView) => void) {
    this.#text = text;
    this.#semicolons = new CharFinder(text, ';');
    this.#reporter = reporter;
    this.#visit = visit;
    this.#buffer = new BlockBuffer(file);
  }

  /**
   * Reads one logical line, `source.slice(start, end)`; returns `false` when the file must not
   * be read further. Works on positions and slices only the name and the value, because this
   * runs for every line of files with millions of lines.
   */
  line(source: string, start: number, end: number, line: number): boolean {
    let from = start;
    while (from < end && isBlank(source.charCodeAt(from))) from++;
    if (from === end || source.charCodeAt(from) === 0x23 /* # */) return true;
    // `;` starts a comment unless escaped as `\;`; escapes are rare, so they take the slow path.
    let to = end;
    const semicolon = source === this.#text ? this.#semicolons.find(from, end) : source.indexOf(';', from);
    if (semicolon !== -1 && semicolon < end) {
      if (semicolon > from && source.charCodeAt(semicolon - 1) === 0x5c) {
        const unescaped = unescapeSemicolons(source.slice(from, end));
        return this.#content(unescaped, 0, unescaped.length, line);
      }
      to = semicolon;
    }
    return this.#content(source, from, to, line);
  }

  /**
   * Reads the `name value` line `text[from, to)` of the parsed text (no comment, no blanks
   * around it), whose name and value a line scanner cut out: read as any line where it is not
   * a directive of an open definition.
   */
  directive(name: string, value: string, from: number, to: number, line: number): boolean {
    if (!this.#isOpen || this.#awaitingBrace) return this.#content(this.#text, from, to, line);
    this.#buffer.add(name, value, line);
    return true;
  }

  /** Reads the line `}`, at `text[from, to)` of the parsed text. */
  close(from: number, to: number, line: number): boolean {
    if (!this.#isOpen || this.#awaitingBrace) return this.#content(this.#text, from, to, line);
    this.#finish();
    return true;
  }

  /** Reads `text[from, to)` of the parsed text, a line without comment that starts with `define`. */
  define(from: number, to: number, line: number): boolean {
    const text = this.#text;
    if (this.#awaitingBrace || !isDefine(text, from, to)) return this.#content(text, from, to, line);
    return this.#defineLine(text, from, to, line);
  }

  /** Reads `source[from, to)`: a line without its comment, starting with a non-blank. */
  #content(source: string, from: number, end: number, line: number): boolean {
    let to = end;
    while (to > from && isBlank(source.charCodeAt(to - 1))) to--;
    if (to === from) return true;

    const buffer = this.#buffer;
    const first = source.charCodeAt(from);
    if (this.#isOpen && this.#awaitingBrace) {
      this.#awaitingBrace = false;
      if (first === BRACE_OPEN && to === from + 1) return true;
      if (!this.#reporter.error(buffer.line, `expected '{' after 'define ${buffer.type}'`)) return false;
    }
    if (first === 0x64 /* d */ && isDefine(source, from, to)) return this.#defineLine(source, from, to, line);
    if (first === 0x7d /* } */) return this.#close(source.slice(from + 1, to).trim(), line);
    if (!this.#isOpen) return this.#outside(source.slice(from, to), line);
    if (first === BRACE_OPEN) {
      return this.#reporter.error(line, `unexpected '{' inside the definition that starts at line ${buffer.line}`);
    }
    let blank = from;
    while (blank < to && !isBlank(source.charCodeAt(blank))) blank++;
    let valueStart = blank;
    while (valueStart < to && isBlank(source.charCodeAt(valueStart))) valueStart++;
    buffer.add(source.slice(from, blank), source.slice(valueStart, to), line);
    return true;
  }

  /** Ends the file: an open definition lacks its `}`. */
  end(): void {
    if (!this.#isOpen) return;
    const buffer = this.#buffer;
    this.#reporter.error(
      buffer.line,
      `'define ${buffer.type}' is not closed: '}' missing before the end of the file (the definition is read anyway)`,
    );
    this.#finish();
  }

  /** `source[from, to)` is a `define` line. */
  #defineLine(source: string, from: number, to: number, line: number): boolean {
    const buffer = this.#buffer;
    if (this.#isOpen) {
      const ok = this.#reporter.error(
        line,
        `'define' inside the definition that starts at line ${buffer.line}: '}' missing before this line`,
      );
      this.#finish();
      if (!ok) return false;
    }
    const define = this.#define;
    define.read(source, from, to);
    const { type, open, trailing } = define;
    buffer.count = 0;
    buffer.type = type;
    buffer.line = line;
    this.#isOpen = true;
    this.#dropped = type === '';
    this.#awaitingBrace = !open;
    if (type === '') {
      return this.#reporter.error(line, "'define' without an object type (expected e.g. 'define host {')");
    }
    if (trailing !== '' && open) {
      // `define host { host_name a }` on one line: closed here, so the lines after it read normally.
      if (trailing.endsWith('}')) this.#finish();
      return this.#reporter.error(
        line,
        `text after '{' is not read ('${trailing}'): write each directive on its own line`,
      );
    }
    if (trailing !== '') {
      return this.#reporter.error(line, `unexpected '${trailing}' after 'define ${type}' (expected '{')`);
    }
    return true;
  }

  /** `}` with `trailing` text after it. */
  #close(trailing: string, line: number): boolean {
    if (!this.#isOpen) return this.#reporter.error(line, "'}' outside a definition");
    this.#finish();
    if (withoutHashComment(trailing) !== '') {
      return this.#reporter.error(line, `text after '}' is not read ('${trailing}')`);
    }
    return true;
  }

  #outside(text: string, line: number): boolean {
    const word = text.slice(0, Math.min(blankAt(text, 0), 40));
    if (word.startsWith('include_file') || word.startsWith('include_dir')) {
      return this.#reporter.error(
        line,
        `'${word.split('=')[0] ?? word}' is not supported: list the file or directory in nagios.cfg (cfg_file=, cfg_dir=)`,
      );
    }
    const shown = text.length > 60 ? `${text.slice(0, 60)}...` : text;
    return this.#reporter.error(line, `unexpected text outside a definition: '${shown}' (expected 'define <type> {')`);
  }

  /** Hands the open definition to the visitor, unless it is dropped. */
  #finish(): void {
    this.#isOpen = false;
    const buffer = this.#buffer;
    if (!this.#dropped) this.#visit(buffer);
    buffer.count = 0;
  }
}

/**
 * Parses the text of one object configuration file, handing each block to `visit` as soon as
 * it is complete (so a large file's blocks need not all be held at once). The view is valid
 * only during the call. `file` names the file in blocks and messages; problems go to `diagnostics`.
 * With `lines`, the records a line scanner made of `text`, the parser reads those instead of
 * looking at every character.
 */
export function parseObjectBlocks(
  text: string,
  file: string,
  diagnostics: Diagnostics,
  visit: (block: BlockView) => void,
  lines?: LineRecords,
): void {
  const reporter = new FileReporter(diagnostics, file);
  const parser = new ObjectFileParser(text, file, reporter, visit);
  const readLine = (source: string, start: number, end: number, line: number): boolean =>
    parser.line(source, start, end, line);
  // Made when first needed: it looks for control characters in the whole text once.
  let lineReader: LineReader | undefined;
  const reader = (): LineReader => (lineReader ??= new LineReader(text, reporter));
  const complete =
    lines === undefined ? reader().readAll(readLine) : readRecords(text, lines, parser, reader, readLine, reporter);
  if (complete) parser.end();
}

/**
 * Reads the lines of `text` as `lines` records them; returns `false` when the parser or the
 * problem budget stopped the reading. A numbered name is cut out once.
 */
function readRecords(
  text: string,
  lines: LineRecords,
  parser: ObjectFileParser,
  lineReader: () => LineReader,
  readLine: (source: string, start: number, end: number, line: number) => boolean,
  reporter: FileReporter,
): boolean {
  const names: string[] = [];
  const records = lines.records;
  for (let count = lines.next(); count > 0; count = lines.next()) {
    const end = count * FIELDS;
    for (let at = 0; at < end; at += FIELDS) {
      const kind = records[at + KIND] ?? LINE;
      const from = records[at + FROM] ?? 0;
      const to = records[at + TO] ?? 0;
      const line = records[at + LINE_NUMBER] ?? 0;
      let more: boolean;
      if (kind === CLOSE) {
        more = parser.close(from, to, line);
      } else if (kind === DEFINE) {
        more = parser.define(from, to, line);
      } else if (kind === LINE) {
        more = parser.line(text, from, to, line);
      } else if (kind === REGION) {
        more = lineReader().read(from, to, line, readLine);
      } else {
        const valueStart = records[at + VALUE_START] ?? to;
        const name = kind >= 0 ? (names[kind] ?? (names[kind] = nameAt(text, from, to))) : nameAt(text, from, to);
        const value = text.slice(valueStart, to);
        more = parser.directive(name, value, from, to, line);
      }
      if (!more || reporter.exhausted) return false;
    }
  }
  return true;
}

/** The name of the `name value` line at `text[from, to)`. */
function nameAt(text: string, from: number, to: number): string {
  let end = from;
  while (end < to && !isBlank(text.charCodeAt(end))) end++;
  return text.slice(from, end);
}

/**
 * Parses the text of one object configuration file into the blocks that could be read (with
 * `lines`, from a line scanner's records of it, as {@link parseObjectBlocks}).
 */
export function parseObjectFile(text: string, file: string, diagnostics: Diagnostics, lines?: LineRecords): RawBlock[] {
  const blocks: RawBlock[] = [];
  parseObjectBlocks(
    text,
    file,
    diagnostics,
    (view) => {
      const directives: RawDirective[] = [];
      for (let i = 0; i < view.count; i++) {
        directives.push({ name: view.names[i] ?? '', value: view.values[i] ?? '', line: view.lines[i] ?? view.line });
      }
      blocks.push({ type: view.type, file: view.file, line: view.line, directives });
    },
    lines,
  );
  return blocks;
}
