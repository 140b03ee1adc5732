/**
 * Typed reads of a definition's attribute values. The readers stored each value as the attribute
 * table's kind, so a read of another kind is a programming error and answers `undefined`.
 */
import type { CommandCall } from '../model/objects.js';
import type { AttributeValue, Definition } from './definition.js';

function isCommandCall(value: AttributeValue | undefined): value is CommandCall {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'command' in value;
}

/** `value` if it is text, else `undefined` (as {@link textOf} reads an attribute). */
export function asText(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` if it is a list of names, else `undefined` (as {@link listOf} reads an attribute). */
export function asList(value: AttributeValue | undefined): readonly string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items: readonly unknown[] = value;
  for (let i = 0; i < items.length; i++) if (typeof items[i] !== 'string') return undefined;
  return value as readonly string[];
}

/** Text value of `attr`, or `undefined` when unset. */
export function textOf(def: Definition, attr: string): string | undefined {
  return asText(def.values.get(attr));
}

export function numberOf(def: Definition, attr: string): number | undefined {
  const value = def.values.get(attr);
  return typeof value === 'number' ? value : undefined;
}

export function boolOf(def: Definition, attr: string): boolean | undefined {
  const value = def.values.get(attr);
  return typeof value === 'boolean' ? value : undefined;
}

/** List (or option letters) of `attr`, or `undefined` when unset. */
export function listOf(def: Definition, attr: string): readonly string[] | undefined {
  return asList(def.values.get(attr));
}

export function commandOf(def: Definition, attr: string): CommandCall | undefined {
  const value = def.values.get(attr);
  return isCommandCall(value) ? value : undefined;
}

export function commandsOf(def: Definition, attr: string): readonly CommandCall[] | undefined {
  const value = def.values.get(attr);
  if (!Array.isArray(value)) return undefined;
  const calls: CommandCall[] = [];
  for (const item of value as readonly unknown[]) {
    if (typeof item === 'object' && item !== null && 'command' in item) calls.push(item as CommandCall);
  }
  return calls;
}

/** The plain object of a definition's custom attributes. */
export function customAttributesOf(def: Definition): Readonly<Record<string, string>> {
  return def.customAttributes.size === 0 ? EMPTY_RECORD : Object.fromEntries(def.customAttributes);
}

export function labelsOf(def: Definition): Readonly<Record<string, string>> {
  return def.labels.size === 0 ? EMPTY_RECORD : Object.fromEntries(def.labels);
}

/** Shared by every object without custom attributes or labels, to keep 100,000 services small. */
export const EMPTY_RECORD: Readonly<Record<string, string>> = Object.freeze({});
