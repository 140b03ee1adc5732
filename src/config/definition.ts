/**
 * A definition as a reader delivers it, before the builder links definitions into objects:
 * typed attribute values keyed by their Nagios directive name, with where each was written.
 * Nagios and YAML readers both produce these, so the builder and its checks serve both formats.
 */
import type { CommandCall, SourceRef } from '../model/objects.js';
import type { ObjectType } from './attributes.js';

export type AttributeValue = string | number | boolean | readonly string[] | CommandCall | readonly CommandCall[];

/** One free-form rule line of a time period, e.g. key `monday 3`, value `00:00-24:00`. */
export interface TimePeriodLine {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface Definition {
  readonly type: ObjectType;
  readonly source: SourceRef;
  /** Attribute values, already converted to the type the attribute table names. */
  readonly values: ReadonlyMap<string, AttributeValue>;
  /** The line of each attribute, for messages about it; falls back to `source.line`. */
  readonly lines: ReadonlyMap<string, number>;
  /**
   * Where attributes without a line in `lines` were written when elsewhere: a Nagios template,
   * maybe in another file. One map serves every definition inheriting from the same templates,
   * so a message about a template's value can name the template once, not each object.
   */
  readonly inherited?: ReadonlyMap<string, SourceRef>;
  /** Custom attributes, keys upper-case without the leading underscore (`_SERIAL` → `SERIAL`). */
  readonly customAttributes: ReadonlyMap<string, string>;
  readonly labels: ReadonlyMap<string, string>;
  /** Time period rules (only for `timeperiod`). */
  readonly timePeriodLines: readonly TimePeriodLine[];
  /** Folder below conf.d (`''` for the top), which decides inheritance and rule conditions. */
  readonly folder: string;
  /** Services written inside a host definition (native YAML only). */
  readonly services?: readonly Definition[];
}

/** The source location of attribute `attr` in `def`. */
export function attributeSource(def: Definition, attr: string): SourceRef {
  const line = def.lines.get(attr);
  if (line !== undefined) return { file: def.source.file, line };
  return def.inherited?.get(attr) ?? { file: def.source.file, line: def.source.line };
}
