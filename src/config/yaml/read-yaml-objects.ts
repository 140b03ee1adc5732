/**
 * Native YAML object files (`conf.d/**.yaml`) to definitions: each top-level key names an object
 * type (`hosts`, `services`, ...) and holds a list of objects keyed by the attribute table.
 * Unknown keys are errors with a suggestion; one bad object never hides the good ones.
 */
import { didYouMean } from '../../lib/did-you-mean.js';
import { ATTRIBUTES, OBJECT_TYPES, attributeSpec, type ObjectType } from '../attributes.js';
import { fromYaml } from '../attribute-value.js';
import type { AttributeValue, Definition, TimePeriodLine } from '../definition.js';
import type { Diagnostics } from '../diagnostic.js';
import { parseYaml, type YamlLines } from './parse-yaml.js';

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

/**
 * The attribute lines of one YAML object. Only `get` is used (by messages), and it looks the
 * line up in the text then: recording 600,000 key lines up front would cost more than the parse.
 */
class KeyLines extends Map<string, number> {
  constructor(
    readonly yamlLines: YamlLines,
    readonly obj: object,
  ) {
    super();
  }

  override get(attr: string): number {
    return this.yamlLines.keyLineOf(this.obj, attr);
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
  constructor(
    readonly ctx: YamlFileContext,
    readonly lines: YamlLines,
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

  definition(type: ObjectType, obj: Record<string, unknown>, what: string, host?: string): Definition {
    const values = new Map<string, AttributeValue>();
    const lines = new KeyLines(this.lines, obj);
    let customAttributes = EMPTY_STRINGS;
    let labels = EMPTY_STRINGS;
    const timePeriodLines: TimePeriodLine[] = [];
    let services: Definition[] | undefined;
    const extras = EXTRA_KEYS[type] ?? [];

    for (const [key, value] of Object.entries(obj)) {
      if (extras.includes(key)) {
        if (key === 'custom') {
          const map = this.stringMap(obj, key, what);
          if (map !== null) customAttributes = new Map([...map].map(([k, v]) => [k.toUpperCase(), v]));
        } else if (key === 'labels') {
          labels = this.stringMap(obj, key, what) ?? EMPTY_STRINGS;
        } else if (key === 'ranges') {
          const map = this.stringMap(obj, key, what);
          const ranges = obj[key];
          for (const [rule, text] of map ?? []) {
            timePeriodLines.push({
              key: rule,
              value: text,
              line: isMapping(ranges) ? this.lineOf(ranges, rule) : this.lineOf(obj, key),
            });
          }
        } else if (key === 'services') {
          services = this.services(obj, value, what);
        }
        continue;
      }
      const spec = attributeSpec(type, key);
      if (spec === undefined) {
        const known = [...ATTRIBUTES[type].map((s) => s.name), ...extras];
        this.error(this.lineOf(obj, key), `${what}: unknown ${type} attribute '${key}'${didYouMean(key, known)}`);
        continue;
      }
      if (type === 'service' && host !== undefined && (key === 'host_name' || key === 'hostgroup_name')) {
        this.error(this.lineOf(obj, key), `${what}: a service written under a host takes that host; remove '${key}'`);
        continue;
      }
      const converted = fromYaml(spec.type, value);
      if (!converted.ok) {
        this.error(this.lineOf(obj, key), `${what}: ${key}: ${converted.error}`);
        continue;
      }
      if (spec.ignored === true) continue;
      const name = spec.aliasOf ?? key;
      values.set(name, converted.value);
    }
    if (host !== undefined) values.set('host_name', [host]);
    return {
      type,
      source: { file: this.ctx.file, line: this.lineOf(obj) },
      values,
      lines,
      customAttributes,
      labels,
      timePeriodLines,
      folder: this.ctx.folder,
      ...(services === undefined ? {} : { services }),
    };
  }

  services(hostObj: Record<string, unknown>, value: unknown, what: string): Definition[] {
    const host = hostObj.host_name;
    if (!Array.isArray(value)) {
      this.error(this.lineOf(hostObj, 'services'), `${what}: 'services' must be a list of services`);
      return [];
    }
    if (typeof host !== 'string' || host === '') {
      this.error(this.lineOf(hostObj, 'services'), `${what}: services need the host's host_name`);
      return [];
    }
    const out: Definition[] = [];
    value.forEach((item: unknown, index) => {
      const label = `service ${index + 1} of host '${host}'`;
      if (!isMapping(item)) {
        this.error(this.lineOf(hostObj, 'services'), `${label}: expected a mapping of attributes`);
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
  const reader = new ObjectReader(ctx, parsed.lines);
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
      const def = reader.definition(type, obj, describeObject(type, obj, index));
      out.push(def);
      if (def.services !== undefined) out.push(...def.services);
    });
  }
  return out;
}
