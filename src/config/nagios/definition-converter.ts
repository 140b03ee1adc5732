/**
 * Turning Nagios objects, templates applied, into {@link Definition}s: each directive's text
 * converted to the type the attribute table names, custom attributes and time period rules set
 * apart. What objects inherit is converted once per template list and shared by every object
 * using that list (100,000 services inheriting `check_interval 5` convert "5" once), and a
 * template's directive is converted once however many lists hold it, so a bad value in a
 * template is reported once, at the template's line.
 */
import { attributeSpec } from '../attributes.js';
import type { ObjectType } from '../attributes.js';
import type { Converted } from '../attribute-value.js';
import type { AttributeValue, Definition, TimePeriodLine } from '../definition.js';
import type { Diagnostics } from '../diagnostic.js';
import { LayeredValues } from '../layered-values.js';
import type { SourceRef } from '../../model/objects.js';
import { directiveLine, directiveText } from './object-block.js';
import type { Directive, ObjectBlock } from './object-block.js';
import { ownCopy, type SharedValues } from './shared-values.js';
import { extendFrom } from './templates.js';
import type { TemplateLayer, TemplateResolver } from './templates.js';

/** Shared by every definition without custom attributes or labels: read-only, so one is enough. */
const NONE: ReadonlyMap<string, string> = new Map();
const NO_LINES: readonly TimePeriodLine[] = Object.freeze([]);

const UNDERSCORE = 0x5f;

/** The message for a value that cannot be converted. */
function message(type: ObjectType, key: string, error: string): string {
  return `${type} attribute '${key}': ${error}`;
}

/** A Nagios object's definition: its own values in its block's slots, over its layer's values. */
class NagiosDefinition implements Definition {
  constructor(
    readonly type: ObjectType,
    readonly source: SourceRef,
    readonly values: LayeredValues,
    readonly inherited: ReadonlyMap<string, SourceRef> | undefined,
    readonly customAttributes: ReadonlyMap<string, string>,
    readonly timePeriodLines: readonly TimePeriodLine[],
    readonly folder: string,
  ) {}

  /** Lines of what the definition sets itself (an extended `+` value included), made when asked. */
  get lines(): ReadonlyMap<string, number> {
    return this.values.ownLines();
  }

  get labels(): ReadonlyMap<string, string> {
    return NONE;
  }
}

/** What {@link DefinitionConverter} sets apart of an object's own directives. */
interface OwnApart {
  readonly customAttributes: Map<string, string> | null;
  readonly timePeriodLines: TimePeriodLine[] | null;
}

const NOTHING_OWN: OwnApart = Object.freeze({ customAttributes: null, timePeriodLines: null });

/** A layer's values as converted, shared by the objects inheriting it. */
interface ConvertedLayer {
  readonly values: Map<string, AttributeValue>;
  /** Inherited attributes not converted yet: each is converted when an object first inherits it. */
  readonly pending: Set<string>;
  /** Inherited custom attributes: the directive key (`_SERIAL`), the name (`SERIAL`) and the text. */
  readonly customs: readonly (readonly [string, string, string])[];
  /** Inherited time period rules. */
  readonly rules: readonly (readonly [string, Directive])[];
}

/** Converts objects of one reading: remembers converted directives, so each is converted and reported once. */
export class DefinitionConverter {
  readonly #diagnostics: Diagnostics;
  readonly #resolver: TemplateResolver;
  readonly #converted = new Map<Directive, Converted>();
  readonly #layers = new Map<TemplateLayer, ConvertedLayer>();
  readonly #values: SharedValues;

  /** `values` converts texts (and knows nagios.cfg's interval_length). */
  constructor(values: SharedValues, resolver: TemplateResolver, diagnostics: Diagnostics) {
    this.#values = values;
    this.#resolver = resolver;
    this.#diagnostics = diagnostics;
  }

  /**
   * The definition of the object `block`, which inherits `layer`; `folder` is the folder of its
   * file. The block's slots become the definition's: the block must not be converted twice.
   */
  convert(block: ObjectBlock, layer: TemplateLayer | null, folder: string): Definition {
    let { customAttributes, timePeriodLines } = this.#convertOwn(block, layer);
    let base: ReadonlyMap<string, AttributeValue> | null = null;
    if (layer !== null) {
      const converted = this.#convertedLayer(block.type, layer);
      // Once the first objects of a layer have converted what it holds, nothing is pending: the
      // next 10,000 objects inheriting it only take its values.
      if (converted.pending.size > 0) this.#convertPending(block, layer, converted);
      if (converted.customs.length > 0) customAttributes = inheritCustoms(block, converted, customAttributes);
      if (converted.rules.length > 0) timePeriodLines = inheritRules(block, converted, timePeriodLines);
      base = converted.values;
    }
    return new NagiosDefinition(
      block.type,
      block.source,
      new LayeredValues(block.shape, block.slots, 2, base, block.offset),
      layer?.sources,
      customAttributes ?? NONE,
      timePeriodLines ?? NO_LINES,
      folder,
    );
  }

  /**
   * Converts the values `block` sets itself, in place in its slots (a block converted when
   * checked only reports its failures here); sets custom attributes and time period rules apart.
   */
  #convertOwn(block: ObjectBlock, layer: TemplateLayer | null): OwnApart {
    const { type, shape, slots, offset } = block;
    const file = block.source.file;
    const keys = shape.keys;
    // A template's own directives may be inherited too: converting them through the same
    // directive objects reports a bad value once.
    const shared = block.templateName === null ? null : this.#resolver.ownDirectives(block);
    let customAttributes: Map<string, string> | null = null;
    let timePeriodLines: TimePeriodLine[] | null = null;
    // A block converted when checked, without failures or `+` values (nearly every object), has
    // nothing left to do but for custom attributes; time periods also have their rules.
    const settled = block.converted && block.problems === null && block.additive === null && type !== 'timeperiod';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] ?? '';
      if (settled && key.charCodeAt(0) !== UNDERSCORE) continue;
      const line = directiveLine(block, i);
      const additive = block.additive?.includes(i) === true;
      const spec = key.startsWith('_') ? undefined : attributeSpec(type, key);
      if (block.converted && spec !== undefined && !additive) {
        // Converted when checked: only a failure is left to report, here in the object's order.
        const problem = block.problems?.find(([at]) => at === i);
        if (problem !== undefined) this.#diagnostics.error({ file, line }, message(type, key, problem[1]));
        continue;
      }
      const text = directiveText(block, i);
      slots[offset + 2 * i] = undefined;
      if (text === null) continue;
      if (key.startsWith('_')) {
        (customAttributes ??= new Map()).set(ownCopy(key.slice(1)), ownCopy(text));
        continue;
      }
      if (spec === undefined) {
        // Only time period rules reach here: other unknown names were dropped when checked.
        (timePeriodLines ??= []).push({ key: ownCopy(key), value: ownCopy(text), line });
        continue;
      }
      let directive = shared?.get(key) ?? null;
      if (layer !== null && additive) {
        directive = extendFrom(directive ?? { value: text, additive: true, file, line }, key, layer.templates, 0);
      }
      const converted =
        directive === null
          ? this.#report(type, key, file, line, this.#values.convert(spec.type, text))
          : this.#convertDirective(type, key, directive, shared?.get(key) === directive);
      if (converted.ok) slots[offset + 2 * i] = converted.value;
    }
    // Nearly every object has neither: one answer serves them all.
    return customAttributes === null && timePeriodLines === null ? NOTHING_OWN : { customAttributes, timePeriodLines };
  }

  /** Converts the values of `layer` that `block` inherits (it does not set them) and no object has converted yet. */
  #convertPending(block: ObjectBlock, layer: TemplateLayer, converted: ConvertedLayer): void {
    const shape = block.shape;
    for (const key of converted.pending) {
      if (shape.indexOf(key) !== -1) continue;
      converted.pending.delete(key);
      const directive = layer.directives.get(key);
      if (directive === undefined) continue;
      const result = this.#convertDirective(block.type, key, directive, true);
      if (result.ok) converted.values.set(key, result.value);
    }
  }

  #convertedLayer(type: ObjectType, layer: TemplateLayer): ConvertedLayer {
    let converted = this.#layers.get(layer);
    if (converted === undefined) {
      const pending = new Set<string>();
      const customs: [string, string, string][] = [];
      const rules: [string, Directive][] = [];
      for (const [key, directive] of layer.directives) {
        if (directive.value === null) continue;
        if (key.startsWith('_')) customs.push([key, ownCopy(key.slice(1)), ownCopy(directive.value)]);
        else if (attributeSpec(type, key) === undefined) rules.push([key, directive]);
        else pending.add(key);
      }
      converted = { values: new Map(), pending, customs, rules };
      this.#layers.set(layer, converted);
    }
    return converted;
  }

  /** The converted value of a directive; a shared one (a template's) is converted and reported once. */
  #convertDirective(type: ObjectType, key: string, directive: Directive, shared: boolean): Converted {
    const known = shared ? this.#converted.get(directive) : undefined;
    if (known !== undefined) return known;
    const spec = attributeSpec(type, key);
    if (spec === undefined) return { ok: false, error: 'not an attribute' };
    const converted = this.#report(
      type,
      key,
      directive.file,
      directive.line,
      this.#values.convert(spec.type, directive.value ?? ''),
    );
    if (shared) this.#converted.set(directive, converted);
    return converted;
  }

  #report(type: ObjectType, key: string, file: string, line: number, converted: Converted): Converted {
    if (!converted.ok) this.#diagnostics.error({ file, line }, message(type, key, converted.error));
    return converted;
  }
}

/** `own` custom attributes with those `block` inherits from `converted` and does not set itself. */
function inheritCustoms(
  block: ObjectBlock,
  converted: ConvertedLayer,
  own: Map<string, string> | null,
): Map<string, string> | null {
  let customAttributes = own;
  for (const [key, name, text] of converted.customs) {
    if (block.shape.indexOf(key) === -1) (customAttributes ??= new Map()).set(name, text);
  }
  return customAttributes;
}

/** `own` time period rules with those `block` inherits from `converted` and does not set itself. */
function inheritRules(
  block: ObjectBlock,
  converted: ConvertedLayer,
  own: TimePeriodLine[] | null,
): TimePeriodLine[] | null {
  let timePeriodLines = own;
  for (const [key, directive] of converted.rules) {
    if (block.shape.indexOf(key) !== -1 || directive.value === null) continue;
    // A rule has no file of its own: an inherited rule from another file gets the object's line.
    const line = directive.file === block.source.file ? directive.line : block.source.line;
    (timePeriodLines ??= []).push({ key: ownCopy(key), value: ownCopy(directive.value), line });
  }
  return timePeriodLines;
}
