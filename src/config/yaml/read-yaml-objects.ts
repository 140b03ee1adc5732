/**
 * Native YAML object files (`conf.d/**.yaml`) to definitions: each top-level key names an object
 * type (`hosts`, `services`, ...) and holds a list of objects keyed by the attribute table.
 * Unknown keys are errors with a suggestion; one bad object never hides the good ones.
 */
import { didYouMean } from '../../lib/did-you-mean.js';
import type { SourceRef } from '../../model/objects.js';
import { ATTRIBUTES, OBJECT_TYPES, attributeSpec, type AttributeKind, type ObjectType } from '../attributes.js';
import { fromYaml, type Converted } from '../attribute-value.js';
import { ConvertedCache } from '../converted-cache.js';
import type { AttributeValue, Definition, TimePeriodLine } from '../definition.js';
import type { Diagnostics } from '../diagnostic.js';
import { KeyShape, LayeredValues, type Slot } from '../layered-values.js';
import { parseYaml, type YamlKeyFinder, type YamlLines } from './parse-yaml.js';

/** The top-level key of each object type: its plural (`hosts`, `hostdependencies`). */
export const SECTION_OF: Readonly<Record<ObjectType, string>> = Object.fromEntries(
  OBJECT_TYPES.map((type) => [type, type.endsWith('y') ? `${type.slice(0, -1)}ies` : `${type}s`]),
) as Record<ObjectType, string>;

const TYPE_OF_SECTION = new Map<string, ObjectType>(OBJECT_TYPES.map((type) => [SECTION_OF[type], type]));

/** Keys beyond the attribute table, by object type. */
export const EXTRA_KEYS: Readonly<Partial<Record<ObjectType, readonly string[]>>> = {
  host: ['custom', 'labels', 'services'],
  service: ['custom', 'labels'],
  contact: ['custom'],
  timeperiod: ['ranges'],
};

const EMPTY_STRINGS: ReadonlyMap<string, string> = new Map();
const NO_RULES: readonly TimePeriodLine[] = Object.freeze([]);
const NO_EXTRAS: readonly string[] = [];

/**
 * The attribute lines of one YAML object. Only `get` answers (messages use it), looking the
 * line up in the text then: recording 600,000 key lines up front would cost more than the parse.
 */
class KeyLines implements ReadonlyMap<string, number> {
  constructor(
    readonly finder: YamlKeyFinder,
    readonly line: number,
    readonly firstKey: string | undefined,
  ) {}

  get(attr: string): number {
    return this.finder.keyLineAt(this.line, this.firstKey, attr);
  }

  has(): boolean {
    return false;
  }

  get size(): number {
    return 0;
  }

  forEach(): void {}

  *entries(): MapIterator<[string, number]> {}

  *keys(): MapIterator<string> {}

  *values(): MapIterator<number> {}

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

/**
 * A native object's definition. It keeps the text's key finder, the line and the first key of
 * its mapping, not the parsed mapping, so the parse can be dropped once its objects are read.
 */
class YamlDefinition implements Definition {
  constructor(
    readonly type: ObjectType,
    readonly source: SourceRef,
    readonly values: LayeredValues,
    readonly customAttributes: ReadonlyMap<string, string>,
    readonly labels: ReadonlyMap<string, string>,
    readonly timePeriodLines: readonly TimePeriodLine[],
    readonly folder: string,
    readonly services: readonly Definition[] | undefined,
    readonly keyFinder: YamlKeyFinder,
    readonly firstKey: string | undefined,
  ) {}

  get lines(): ReadonlyMap<string, number> {
    return new KeyLines(this.keyFinder, this.source.line, this.firstKey);
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the reader needs besides the text. */
export interface YamlFileContext {
  readonly file: string;
  /** Folder below conf.d, `''` for the top. */
  readonly folder: string;
  readonly diagnostics: Diagnostics;
}

class ObjectReader {
  /** Converted values by kind and text: objects writing the same text share one value. */
  readonly #texts = new ConvertedCache();
  /** Where the key shapes of this file start. */
  readonly #shapes = KeyShape.root();
  /** One key string per distinct first key, not the parse's copy per mapping. */
  readonly #firstKeys = new Map<string, string>();

  constructor(
    readonly ctx: YamlFileContext,
    readonly lines: YamlLines,
    readonly keys: YamlKeyFinder,
  ) {}

  lineOf(obj: object, key?: string): number {
    return key === undefined ? this.lines.lineOf(obj) : this.lines.keyLineOf(obj, key);
  }

  error(line: number, message: string): void {
    this.ctx.diagnostics.error({ file: this.ctx.file, line }, message);
  }

  /** A string map (`custom`, `labels`, `ranges`) or `null` after reporting why not. */
  stringMap(owner: Record<string, unknown>, key: string, what: string): Map<string, string> | null {
    const value = owner[key];
    if (!isMapping(value)) {
      this.error(this.lineOf(owner, key), `${what}: '${key}' must be a mapping of names to text`);
      return null;
    }
    const out = new Map<string, string>();
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
        out.set(name, String(item));
      } else {
        this.error(
          this.lineOf(value, name),
          `${what}: ${key} '${name}' must be text, not ${item === null ? 'null' : typeof item}`,
        );
      }
    }
    return out;
  }

  /** {@link fromYaml}, converting each distinct text of a kind once while texts repeat (see {@link ConvertedCache}). */
  convert(kind: AttributeKind, value: unknown): Converted {
    return typeof value === 'string' ? this.#texts.get(kind, value, fromYaml) : fromYaml(kind, value);
  }

  /**
   * The definition of `obj`; `describe` names it in messages. A service written under a host
   * gets `host`: its name, and the host list all its services share.
   */
  definition(
    type: ObjectType,
    obj: Record<string, unknown>,
    describe: () => string,
    host?: { readonly name: string; readonly list: readonly string[] },
  ): Definition {
    const written = Object.keys(obj);
    let shape = this.#shapes;
    const slots = new Array<Slot>(written.length + (host === undefined ? 0 : 1));
    const set = (name: string, value: AttributeValue): void => {
      const at = shape.indexOf(name);
      if (at !== -1) {
        slots[at] = value;
        return;
      }
      slots[shape.size] = value;
      shape = shape.with(name);
    };
    let customAttributes = EMPTY_STRINGS;
    let labels = EMPTY_STRINGS;
    let timePeriodLines: TimePeriodLine[] | null = null;
    let services: Definition[] | undefined;
    const extras = EXTRA_KEYS[type] ?? NO_EXTRAS;

    for (const key of written) {
      const value = obj[key];
      if (extras.includes(key)) {
        if (key === 'custom') {
          const map = this.stringMap(obj, key, describe());
          if (map !== null) customAttributes = new Map([...map].map(([k, v]) => [k.toUpperCase(), v]));
        } else if (key === 'labels') {
          labels = this.stringMap(obj, key, describe()) ?? EMPTY_STRINGS;
        } else if (key === 'ranges') {
          const map = this.stringMap(obj, key, describe());
          const ranges = obj[key];
          for (const [rule, text] of map ?? []) {
            (timePeriodLines ??= []).push({
              key: rule,
              value: text,
              line: isMapping(ranges) ? this.lineOf(ranges, rule) : this.lineOf(obj, key),
            });
          }
        } else if (key === 'services') {
          services = this.services(obj, value, describe());
        }
        continue;
      }
      const spec = attributeSpec(type, key);
      if (spec === undefined) {
        const known = [...ATTRIBUTES[type].map((s) => s.name), ...extras];
        this.error(this.lineOf(obj, key), `${describe()}: unknown ${type} attribute '${key}'${didYouMean(key, known)}`);
        continue;
      }
      if (type === 'service' && host !== undefined && (key === 'host_name' || key === 'hostgroup_name')) {
        this.error(
          this.lineOf(obj, key),
          `${describe()}: a service written under a host takes that host; remove '${key}'`,
        );
        continue;
      }
      const converted = this.convert(spec.type, value);
      if (!converted.ok) {
        this.error(this.lineOf(obj, key), `${describe()}: ${key}: ${converted.error}`);
        continue;
      }
      if (spec.ignored === true) continue;
      set(spec.aliasOf ?? spec.name, converted.value);
    }
    if (host !== undefined) set('host_name', host.list);
    const firstKey = written[0];
    return new YamlDefinition(
      type,
      { file: this.ctx.file, line: this.lineOf(obj) },
      new LayeredValues(shape, slots, 1, null),
      customAttributes,
      labels,
      timePeriodLines ?? NO_RULES,
      this.ctx.folder,
      services,
      this.keys,
      firstKey === undefined ? undefined : this.#sharedKey(firstKey),
    );
  }

  #sharedKey(key: string): string {
    const known = this.#firstKeys.get(key);
    if (known !== undefined) return known;
    this.#firstKeys.set(key, key);
    return key;
  }

  services(hostObj: Record<string, unknown>, value: unknown, what: string): Definition[] {
    const name = hostObj.host_name;
    if (!Array.isArray(value)) {
      this.error(this.lineOf(hostObj, 'services'), `${what}: 'services' must be a list of services`);
      return [];
    }
    if (typeof name !== 'string' || name === '') {
      this.error(this.lineOf(hostObj, 'services'), `${what}: services need the host's host_name`);
      return [];
    }
    const host = { name, list: [name] };
    const out: Definition[] = [];
    value.forEach((item: unknown, index) => {
      const label = (): string => `service ${index + 1} of host '${name}'`;
      if (!isMapping(item)) {
        this.error(this.lineOf(hostObj, 'services'), `${label()}: expected a mapping of attributes`);
        return;
      }
      out.push(this.definition('service', item, label, host));
    });
    return out;
  }
}

function describeObject(type: ObjectType, obj: Record<string, unknown>, index: number): string {
  const nameKey = type === 'service' ? 'service_description' : `${type}_name`;
  const name = obj[nameKey];
  return typeof name === 'string' ? `${type} '${name}'` : `${type} ${index + 1}`;
}

/**
 * Reads one native object file. Services written under a host come back as their own
 * definitions, after the host's.
 */
export function readYamlObjects(text: string, ctx: YamlFileContext): Definition[] {
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    ctx.diagnostics.error({ file: ctx.file, line: parsed.line }, `YAML syntax: ${parsed.message}`);
    return [];
  }
  if (parsed.value === undefined || parsed.value === null) return [];
  const reader = new ObjectReader(ctx, parsed.lines, parsed.keys);
  if (!isMapping(parsed.value)) {
    reader.error(1, `expected a mapping with keys such as 'hosts:' and 'services:'`);
    return [];
  }
  const root = parsed.value;
  const out: Definition[] = [];
  for (const [section, list] of Object.entries(root)) {
    const type = TYPE_OF_SECTION.get(section);
    const line = reader.lineOf(root, section);
    if (type === undefined) {
      reader.error(line, `unknown section '${section}'${didYouMean(section, TYPE_OF_SECTION.keys())}`);
      continue;
    }
    if (list === null) continue;
    if (!Array.isArray(list)) {
      reader.error(line, `'${section}' must be a list`);
      continue;
    }
    list.forEach((obj: unknown, index) => {
      if (!isMapping(obj)) {
        reader.error(line, `${section}: entry ${index + 1} must be a mapping of attributes`);
        return;
      }
      const def = reader.definition(type, obj, () => describeObject(type, obj, index));
      out.push(def);
      // One by one: spreading a host's services as arguments fails for a very long list.
      for (const service of def.services ?? []) out.push(service);
    });
  }
  return out;
}
