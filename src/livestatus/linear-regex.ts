/**
 * Regular expressions for Livestatus filters that cannot be made to backtrack: patterns (RE2
 * syntax, see regex-parse.ts) are compiled to a Thompson automaton and searched by simulating
 * all its states at once, so a search costs at most (text length × automaton size) steps
 * whatever the pattern. `(a+)+$` against a long string of `a` is as cheap as `a`. Patterns are
 * bounded in length and automaton size; plain literals use `includes`.
 */
import { caseForms, isWordChar, parseRegex, type CharTest, type RegexNode } from './regex-parse.js';

/** A compiled pattern: `search()` says whether it matches anywhere in a text. */
export interface Regex {
  search(text: string): boolean;
}

/** A compiled pattern, or why it was refused. */
export type RegexResult =
  { readonly ok: true; readonly regex: Regex } | { readonly ok: false; readonly message: string };

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 4096;
/** Most automaton states a pattern may compile to (repetitions are expanded). */
export const MAX_STATES = 20_000;

const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;
const JUMP = 4;

type AssertKind = Extract<RegexNode, { t: 'assert' }>['kind'];

/** The automaton: parallel arrays indexed by state number. */
interface Program {
  readonly kind: number[];
  readonly out1: number[];
  readonly out2: number[];
  readonly test: (CharTest | null)[];
  readonly assert: (AssertKind | null)[];
  readonly start: number;
  /** Every match must start at the beginning of the text. */
  readonly anchored: boolean;
}

class TooComplex extends Error {}

/** A piece of automaton under construction: its entry and the exits still to connect. */
interface Fragment {
  readonly start: number;
  /** Pairs of (state, 1|2): which out slot to patch. */
  readonly exits: number[];
}

class Builder {
  readonly kind: number[] = [];
  readonly out1: number[] = [];
  readonly out2: number[] = [];
  readonly test: (CharTest | null)[] = [];
  readonly assert: (AssertKind | null)[] = [];

  add(kind: number, test: CharTest | null = null, assert: AssertKind | null = null): number {
    if (this.kind.length >= MAX_STATES) throw new TooComplex();
    this.kind.push(kind);
    this.out1.push(-1);
    this.out2.push(-1);
    this.test.push(test);
    this.assert.push(assert);
    return this.kind.length - 1;
  }

  patch(exits: readonly number[], target: number): void {
    for (let i = 0; i < exits.length; i += 2) {
      const state = exits[i] ?? 0;
      if (exits[i + 1] === 1) this.out1[state] = target;
      else this.out2[state] = target;
    }
  }

  build(node: RegexNode): Fragment {
    switch (node.t) {
      case 'empty': {
        const s = this.add(JUMP);
        return { start: s, exits: [s, 1] };
      }
      case 'char': {
        const s = this.add(CHAR, node.test);
        return { start: s, exits: [s, 1] };
      }
      case 'assert': {
        const s = this.add(ASSERT, null, node.kind);
        return { start: s, exits: [s, 1] };
      }
      case 'cat': {
        let first: Fragment | null = null;
        let exits: number[] = [];
        for (const item of node.items) {
          const fragment = this.build(item);
          if (first === null) first = fragment;
          else this.patch(exits, fragment.start);
          exits = fragment.exits;
        }
        return first === null ? this.build({ t: 'empty' }) : { start: first.start, exits };
      }
      case 'alt': {
        const fragments = node.items.map((item) => this.build(item));
        let current = fragments[fragments.length - 1] ?? this.build({ t: 'empty' });
        for (let i = fragments.length - 2; i >= 0; i--) {
          const left = fragments[i];
          if (left === undefined) continue;
          const split = this.add(SPLIT);
          this.out1[split] = left.start;
          this.out2[split] = current.start;
          current = { start: split, exits: [...left.exits, ...current.exits] };
        }
        return current;
      }
      case 'repeat':
        return this.#repeat(node.node, node.min, node.max);
    }
  }

  /** `x{min,max}`: `min` copies of x, then a loop (max ∞) or nested optional copies `(x(x)?)?`. */
  #repeat(node: RegexNode, min: number, max: number): Fragment {
    let start = -1;
    let exits: number[] = [];
    const append = (fragment: Fragment): void => {
      if (start < 0) start = fragment.start;
      else this.patch(exits, fragment.start);
      exits = fragment.exits;
    };
    for (let i = 0; i < min; i++) append(this.build(node));
    if (max === Infinity) {
      const split = this.add(SPLIT);
      const body = this.build(node);
      this.out1[split] = body.start;
      this.patch(body.exits, split);
      append({ start: split, exits: [split, 2] });
    } else if (max > min) {
      const skips: number[] = [];
      let first = -1;
      let previous: readonly number[] | null = null;
      for (let i = min; i < max; i++) {
        const split = this.add(SPLIT);
        const body = this.build(node);
        this.out1[split] = body.start;
        skips.push(split, 2);
        if (previous === null) first = split;
        else this.patch(previous, split);
        previous = body.exits;
      }
      append({ start: first, exits: [...skips, ...(previous ?? [])] });
    }
    return start < 0 ? this.build({ t: 'empty' }) : { start, exits };
  }
}

function isAnchored(node: RegexNode): boolean {
  if (node.t === 'assert') return node.kind === 'begin-text';
  if (node.t === 'cat') return node.items[0] !== undefined && isAnchored(node.items[0]);
  if (node.t === 'alt') return node.items.length > 0 && node.items.every(isAnchored);
  return false;
}

function compileProgram(node: RegexNode): Program {
  const builder = new Builder();
  const fragment = builder.build(node);
  const match = builder.add(MATCH);
  builder.patch(fragment.exits, match);
  return { ...builder, start: fragment.start, anchored: isAnchored(node) };
}

/** Whether the assertion holds between code points `prev` and `next` (-1 at the ends of the text). */
function holds(kind: AssertKind, prev: number, next: number): boolean {
  switch (kind) {
    case 'begin-text':
      return prev === -1;
    case 'end-text':
      return next === -1;
    case 'begin-line':
      return prev === -1 || prev === 10;
    case 'end-line':
      return next === -1 || next === 10;
    case 'word':
      return (prev !== -1 && isWordChar(prev)) !== (next !== -1 && isWordChar(next));
    case 'not-word':
      return (prev !== -1 && isWordChar(prev)) === (next !== -1 && isWordChar(next));
  }
}

class AutomatonRegex implements Regex {
  readonly #p: Program;
  readonly #marks: Uint32Array;
  #generation = 0;

  constructor(program: Program) {
    this.#p = program;
    this.#marks = new Uint32Array(program.kind.length);
  }

  /** Adds `state` and everything reachable from it without reading; true when that reaches MATCH. */
  #add(list: number[], state: number, prev: number, next: number, stack: number[]): boolean {
    const p = this.#p;
    stack.push(state);
    while (stack.length > 0) {
      const s = stack.pop() ?? -1;
      if (s < 0 || this.#marks[s] === this.#generation) continue;
      this.#marks[s] = this.#generation;
      switch (p.kind[s]) {
        case MATCH:
          stack.length = 0;
          return true;
        case CHAR:
          list.push(s);
          break;
        case JUMP:
          stack.push(p.out1[s] ?? -1);
          break;
        case SPLIT:
          stack.push(p.out2[s] ?? -1, p.out1[s] ?? -1);
          break;
        case ASSERT: {
          const kind = p.assert[s];
          if (kind !== null && kind !== undefined && holds(kind, prev, next)) stack.push(p.out1[s] ?? -1);
          break;
        }
      }
    }
    return false;
  }

  #nextGeneration(): void {
    this.#generation++;
    if (this.#generation === 0xffffffff) {
      this.#marks.fill(0);
      this.#generation = 1;
    }
  }

  search(text: string): boolean {
    const p = this.#p;
    let current: number[] = [];
    let next: number[] = [];
    const stack: number[] = [];
    let prev = -1;
    let i = 0;
    this.#nextGeneration();
    for (;;) {
      const cp = i < text.length ? (text.codePointAt(i) ?? -1) : -1;
      if (!p.anchored || i === 0) {
        if (this.#add(current, p.start, prev, cp, stack)) return true;
      }
      if (cp === -1 || current.length === 0) {
        if (cp === -1 || p.anchored) return false;
      }
      this.#nextGeneration();
      const width = cp > 0xffff ? 2 : 1;
      const after = i + width < text.length ? (text.codePointAt(i + width) ?? -1) : -1;
      for (const s of current) {
        const test = p.test[s];
        if (test !== null && test !== undefined && test(cp)) {
          if (this.#add(next, p.out1[s] ?? -1, cp, after, stack)) return true;
        }
      }
      [current, next] = [next, current];
      next.length = 0;
      prev = cp;
      i += width;
    }
  }
}

const METACHARACTERS = /[\\^$.|?*+()[\]{}]/;

/**
 * Compiles a filter pattern; `ignoreCase` for the `~~` operators. Errors are values with the
 * reason (syntax, unsupported feature, too long, too complex).
 */
export function compileRegex(pattern: string, ignoreCase: boolean): RegexResult {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return { ok: false, message: `pattern longer than ${MAX_PATTERN_LENGTH} characters` };
  if (!METACHARACTERS.test(pattern)) {
    if (!ignoreCase) return { ok: true, regex: { search: (text) => text.includes(pattern) } };
    if (/^[\x20-\x7e]*$/.test(pattern)) {
      const lower = pattern.toLowerCase();
      return { ok: true, regex: { search: (text) => text.toLowerCase().includes(lower) } };
    }
  }
  const parsed = parseRegex(pattern, { ignoreCase, maxLength: MAX_PATTERN_LENGTH });
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, regex: new AutomatonRegex(compileProgram(parsed.node)) };
  } catch (error) {
    if (error instanceof TooComplex)
      return { ok: false, message: `pattern too complex (more than ${MAX_STATES} states after expanding repetitions)` };
    throw error;
  }
}

/** Case-insensitive equality of two texts, as Checkmk's `=~` compares (simple case folding). */
export function equalsIgnoringCase(a: string, b: string): boolean {
  if (a === b || a.toLowerCase() === b.toLowerCase()) return true;
  return !(isAscii(a) && isAscii(b)) && foldEquals(a, b);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

function foldEquals(a: string, b: string): boolean {
  const ca = [...a];
  const cb = [...b];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i]?.codePointAt(0) ?? 0;
    const y = cb[i]?.codePointAt(0) ?? 0;
    if (x === y) continue;
    const [xl, xu] = caseForms(x);
    const [yl, yu] = caseForms(y);
    if (xl !== yl && xu !== yu) return false;
  }
  return true;
}
