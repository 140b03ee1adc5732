/**
 * Splitting the text of a Nagios configuration file into logical lines, the way Nagios reads
 * them: LF or CRLF endings, a trailing backslash continues the line on the next one (whose
 * leading blanks are dropped), a trailing double backslash stands for one literal backslash.
 *
 * Lines that cannot be configuration are reported and skipped: lines longer than
 * {@link MAX_LINE_BYTES} and lines holding NUL bytes or other control characters (binary data).
 * The scan is linear in the size of the text whatever it contains: it looks for line ends and
 * control characters with `indexOf` and one simple character class, never per line with a
 * backtracking pattern, and joins continuation lines once.
 */
import type { FileReporter } from './file-reporter.js';

/** The longest line read, in UTF-8 bytes; longer ones are reported and skipped. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Control characters other than tab, LF and CR, and DEL: their presence means the file is not
 * text. DEL is searched for apart with `indexOf`: a class of the low range alone scans a large
 * text three times faster than one that also holds DEL.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;
const DEL = '\x7f';

const BACKSLASH = 0x5c;
const CR = 0x0d;

/**
 * Visits one logical line: `source.slice(start, end)`, without its line ending (`source` is the
 * scanned text itself, or a joined continued line), at `line` (its first physical line,
 * 1-based). Passing positions instead of a slice spares a copy of every line. Returns `false`
 * to stop the scan.
 */
export type LineVisitor = (source: string, start: number, end: number, line: number) => boolean;

/** The UTF-8 length of `text[start, end)`, without building the encoded bytes. */
function utf8Length(text: string, start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < end) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function describeControl(code: number): string {
  if (code === 0) return 'a NUL byte';
  return `the control character 0x${code.toString(16).padStart(2, '0')}`;
}

/** Finds control characters lazily, at most once per character over the whole scan. */
class ControlFinder {
  readonly #text: string;
  /** The next low control character, -1 when there is none further, -2 before the first search. */
  #next: number;
  /** The next DEL, the same way. */
  #nextDel: number;

  constructor(text: string) {
    this.#text = text;
    // One pass over text without control characters (the usual case) settles every line;
    // -2 means "there are some: search when asked".
    CONTROL.lastIndex = 0;
    this.#next = CONTROL.test(text) ? -2 : -1;
    this.#nextDel = text.includes(DEL) ? -2 : -1;
  }

  /** The position of the first control character in `[from, to)`, or -1. */
  find(from: number, to: number): number {
    if (this.#next !== -1 && this.#next < from) {
      CONTROL.lastIndex = from;
      const match = CONTROL.exec(this.#text);
      this.#next = match === null ? -1 : match.index;
    }
    if (this.#nextDel !== -1 && this.#nextDel < from) this.#nextDel = this.#text.indexOf(DEL, from);
    const low = this.#next !== -1 && this.#next < to ? this.#next : -1;
    const del = this.#nextDel !== -1 && this.#nextDel < to ? this.#nextDel : -1;
    if (low === -1) return del;
    return del === -1 ? low : Math.min(low, del);
  }
}

/**
 * Calls `visit` for each logical line of `text`, in order, until it returns `false` or the
 * reporter's problem budget is spent. Problems are reported at the line where they are.
 */
export function scanLines(text: string, reporter: FileReporter, visit: LineVisitor): void {
  new LineReader(text, reporter).readAll(visit);
}

/** Reads the logical lines of parts of one text; the parts are read in the order of the text. */
export class LineReader {
  readonly #text: string;
  readonly #reporter: FileReporter;
  readonly #controls: ControlFinder;

  constructor(text: string, reporter: FileReporter) {
    this.#text = text;
    this.#reporter = reporter;
    this.#controls = new ControlFinder(text);
  }

  /** Reads the whole text, after a byte order mark if it starts with one (see {@link read}). */
  readAll(visit: LineVisitor): boolean {
    const text = this.#text;
    return this.read(text.charCodeAt(0) === 0xfeff ? 1 : 0, text.length, 1, visit);
  }

  /**
   * Calls `visit` for each logical line of `text[from, to)`, whose first physical line is line
   * `firstLine` of the text; `from` starts a line, `to` ends one (after its line ending or at
   * the end of the text). Returns `false` when the visit or the problem budget stopped the reading.
   */
  read(from: number, to: number, firstLine: number, visit: LineVisitor): boolean {
    const text = this.#text;
    const reporter = this.#reporter;
    const controls = this.#controls;
    // A continued logical line: its pieces, first line and UTF-8 length so far; `discarding` while
    // the rest of an overlong or broken continued line is skipped.
    let pieces: string[] = [];
    let lineOfPieces = 0;
    let pendingBytes = 0;
    let discarding = false;
    let pos = from;
    let line = firstLine - 1;
    while (pos < to) {
      let end = text.indexOf('\n', pos);
      if (end === -1 || end > to) end = to;
      const next = end + 1;
      let stop = end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
      line++;
      const start = pos;
      pos = next;
      const continuing = pieces.length > 0 || discarding;
      if (!continuing) lineOfPieces = line;

      // Exact UTF-8 lengths are counted only for lines that may be too long (3 bytes per char at most).
      if (!discarding && pendingBytes + (stop - start) * 3 > MAX_LINE_BYTES) {
        const bytes = pendingBytes + utf8Length(text, start, stop);
        if (bytes > MAX_LINE_BYTES) {
          if (!reporter.error(lineOfPieces, `line too long (${bytes} bytes; at most ${MAX_LINE_BYTES})`)) return false;
          discarding = true;
          pieces = [];
          pendingBytes = 0;
        }
      }
      const control = discarding ? -1 : controls.find(start, stop);
      if (control !== -1) {
        const code = text.charCodeAt(control);
        if (!reporter.error(line, `line contains ${describeControl(code)}: binary data, not configuration`))
          return false;
        discarding = true;
        pieces = [];
        pendingBytes = 0;
      }

      const continued = stop > start && text.charCodeAt(stop - 1) === BACKSLASH;
      const escaped = continued && stop - 1 > start && text.charCodeAt(stop - 2) === BACKSLASH;
      if (discarding) {
        if (!continued || escaped) discarding = false;
        continue;
      }
      if (continued) stop--;
      if (continued && !escaped) {
        const piece = text.slice(start, stop);
        pieces.push(continuing ? piece.replace(/^[ \t]+/, '') : piece);
        pendingBytes += utf8Length(text, start, stop);
        continue;
      }
      let more: boolean;
      if (pieces.length > 0) {
        pieces.push(text.slice(start, stop).replace(/^[ \t]+/, ''));
        const logical = pieces.join('');
        pieces = [];
        pendingBytes = 0;
        more = visit(logical, 0, logical.length, lineOfPieces);
      } else {
        more = visit(text, start, stop, lineOfPieces);
      }
      if (!more || reporter.exhausted) return false;
    }
    if (pieces.length > 0 && !discarding) {
      const logical = pieces.join('');
      return visit(logical, 0, logical.length, lineOfPieces) && !reporter.exhausted;
    }
    return true;
  }
}
