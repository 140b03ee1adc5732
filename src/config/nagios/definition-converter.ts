/**
 * Turning Nagios objects, templates applied, into {@link Definition}s: each directive's text
 * converted to the type the attribute table names, custom attributes and time period rules set
 * apart. A template's directive is converted once however many objects use it, so a bad value
 * in a template is reported once, at the template's line.
 */
import { attributeSpec } from '../attributes.js';
import type { AttributeKind } from '../attributes.js';
import { fromNagios } from '../attribute-value.js';
import type { Converted } from '../attribute-value.js';
import type { AttributeValue, Definition, TimePeriodLine } from '../definition.js';
import type { Diagnostics } from '../diagnostic.js';
import type { SourceRef } from '../../model/objects.js';
import type { Directive } from './object-block.js';
import { forEachDirective } from './templates.js';
import type { Directives, ResolvedObject } from './templates.js';

/** Shared by every definition without custom attributes or labels: read-only, so one is enough. */
const NONE: ReadonlyMap<string, string> = new Map();
const NO_LINES: readonly TimePeriodLine[] = Object.freeze([]);

/** Converts objects of one reading: remembers converted directives, so each is converted and reported once. */
export class DefinitionConverter {
  readonly #intervalLength: number;
  readonly #diagnostics: Diagnostics;
  readonly #converted = new Map<Directive, Converted>();
  readonly #templateIds = new Map<Directives, number>();
  readonly #inherited = new Map<string, ReadonlyMap<string, SourceRef>>();

  /** `intervalLength` is nagios.cfg's interval_length: the seconds of one interval unit. */
  constructor(intervalLength: number, diagnostics: Diagnostics) {
    this.#intervalLength = intervalLength;
    this.#diagnostics = diagnostics;
  }

  /** The definition of `object`; `folder` is the folder of its file. */
  convert(object: ResolvedObject, folder: string): Definition {
    const values = new Map<string, AttributeValue>();
    const lines = new Map<string, number>();
    let customAttributes: Map<string, string> | null = null;
    let timePeriodLines: TimePeriodLine[] | null = null;
    forEachDirective(object, (key, directive) => {
      const text = directive.value;
      if (text === null) return;
      // `lines` holds what the definition sets itself (an extended `+` value included); inherited
      // values are located by the shared `inherited` map, which names their file too.
      const own = object.own.has(key);
      if (key.startsWith('_')) {
        customAttributes ??= new Map();
        customAttributes.set(key.slice(1), text);
        return;
      }
      const spec = attributeSpec(object.type, key);
      if (spec === undefined) {
        // Only time period rules reach here: other unknown names were dropped when checked.
        timePeriodLines ??= [];
        // A rule has no file of its own: an inherited rule from another file gets the object's line.
        const line = own || directive.file === object.file ? directive.line : object.line;
        timePeriodLines.push({ key, value: text, line });
        return;
      }
      const converted = this.#convertValue(object, key, directive, spec.type);
      if (!converted.ok) return;
      values.set(key, converted.value);
      if (own) lines.set(key, directive.line);
    });
    const inherited = this.#inheritedFrom(object.templates);
    return {
      type: object.type,
      source: { file: object.file, line: object.line },
      values,
      lines,
      ...(inherited === null ? {} : { inherited }),
      customAttributes: customAttributes ?? NONE,
      labels: NONE,
      timePeriodLines: timePeriodLines ?? NO_LINES,
      folder,
    };
  }

  /**
   * Where each attribute of `templates` was written, the left-most template's location winning
   * as its value does; one map per distinct list of templates, shared by the objects using it.
   */
  #inheritedFrom(templates: readonly Directives[]): ReadonlyMap<string, SourceRef> | null {
    if (templates.length === 0) return null;
    let key = '';
    for (const template of templates) {
      let id = this.#templateIds.get(template);
      if (id === undefined) {
        id = this.#templateIds.size;
        this.#templateIds.set(template, id);
      }
      key += `${id},`;
    }
    let found = this.#inherited.get(key);
    if (found === undefined) {
      const where = new Map<string, SourceRef>();
      for (const template of templates) {
        for (const [attr, directive] of template) {
          if (!where.has(attr)) where.set(attr, { file: directive.file, line: directive.line });
        }
      }
      found = where;
      this.#inherited.set(key, found);
    }
    return found;
  }

  /** The converted value of a directive, converted (and a failure reported) once per directive. */
  #convertValue(object: ResolvedObject, key: string, directive: Directive, kind: AttributeKind): Converted {
    // Only directives other objects may share (a template's) are remembered: most are used once.
    const shared = object.isTemplate || !object.own.has(key);
    const known = shared ? this.#converted.get(directive) : undefined;
    if (known !== undefined) return known;
    const converted = fromNagios(kind, directive.value ?? '', this.#intervalLength);
    if (shared) this.#converted.set(directive, converted);
    if (!converted.ok) {
      this.#diagnostics.error(
        { file: directive.file, line: directive.line },
        `${object.type} attribute '${key}': ${converted.error}`,
      );
    }
    return converted;
  }
}
