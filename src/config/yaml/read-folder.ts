/**
 * `folder.yaml`: the attributes a folder gives the hosts below it (site, contact groups, parents,
 * custom attributes, labels, check parameters, ...), plus its title.
 */
import { didYouMean } from '../../lib/did-you-mean.js';
import { ATTRIBUTES, attributeSpec } from '../attributes.js';
import { fromYaml } from '../attribute-value.js';
import type { AttributeValue } from '../definition.js';
import type { Diagnostics } from '../diagnostic.js';
import { HOST_ONLY_ATTRIBUTES, type FolderAttributes } from '../folder-attributes.js';
import { parseYaml } from './parse-yaml.js';

/** Every key a folder.yaml accepts. */
export function folderKeys(): string[] {
  const hostKeys = ATTRIBUTES.host.map((s) => s.name).filter((k) => !HOST_ONLY_ATTRIBUTES.includes(k));
  return ['title', 'custom', 'labels', ...hostKeys];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one folder.yaml: the folder's own attributes, before its parent's are merged in. */
export function readFolder(text: string, file: string, path: string, diags: Diagnostics): FolderAttributes {
  const values = new Map<string, AttributeValue>();
  const lines = new Map<string, number>();
  const customAttributes = new Map<string, string>();
  const labels = new Map<string, string>();
  let title = path.split('/').pop() ?? path;
  const result = (): FolderAttributes => ({ path, title, file, values, lines, customAttributes, labels });

  const parsed = parseYaml(text);
  if (!parsed.ok) {
    diags.error({ file, line: parsed.line }, `YAML syntax: ${parsed.message}`);
    return result();
  }
  if (parsed.value === undefined || parsed.value === null) return result();
  if (!isMapping(parsed.value)) {
    diags.error(
      { file, line: 1 },
      'folder.yaml must be a mapping of host attributes (site, contact_groups, custom, ...)',
    );
    return result();
  }
  const root = parsed.value;
  const lineOf = (key: string): number => parsed.lines.keyLineOf(root, key) || 1;
  for (const [key, value] of Object.entries(root)) {
    const where = { file, line: lineOf(key) };
    if (key === 'title') {
      if (typeof value === 'string') title = value;
      else diags.error(where, "folder: 'title' must be text");
    } else if (key === 'custom' || key === 'labels') {
      if (!isMapping(value)) {
        diags.error(where, `folder: '${key}' must be a mapping of names to text`);
        continue;
      }
      for (const [name, item] of Object.entries(value)) {
        if (typeof item === 'object' && item !== null) {
          diags.error(where, `folder: ${key} '${name}' must be text`);
        } else if (key === 'custom') {
          customAttributes.set(name.toUpperCase(), String(item));
        } else {
          labels.set(name, String(item));
        }
      }
    } else if (HOST_ONLY_ATTRIBUTES.includes(key)) {
      diags.error(where, `folder: '${key}' names a single host and cannot be set for a folder`);
    } else {
      const spec = attributeSpec('host', key);
      if (spec === undefined) {
        diags.error(where, `folder: unknown attribute '${key}'${didYouMean(key, folderKeys())}`);
        continue;
      }
      const converted = fromYaml(spec.type, value);
      if (!converted.ok) {
        diags.error(where, `folder: ${key}: ${converted.error}`);
        continue;
      }
      const name = spec.aliasOf ?? key;
      values.set(name, converted.value);
      lines.set(name, where.line);
    }
  }
  return result();
}
