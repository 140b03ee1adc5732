/**
 * Compact attribute maps for definitions. A definition's own values sit in one plain array whose
 * keys are held by a {@link KeyShape} that every definition written with the same attributes in
 * the same order shares; what it inherits (a Nagios template chain, a folder) is one map shared
 * by every definition inheriting it. 100,000 services then cost an array each, not two hash maps
 * each: with hash maps, garbage collection took half of a large configuration's load time.
 */
import type { AttributeValue } from './definition.js';

/** Shapes longer than this are not shared: a hostile block with 100,000 keys must stay linear. */
const MAX_SHARED_KEYS = 64;

/**
 * The own keys of definitions, in the order they were written, with their positions. Shapes
 * are built by {@link KeyShape.with} from an empty shape ({@link KeyShape.root}), so equal key
 * sequences from one root give the same shape object. A reading makes its own root: shapes
 * then live as long as its definitions, not as long as the process.
 */
export class KeyShape {
  /** A new shape without keys, where the definitions of one reading start. */
  static root(): KeyShape {
    return new KeyShape([], new Map(), true);
  }

  readonly #keys: string[];
  readonly #index: Map<string, number>;
  /** Shared shapes are immutable; a private one (past {@link MAX_SHARED_KEYS}) grows in place. */
  readonly #shared: boolean;
  #next: Map<string, KeyShape> | null = null;

  private constructor(keys: string[], index: Map<string, number>, shared: boolean) {
    this.#keys = keys;
    this.#index = index;
    this.#shared = shared;
  }

  /** The keys, in order. */
  get keys(): readonly string[] {
    return this.#keys;
  }

  get size(): number {
    return this.#keys.length;
  }

  /** The position of `key`, or -1. */
  indexOf(key: string): number {
    return this.#index.get(key) ?? -1;
  }

  /**
   * This shape with `key` (not yet in it) appended: for a shared shape the one shared shape of
   * that sequence; a private shape appends in place and returns itself.
   */
  with(key: string): KeyShape {
    if (!this.#shared) {
      this.#index.set(key, this.#keys.length);
      this.#keys.push(key);
      return this;
    }
    let next = this.#next?.get(key);
    if (next === undefined) {
      const keys = [...this.#keys, key];
      const index = new Map(this.#index).set(key, this.#keys.length);
      next = new KeyShape(keys, index, keys.length < MAX_SHARED_KEYS);
      // A private shape belongs to one definition: remembering it would share it.
      if (keys.length < MAX_SHARED_KEYS) (this.#next ??= new Map()).set(key, next);
    }
    return next;
  }
}

/** A slot of {@link LayeredValues}: `undefined` or `null` leaves the key unset (and hides the base's value). */
export type Slot = AttributeValue | null | undefined;

/** Slots per arena chunk: large enough to be allocated outside the young generation. */
const CHUNK_SLOTS = 64 * 1024;

/**
 * Slots for the values of many definitions, handed out in runs from large shared arrays. An
 * array per definition made 100,000 small arrays that all outlive the young generation, and
 * copying them there took a good part of a large configuration's load time; a large array is
 * allocated where it is never copied. A run never spans two chunks; a run longer than a chunk
 * gets an array of its own.
 */
export class SlotArena {
  #chunk: Slot[] = newChunk(0);
  #used = 0;
  /**
   * The size of the next chunk. The first chunks are small and the size doubles up to
   * {@link CHUNK_SLOTS}: the code starting a chunk then runs several times while the reader is
   * still being compiled, so the compiled reader knows it and is not thrown away at a new chunk.
   */
  #nextSize = 256;

  /** The array of the last {@link take}n run. */
  get chunk(): Slot[] {
    return this.#chunk;
  }

  /** Reserves `count` slots (all `undefined`): they are `chunk[offset, offset + count)`; returns the offset. */
  take(count: number): number {
    if (this.#used + count > this.#chunk.length) {
      this.#chunk = newChunk(count > this.#nextSize ? count : this.#nextSize);
      this.#used = 0;
      if (this.#nextSize < CHUNK_SLOTS) this.#nextSize *= 2;
    }
    const offset = this.#used;
    this.#used += count;
    return offset;
  }
}

/** An array of `size` slots, all `undefined`. */
function newChunk(size: number): Slot[] {
  return new Array<Slot>(size).fill(undefined);
}

/**
 * A definition's values: its own, slot `offset + i * stride` holding the value of
 * `shape.keys[i]`, over the values of `base` for keys the shape does not have. An own slot left
 * unset hides the base's value (a Nagios `null`, or a value that failed to convert). Read-only
 * once built. The offset lets many definitions keep their values in one large array (see
 * {@link SlotArena}) instead of an array each.
 */
export class LayeredValues implements ReadonlyMap<string, AttributeValue> {
  readonly #shape: KeyShape;
  readonly #slots: readonly Slot[];
  readonly #stride: number;
  readonly #base: ReadonlyMap<string, AttributeValue> | null;
  readonly #offset: number;

  constructor(
    shape: KeyShape,
    slots: readonly Slot[],
    stride: number,
    base: ReadonlyMap<string, AttributeValue> | null,
    offset = 0,
  ) {
    this.#shape = shape;
    this.#slots = slots;
    this.#stride = stride;
    this.#base = base;
    this.#offset = offset;
  }

  get(key: string): AttributeValue | undefined {
    const at = this.#shape.indexOf(key);
    if (at !== -1) return this.#slots[this.#offset + at * this.#stride] ?? undefined;
    return this.#base === null ? undefined : this.#base.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    return [...this.keys()].length;
  }

  *entries(): MapIterator<[string, AttributeValue]> {
    const keys = this.#shape.keys;
    for (let i = 0; i < keys.length; i++) {
      const value = this.#slots[this.#offset + i * this.#stride];
      const key = keys[i];
      if (value !== undefined && value !== null && key !== undefined) yield [key, value];
    }
    if (this.#base === null) return;
    for (const entry of this.#base) if (this.#shape.indexOf(entry[0]) === -1) yield entry;
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<AttributeValue> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: AttributeValue, key: string, map: ReadonlyMap<string, AttributeValue>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, AttributeValue]> {
    return this.entries();
  }

  /**
   * These values over `base` for the keys they do not set: a folder's attributes under a host's
   * own, sharing the host's slots and the folder's map. `null` when that would not be the same
   * as merging the two (values with a base already, or an unset own slot, which would hide the
   * folder's value where a merge lets it through).
   */
  over(base: ReadonlyMap<string, AttributeValue>): LayeredValues | null {
    if (this.#base !== null) return null;
    for (let i = 0; i < this.#shape.size; i++) {
      const value = this.#slots[this.#offset + i * this.#stride];
      if (value === undefined || value === null) return null;
    }
    return new LayeredValues(this.#shape, this.#slots, this.#stride, base, this.#offset);
  }

  /**
   * Copies the values of `reader`'s fields into `out` (`out[i]` the value of field `i`), as
   * {@link get} would read them one by one, but with each field's place looked up once per shape
   * and base instead of once per definition.
   */
  readFields(reader: FieldReader, out: (AttributeValue | undefined)[]): void {
    const plan = reader.planOf(this.#shape, this.#base, this.#stride);
    const { positions, inherited } = plan;
    const slots = this.#slots;
    const offset = this.#offset;
    for (let i = 0; i < positions.length; i++) {
      const at = positions[i] ?? -1;
      out[i] = at === -1 ? inherited[i] : (slots[offset + at] ?? undefined);
    }
  }

  /** The lines of the own values, when each slot of a value is followed by one for its line (stride 2). */
  ownLines(): ReadonlyMap<string, number> {
    return this.#stride === 2 ? new OwnLines(this.#shape, this.#slots, this.#offset) : NO_LINES;
  }
}

const NO_LINES: ReadonlyMap<string, number> = new Map();

/**
 * The lines of a definition's own values, kept beside them: slot `offset + 2i` is the value of
 * `shape.keys[i]`, slot `offset + 2i + 1` its line. Only keys whose value is set have a line.
 */
export class OwnLines implements ReadonlyMap<string, number> {
  readonly #shape: KeyShape;
  readonly #slots: readonly Slot[];
  readonly #offset: number;

  constructor(shape: KeyShape, slots: readonly Slot[], offset = 0) {
    this.#shape = shape;
    this.#slots = slots;
    this.#offset = offset;
  }

  get(key: string): number | undefined {
    const at = this.#shape.indexOf(key);
    if (at === -1) return undefined;
    const value = this.#slots[this.#offset + 2 * at];
    const line = this.#slots[this.#offset + 2 * at + 1];
    return value === undefined || value === null || typeof line !== 'number' ? undefined : line;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get size(): number {
    return [...this.keys()].length;
  }

  *entries(): MapIterator<[string, number]> {
    for (const key of this.#shape.keys) {
      const line = this.get(key);
      if (line !== undefined) yield [key, line];
    }
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<number> {
    for (const [, line] of this.entries()) yield line;
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [key, line] of this.entries()) callback(line, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

/** Where each field of a {@link FieldReader} is for definitions of one shape over one base. */
interface FieldPlan {
  /** The slot of each field among the own values, or -1 when the base answers. */
  readonly positions: Int32Array;
  /** The base's value of each field with position -1. */
  readonly inherited: readonly (AttributeValue | undefined)[];
}

/**
 * Reads a fixed list of attributes from many definitions, for a builder that reads the same
 * thirty attributes of 100,000 services: definitions of one shape over one base (services
 * written alike, using the same templates) share a plan of where each attribute is, so a read
 * costs an array access instead of two map lookups. A reader serves one build: the values it
 * reads must not change meanwhile (definitions are read-only once read).
 */
export class FieldReader {
  /** The attribute names, in the order of {@link read}'s answer. */
  readonly fields: readonly string[];
  readonly #plans = new Map<KeyShape, Map<ReadonlyMap<string, AttributeValue> | null, FieldPlan>>();
  readonly #out: (AttributeValue | undefined)[];
  #lastShape: KeyShape | null = null;
  #lastBase: ReadonlyMap<string, AttributeValue> | null = null;
  #lastPlan: FieldPlan | null = null;

  constructor(fields: readonly string[]) {
    this.fields = fields;
    this.#out = new Array<AttributeValue | undefined>(fields.length).fill(undefined);
  }

  /**
   * The values of the fields in `values`, in the order of {@link fields}: `undefined` where
   * unset. The answer is overwritten by the next call: read it before reading again.
   */
  read(values: ReadonlyMap<string, AttributeValue>): readonly (AttributeValue | undefined)[] {
    const out = this.#out;
    if (values instanceof LayeredValues) {
      values.readFields(this, out);
    } else {
      for (let i = 0; i < this.fields.length; i++) out[i] = values.get(this.fields[i] ?? '');
    }
    return out;
  }

  /** The plan for values of `shape` (slots `stride` apart) over `base`; made once for each pair. */
  planOf(shape: KeyShape, base: ReadonlyMap<string, AttributeValue> | null, stride: number): FieldPlan {
    if (shape === this.#lastShape && base === this.#lastBase && this.#lastPlan !== null) return this.#lastPlan;
    let byBase = this.#plans.get(shape);
    if (byBase === undefined) {
      byBase = new Map();
      this.#plans.set(shape, byBase);
    }
    let plan = byBase.get(base);
    if (plan === undefined) {
      const positions = new Int32Array(this.fields.length);
      const inherited: (AttributeValue | undefined)[] = [];
      for (let i = 0; i < this.fields.length; i++) {
        const field = this.fields[i] ?? '';
        const at = shape.indexOf(field);
        positions[i] = at === -1 ? -1 : at * stride;
        inherited.push(at === -1 && base !== null ? base.get(field) : undefined);
      }
      plan = { positions, inherited };
      byBase.set(base, plan);
    }
    this.#lastShape = shape;
    this.#lastBase = base;
    this.#lastPlan = plan;
    return plan;
  }
}
