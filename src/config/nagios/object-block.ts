/**
 * A definition whose directive names have been checked against the attribute table, ready for
 * template inheritance: what a Nagios `define` block means before its templates are applied.
 */
import type { ObjectType } from '../attributes.js';
import type { KeyShape, Slot } from '../layered-values.js';
import type { SourceRef } from '../../model/objects.js';

/** One directive's value, and where it was written (a template may be in another file). */
export interface Directive {
  /** The text as written, `null` for Nagios' `null`, which cancels an inherited value. */
  readonly value: string | null;
  /** A list value written with a leading `+` (the `+` removed): append to the inherited value. */
  readonly additive: boolean;
  readonly file: string;
  readonly line: number;
}

/** A name and the line it was written on. */
export interface NameAt {
  readonly name: string;
  readonly line: number;
}

/**
 * A checked `define` block. Its directives are kept flat, not as a map per block: `shape` holds
 * the keys (shared by blocks written alike), `slots[offset + 2i]` the text of key `i` (`null`
 * for Nagios' `null`) and `slots[offset + 2i + 1]` its line. The texts become values in place, so the slots of an
 * object become its definition's without a copy: for a block that is not a template (nothing
 * inherits its texts) already when it is checked, while its texts are fresh and can die young.
 */
export interface ObjectBlock {
  readonly type: ObjectType;
  /** The file and the line of `define`; the object's definition shares it. */
  readonly source: SourceRef;
  /** `name`: the template name other blocks of the same type `use`. */
  readonly templateName: NameAt | null;
  /** `use`: the templates, left-most first (blocks using the same templates share the list). */
  readonly use: readonly string[] | null;
  /** The line of `use` (kept apart from the list, which is shared). */
  readonly useLine: number;
  /** `false` for `register 0`: a template only, not an object. */
  readonly register: boolean;
  /**
   * Directive keys: the attribute's real name (aliases resolved), `_NAME` for a custom attribute
   * (upper case), or for a time period the rule's day part (`monday 3`).
   */
  readonly shape: KeyShape;
  /** The array holding the slots, shared with other blocks: the block's run starts at `offset`. */
  readonly slots: Slot[];
  readonly offset: number;
  /** Positions (in `shape`) of list values written with a leading `+`, or `null` when none is. */
  readonly additive: readonly number[] | null;
  /**
   * Whether the attribute values are converted already: their slots hold values (`undefined`
   * where conversion failed). Custom attributes, time period rules and `+` values stay texts.
   */
  readonly converted: boolean;
  /** Conversions that failed, by position, to be reported when the object is converted. */
  readonly problems: readonly (readonly [number, string])[] | null;
}

/** The text of directive `at` of a block not converted yet (`null` for Nagios' `null`). */
export function directiveText(block: ObjectBlock, at: number): string | null {
  const value = block.slots[block.offset + 2 * at];
  return typeof value === 'string' ? value : null;
}

/** The line of directive `at` of `block`. */
export function directiveLine(block: ObjectBlock, at: number): number {
  const line = block.slots[block.offset + 2 * at + 1];
  return typeof line === 'number' ? line : block.source.line;
}

/** The directives of `block` as a map, for template resolution (templates are few). */
export function directivesOf(block: ObjectBlock): Map<string, Directive> {
  const out = new Map<string, Directive>();
  const keys = block.shape.keys;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === undefined) continue;
    out.set(key, {
      value: directiveText(block, i),
      additive: block.additive?.includes(i) === true,
      file: block.source.file,
      line: directiveLine(block, i),
    });
  }
  return out;
}
