/**
 * Writing definitions as native YAML object files, one file per object type (`hosts.yaml`,
 * `services.yaml`, ...), in the format the YAML reader reads: attribute names of the attribute
 * table, intervals as `30s`/`5m`/`1h`, commands as `name!arg` strings, custom attributes under
 * `custom:`, time period rules under `ranges:`. Definitions are written as given (templates
 * already applied, services not expanded); js-yaml's `dump` does the quoting.
 */
import yaml from 'js-yaml';
import type { CommandCall } from '../../model/objects.js';
import { ATTRIBUTES, OBJECT_TYPES } from '../attributes.js';
import type { AttributeKind, ObjectType } from '../attributes.js';
import type { AttributeValue, Definition } from '../definition.js';
import { SECTION_OF } from './read-yaml-objects.js';

const UNITS: readonly (readonly [string, number])[] = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
];

/** Seconds as the largest whole unit: 300 → `5m`, 3600 → `1h`, 90 → `90s`. */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && Number.isInteger(seconds)) {
    for (const [unit, size] of UNITS) if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** A command call as Nagios writes it, `name!arg1!arg2`, with `!` in arguments escaped as `\!`. */
export function formatCommandCall(call: CommandCall): string {
  return [call.command, ...call.args.map((arg) => arg.replaceAll('!', '\\!'))].join('!');
}

function isCommandCall(value: unknown): value is CommandCall {
  return typeof value === 'object' && value !== null && 'command' in value && 'args' in value;
}

/** The YAML form of a typed attribute value. */
function yamlValue(kind: AttributeKind, value: AttributeValue): unknown {
  if (kind.kind === 'interval' && typeof value === 'number') return formatDuration(value);
  if (isCommandCall(value)) return formatCommandCall(value);
  if (Array.isArray(value)) return value.map((item: unknown) => (isCommandCall(item) ? formatCommandCall(item) : item));
  return value;
}

/** A string map with lower-case keys (custom attributes are read back upper-cased). */
function lowerKeys(map: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...map].map(([key, value]) => [key.toLowerCase(), value]));
}

/** Keys a service written under its host leaves out: the host is implied. */
const IMPLIED_BY_HOST: ReadonlySet<string> = new Set(['host_name', 'hostgroup_name']);

/** One definition as a plain object in attribute-table order, then custom, labels, ranges, services. */
function toYamlObject(def: Definition, underHost: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of ATTRIBUTES[def.type]) {
    const value = def.values.get(spec.name);
    if (value === undefined || (underHost && IMPLIED_BY_HOST.has(spec.name))) continue;
    out[spec.name] = yamlValue(spec.type, value);
  }
  if (def.customAttributes.size > 0) out['custom'] = lowerKeys(def.customAttributes);
  if (def.labels.size > 0) out['labels'] = Object.fromEntries(def.labels);
  if (def.timePeriodLines.length > 0) {
    // A later rule with the same key wins, as a later directive does in a Nagios definition.
    out['ranges'] = Object.fromEntries(def.timePeriodLines.map((rule) => [rule.key, rule.value]));
  }
  if (def.services !== undefined && def.services.length > 0) {
    out['services'] = def.services.map((service) => toYamlObject(service, true));
  }
  return out;
}

/**
 * Renders definitions as native YAML: a map from file name (`hosts.yaml`, `timeperiods.yaml`,
 * ...) to its text, one file per object type present, types in the attribute table's order and
 * objects in the given order. Folders are not written: the files are for one directory.
 */
export function writeYaml(definitions: readonly Definition[]): Map<string, string> {
  const byType = new Map<ObjectType, Record<string, unknown>[]>();
  for (const def of definitions) {
    let list = byType.get(def.type);
    if (list === undefined) {
      list = [];
      byType.set(def.type, list);
    }
    list.push(toYamlObject(def, false));
  }
  const files = new Map<string, string>();
  for (const type of OBJECT_TYPES) {
    const objects = byType.get(type);
    if (objects === undefined) continue;
    const section = SECTION_OF[type];
    // Level 3 is an attribute's value: lists and mappings there read best on one line.
    const text = yaml.dump({ [section]: objects }, { lineWidth: -1, noRefs: true, flowLevel: 3 });
    files.set(`${section}.yaml`, text);
  }
  return files;
}
