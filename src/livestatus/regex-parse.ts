/**
 * The syntax of Livestatus regular expressions (Checkmk uses RE2): literals, `.`, classes
 * (`[a-z]`, `[^...]`, `[:alpha:]`, `\d \w \s` and their negations), anchors `^ $ \A \z \b \B`,
 * groups `( )`, `(?: )`, `(?P<name> )`, flags `(?i)`, `(?s)`, `(?m)`, `(?i: )`, alternation and
 * the repetitions `* + ? {n} {n,} {n,m}` (lazy forms accepted). Backreferences and lookaround
 * are rejected, as RE2 rejects them: they are what makes backtracking engines exponential.
 * Parsing is iterative over the pattern and bounded by the caller's limits.
 */

/** A test on one code point. */
export type CharTest = (codePoint: number) => boolean;

/** The parsed pattern. */
export type RegexNode =
  | { readonly t: 'char'; readonly test: CharTest }
  | { readonly t: 'assert'; readonly kind: 'begin-text' | 'end-text' | 'begin-line' | 'end-line' | 'word' | 'not-word' }
  | { readonly t: 'cat'; readonly items: readonly RegexNode[] }
  | { readonly t: 'alt'; readonly items: readonly RegexNode[] }
  | { readonly t: 'repeat'; readonly node: RegexNode; readonly min: number; readonly max: number }
  | { readonly t: 'empty' };

/** A parsed pattern, or the syntax error. */
export type RegexParseResult =
  { readonly ok: true; readonly node: RegexNode } | { readonly ok: false; readonly message: string };

/** RE2's limit for `{n,m}`. */
export const MAX_REPEAT = 1000;
/** Groups may nest this deep. */
export const MAX_NESTING = 100;

interface Flags {
  readonly ignoreCase: boolean;
  readonly dotNewline: boolean;
  readonly multiLine: boolean;
}

class RegexSyntaxError extends Error {}

/** Whether a code point is a word character for `\w` and `\b` (ASCII, as in RE2). */
export const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13 && c !== 11);

const POSIX_CLASSES: Readonly<Record<string, CharTest>> = {
  alnum: (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  ascii: (c) => c <= 127,
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: isDigit,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => (c > 32 && c < 48) || (c > 57 && c < 65) || (c > 90 && c < 97) || (c > 122 && c < 127),
  space: (c) => isSpace(c) || c === 11,
  upper: (c) => c >= 65 && c <= 90,
  word: isWordChar,
  xdigit: (c) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

const PERL_CLASSES: Readonly<Record<string, CharTest>> = {
  d: isDigit,
  D: (c) => !isDigit(c),
  w: isWordChar,
  W: (c) => !isWordChar(c),
  s: isSpace,
  S: (c) => !isSpace(c),
};

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };

const foldCache = new Map<number, readonly [number, number]>();

/** The lower- and upper-case forms of a code point (itself when it has none). */
export function caseForms(c: number): readonly [number, number] {
  if (c < 128) {
    if (c >= 65 && c <= 90) return [c + 32, c];
    if (c >= 97 && c <= 122) return [c, c - 32];
    return [c, c];
  }
  let forms = foldCache.get(c);
  if (forms === undefined) {
    const text = String.fromCodePoint(c);
    const one = (s: string): number => {
      const cp = s.codePointAt(0);
      return cp !== undefined && s.length === String.fromCodePoint(cp).length ? cp : c;
    };
    forms = [one(text.toLowerCase()), one(text.toUpperCase())];
    if (foldCache.size < 4096) foldCache.set(c, forms);
  }
  return forms;
}

function withCase(test: CharTest, flags: Flags): CharTest {
  if (!flags.ignoreCase) return test;
  return (c) => {
    if (test(c)) return true;
    const [lower, upper] = caseForms(c);
    return test(lower) || test(upper);
  };
}

/** Parses `pattern`; `maxLength` bounds the pattern (in UTF-16 units). */
export function parseRegex(
  pattern: string,
  options: { readonly ignoreCase: boolean; readonly maxLength: number },
): RegexParseResult {
  if (pattern.length > options.maxLength)
    return { ok: false, message: `pattern longer than ${options.maxLength} characters` };
  try {
    const parser = new Parser(pattern, { ignoreCase: options.ignoreCase, dotNewline: false, multiLine: false });
    return { ok: true, node: parser.parse() };
  } catch (error) {
    if (error instanceof RegexSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}

/** One level of group being parsed: its alternatives so far and the current concatenation. */
interface Frame {
  readonly alternatives: RegexNode[];
  items: RegexNode[];
  flags: Flags;
  /** The flags outside the group, restored when it closes. */
  readonly outerFlags: Flags;
}

class Parser {
  #pos = 0;
  readonly #p: string;
  readonly #initial: Flags;

  constructor(pattern: string, flags: Flags) {
    this.#p = pattern;
    this.#initial = flags;
  }

  parse(): RegexNode {
    const stack: Frame[] = [];
    let frame: Frame = { alternatives: [], items: [], flags: this.#initial, outerFlags: this.#initial };
    const p = this.#p;
    while (this.#pos < p.length) {
      const ch = p[this.#pos];
      if (ch === '|') {
        this.#pos++;
        frame.alternatives.push(cat(frame.items));
        frame.items = [];
      } else if (ch === '(') {
        const group = this.#groupStart(frame.flags);
        if (group.kind === 'flags') {
          frame.flags = group.flags;
          continue;
        }
        if (stack.length >= MAX_NESTING) throw new RegexSyntaxError(`groups nested deeper than ${MAX_NESTING}`);
        stack.push(frame);
        frame = { alternatives: [], items: [], flags: group.flags, outerFlags: frame.flags };
      } else if (ch === ')') {
        this.#pos++;
        const outer = stack.pop();
        if (outer === undefined) throw new RegexSyntaxError('unexpected ): unmatched parenthesis');
        frame.alternatives.push(cat(frame.items));
        const node = alt(frame.alternatives);
        frame = outer;
        frame.items.push(this.#quantified(node));
      } else {
        frame.items.push(this.#quantified(this.#atom(frame.flags)));
      }
    }
    if (stack.length > 0) throw new RegexSyntaxError('missing ): unclosed parenthesis');
    frame.alternatives.push(cat(frame.items));
    return alt(frame.alternatives);
  }

  /** After `(`: a capturing or non-capturing group, or a flag setting `(?i)`. */
  #groupStart(current: Flags): { kind: 'group' | 'flags'; flags: Flags } {
    const p = this.#p;
    this.#pos++;
    if (p[this.#pos] !== '?') return { kind: 'group', flags: current };
    this.#pos++;
    const next = p[this.#pos];
    if (next === '=' || next === '!' || (next === '<' && (p[this.#pos + 1] === '=' || p[this.#pos + 1] === '!')))
      throw new RegexSyntaxError('lookaround assertions are not supported');
    if (next === 'P' || next === '<') {
      const close = p.indexOf('>', this.#pos);
      const start = this.#pos + (next === 'P' ? 2 : 1);
      if (
        (next === 'P' && p[this.#pos + 1] !== '<') ||
        close < 0 ||
        !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.slice(start, close))
      )
        throw new RegexSyntaxError('invalid named capture group');
      this.#pos = close + 1;
      return { kind: 'group', flags: current };
    }
    let flags = current;
    let negate = false;
    while (this.#pos < p.length) {
      const c = p[this.#pos++];
      if (c === ':') return { kind: 'group', flags };
      if (c === ')') return { kind: 'flags', flags };
      if (c === '-' && !negate) negate = true;
      else if (c === 'i') flags = { ...flags, ignoreCase: !negate };
      else if (c === 's') flags = { ...flags, dotNewline: !negate };
      else if (c === 'm') flags = { ...flags, multiLine: !negate };
      else if (c === 'U')
        continue; // ungreedy: no effect on whether a match exists
      else throw new RegexSyntaxError(`invalid or unsupported group flag '${c ?? ''}'`);
    }
    throw new RegexSyntaxError('missing ): unclosed group flags');
  }

  #atom(flags: Flags): RegexNode {
    const p = this.#p;
    const ch = p[this.#pos];
    switch (ch) {
      case '.':
        this.#pos++;
        return { t: 'char', test: flags.dotNewline ? () => true : (c) => c !== 10 };
      case '^':
        this.#pos++;
        return { t: 'assert', kind: flags.multiLine ? 'begin-line' : 'begin-text' };
      case '$':
        this.#pos++;
        return { t: 'assert', kind: flags.multiLine ? 'end-line' : 'end-text' };
      case '[':
        return { t: 'char', test: withCase(this.#charClass(), flags) };
      case '\\':
        return this.#escape(flags);
      case '*':
      case '+':
      case '?':
        throw new RegexSyntaxError(`missing argument to repetition operator: ${ch}`);
      default: {
        const cp = p.codePointAt(this.#pos) ?? 0;
        this.#pos += cp > 0xffff ? 2 : 1;
        if (ch === '{' && this.#repeatBounds(this.#pos - 1) !== null)
          throw new RegexSyntaxError('missing argument to repetition operator: {');
        return { t: 'char', test: withCase((c) => c === cp, flags) };
      }
    }
  }

  #escape(flags: Flags): RegexNode {
    const p = this.#p;
    const c = p[this.#pos + 1];
    if (c === undefined) throw new RegexSyntaxError('trailing \\');
    if (c === 'b' || c === 'B' || c === 'A' || c === 'z') {
      this.#pos += 2;
      const kind = c === 'b' ? 'word' : c === 'B' ? 'not-word' : c === 'A' ? 'begin-text' : 'end-text';
      return { t: 'assert', kind };
    }
    const value = this.#escapeValue();
    const test: CharTest = 'test' in value ? value.test : (x) => x === value.cp;
    return { t: 'char', test: withCase(test, flags) };
  }

  /** An escape that stands for one character (`\n`, `\x41`, `\.`) or a class (`\d`); advances past it. */
  #escapeValue(): { readonly cp: number } | { readonly test: CharTest } {
    const p = this.#p;
    const c = p[this.#pos + 1] ?? '';
    this.#pos += 2;
    const perl = PERL_CLASSES[c];
    if (perl !== undefined) return { test: perl };
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return { cp: simple };
    if (c === 'x') {
      let hex: string;
      if (p[this.#pos] === '{') {
        const close = p.indexOf('}', this.#pos);
        hex = close < 0 ? '' : p.slice(this.#pos + 1, close);
        this.#pos = close < 0 ? p.length : close + 1;
      } else {
        hex = p.slice(this.#pos, this.#pos + 2);
        this.#pos += 2;
      }
      const value = /^[0-9A-Fa-f]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (!(value <= 0x10ffff)) throw new RegexSyntaxError('invalid escape sequence: \\x');
      return { cp: value };
    }
    if (c >= '1' && c <= '9') throw new RegexSyntaxError(`backreferences are not supported: \\${c}`);
    if (/^[A-Za-z0-9]$/.test(c)) throw new RegexSyntaxError(`invalid escape sequence: \\${c}`);
    return { cp: c.codePointAt(0) ?? 0 };
  }

  /** `[...]`; the position is at `[`. */
  #charClass(): CharTest {
    const p = this.#p;
    this.#pos++;
    let negated = false;
    if (p[this.#pos] === '^') {
      negated = true;
      this.#pos++;
    }
    const tests: CharTest[] = [];
    const ranges: [number, number][] = [];
    let first = true;
    for (;;) {
      if (this.#pos >= p.length) throw new RegexSyntaxError('missing ]: unclosed character class');
      const ch = p[this.#pos];
      if (ch === ']' && !first) {
        this.#pos++;
        break;
      }
      first = false;
      if (ch === '[' && p[this.#pos + 1] === ':') {
        const close = p.indexOf(':]', this.#pos + 2);
        const name = close < 0 ? '' : p.slice(this.#pos + 2, close);
        const inverted = name.startsWith('^');
        const test = POSIX_CLASSES[inverted ? name.slice(1) : name];
        if (test === undefined) throw new RegexSyntaxError(`invalid character class range: [:${name}:]`);
        tests.push(inverted ? (x) => !test(x) : test);
        this.#pos = close + 2;
        continue;
      }
      const low = this.#classChar(tests);
      if (low === null) continue;
      if (p[this.#pos] === '-' && p[this.#pos + 1] !== ']' && this.#pos + 1 < p.length) {
        this.#pos++;
        const high = this.#classChar(tests);
        if (high === null || high < low) throw new RegexSyntaxError('invalid character class range');
        ranges.push([low, high]);
      } else {
        ranges.push([low, low]);
      }
    }
    const inClass: CharTest = (x) => {
      for (const [lo, hi] of ranges) if (x >= lo && x <= hi) return true;
      for (const test of tests) if (test(x)) return true;
      return false;
    };
    return negated ? (x) => !inClass(x) : inClass;
  }

  /** One character of a class, or `null` after a class escape such as `\d` (added to `tests`). */
  #classChar(tests: CharTest[]): number | null {
    const p = this.#p;
    if (p[this.#pos] !== '\\') {
      const cp = p.codePointAt(this.#pos) ?? 0;
      this.#pos += cp > 0xffff ? 2 : 1;
      return cp;
    }
    const value = this.#escapeValue();
    if ('cp' in value) return value.cp;
    tests.push(value.test);
    return null;
  }

  /** Parses `{n}`, `{n,}`, `{n,m}` at `at` without moving; `null` when it is not a repetition. */
  #repeatBounds(at: number): { min: number; max: number; end: number } | null {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.#p.slice(at, at + 24));
    if (match === null) return null;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' || match[3] === undefined ? Infinity : Number(match[3]);
    if (min > MAX_REPEAT || (max !== Infinity && (max > MAX_REPEAT || max < min)))
      throw new RegexSyntaxError(`bad repetition operator: ${match[0]}`);
    return { min, max, end: at + match[0].length };
  }

  /** Applies the repetition operators that follow an atom. */
  #quantified(node: RegexNode): RegexNode {
    const p = this.#p;
    let result = node;
    let repeated = false;
    for (;;) {
      const ch = p[this.#pos];
      let min: number;
      let max: number;
      if (ch === '*' || ch === '+' || ch === '?') {
        min = ch === '+' ? 1 : 0;
        max = ch === '?' ? 1 : Infinity;
        this.#pos++;
      } else if (ch === '{') {
        const bounds = this.#repeatBounds(this.#pos);
        if (bounds === null) return result;
        ({ min, max } = bounds);
        this.#pos = bounds.end;
      } else {
        return result;
      }
      if (repeated) throw new RegexSyntaxError('bad repetition operator: repeated repetition');
      repeated = true;
      if (p[this.#pos] === '?') this.#pos++; // lazy: same set of matches
      result = { t: 'repeat', node: result, min, max };
    }
  }
}

function cat(items: RegexNode[]): RegexNode {
  if (items.length === 0) return { t: 'empty' };
  if (items.length === 1 && items[0] !== undefined) return items[0];
  return { t: 'cat', items };
}

function alt(items: RegexNode[]): RegexNode {
  if (items.length === 1 && items[0] !== undefined) return items[0];
  return { t: 'alt', items };
}
