/**
 * A definition whose directive names have been checked against the attribute table, ready for
 * template inheritance: what a Nagios `define` block means before its templates are applied.
 */
import type { ObjectType } from '../attributes.js';

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

/** A checked `define` block. */
export interface ObjectBlock {
  readonly type: ObjectType;
  readonly file: string;
  /** The line of `define`. */
  readonly line: number;
  /** `name`: the template name other blocks of the same type `use`. */
  readonly templateName: NameAt | null;
  /** `use`: the templates, left-most first; `line` is the line of `use`. */
  readonly use: { readonly names: readonly string[]; readonly line: number } | null;
  /** `false` for `register 0`: a template only, not an object. */
  readonly register: boolean;
  /**
   * Directives by key: the attribute's real name (aliases resolved), `_NAME` for a custom
   * attribute (upper case), or for a time period the rule's day part (`monday 3`).
   */
  readonly directives: ReadonlyMap<string, Directive>;
}
