/**
 * Converting attribute values as written (a Nagios directive's text, a YAML value) into the typed
 * values of the attribute table. Failures are values with a message that says what was expected.
 */
import type { CommandCall } from '../model/objects.js';
import type { AttributeKind } from './attributes.js';
import type { AttributeValue } from './definition.js';

export type Converted =
  { readonly ok: true; readonly value: AttributeValue } | { readonly ok: false; readonly error: string };

const ok = (value: AttributeValue): Converted => ({ ok: true, value });
const fail = (error: string): Converted => ({ ok: false, error });

/**
 * Splits a comma-separated list, trimming blanks and dropping empty entries. The array is
 * exactly as long as the list (lists are kept by 100,000 objects: no spare capacity).
 */
export function splitList(text: string): string[] {
  if (!text.includes(',')) {
    const item = text.trim();
    return item === '' ? [] : [item];
  }
  const out = text.split(',');
  let kept = 0;
  for (const part of out) {
    const item = part.trim();
    if (item !== '') out[kept++] = item;
  }
  out.length = kept;
  return out;
}

const NO_ARGS: readonly string[] = Object.freeze([]);

/** Parses `name!arg1!arg2` (Nagios' check_command form); `\!` is a literal `!` in an argument. */
export function parseCommandCall(text: string): CommandCall {
  if (text.includes('\\!')) return parseEscapedCommandCall(text);
  const bang = text.indexOf('!');
  if (bang === -1) return { command: text.trim(), args: NO_ARGS };
  return { command: text.slice(0, bang).trim(), args: text.slice(bang + 1).split('!') };
}

/** {@link parseCommandCall} for text with `\!` escapes. */
function parseEscapedCommandCall(text: string): CommandCall {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '!') {
      current += '!';
      i++;
    } else if (c === '!') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  const [command = '', ...args] = parts;
  return { command: command.trim(), args };
}

function checkNumber(kind: AttributeKind & { kind: 'int' | 'float' }, n: number, written: string): Converted {
  if (!Number.isFinite(n)) return fail(`expected a number, got '${written}'`);
  if (kind.kind === 'int' && !Number.isInteger(n)) return fail(`expected a whole number, got '${written}'`);
  if (kind.min !== undefined && n < kind.min) return fail(`must be at least ${kind.min}, got ${written}`);
  if (kind.kind === 'float' && kind.max !== undefined && n > kind.max)
    return fail(`must be at most ${kind.max}, got ${written}`);
  return ok(n);
}

function checkOptions(letters: string, items: readonly string[]): Converted {
  for (const item of items) {
    if (item.length !== 1 || !letters.includes(item)) {
      return fail(`unknown option '${item}' (allowed: ${letters.split('').join(', ')})`);
    }
  }
  return ok(items);
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a duration: a bare number counts `unitSeconds` (Nagios' interval_length, 60 by default),
 * or a number with `s`, `m`, `h` or `d`. Returns seconds, or `null` when it is not a duration.
 */
export function parseDuration(text: string, unitSeconds: number): number | null {
  const match = DURATION.exec(text.trim());
  if (match === null) return null;
  const unit = match[2];
  return Number(match[1]) * (unit === undefined ? unitSeconds : (UNIT_SECONDS[unit] ?? 1));
}

/** Converts the text of a Nagios directive. `intervalLength` is nagios.cfg's interval_length. */
export function fromNagios(kind: AttributeKind, text: string, intervalLength: number): Converted {
  switch (kind.kind) {
    case 'string':
      return ok(text);
    case 'name':
      if (text === '') return fail('expected a name, got nothing');
      return ok(text);
    case 'int':
    case 'float':
      if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return fail(`expected a number, got '${text}'`);
      return checkNumber(kind, Number(text), text);
    case 'bool':
      if (text === '0' || text === '1') return ok(text === '1');
      return fail(`expected 0 or 1, got '${text}'`);
    case 'interval': {
      if (!/^\d+(\.\d+)?$/.test(text)) return fail(`expected a number of time units, got '${text}'`);
      return ok(Number(text) * intervalLength);
    }
    case 'list':
      return ok(splitList(text));
    case 'options':
      return checkOptions(kind.letters, splitList(text));
    case 'command': {
      const call = parseCommandCall(text);
      if (call.command === '') return fail(`expected a command name, got '${text}'`);
      return ok(call);
    }
    case 'commands': {
      const calls = splitList(text).map(parseCommandCall);
      return ok(calls);
    }
    case 'enum':
      if (kind.values.includes(text)) return ok(text);
      return fail(`expected one of ${kind.values.join(', ')}, got '${text}'`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} '${String(value)}'`;
}

function stringsOf(value: unknown): string[] | null {
  if (typeof value === 'string') return splitList(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.map((v) => String(v).trim()).filter((v) => v !== '');
  }
  return null;
}

function commandFromYaml(value: unknown): CommandCall | null {
  if (typeof value === 'string') return parseCommandCall(value);
  // `[check_tcp, 80]`: the command then its arguments, none of them needing `!` escapes.
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    const [command, ...args] = value.map(String);
    return { command: command ?? '', args };
  }
  return null;
}

/** Converts a value read from YAML; numbers and booleans are taken as YAML types them. */
export function fromYaml(kind: AttributeKind, value: unknown): Converted {
  switch (kind.kind) {
    case 'string':
      if (typeof value === 'string') return ok(value);
      if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
      return fail(`expected text, got ${describe(value)}`);
    case 'name':
      if (typeof value === 'number') return ok(String(value));
      if (typeof value !== 'string' || value.trim() === '') return fail(`expected a name, got ${describe(value)}`);
      if (value.includes(',')) return fail(`a name cannot contain ',', got '${value}'`);
      return ok(value.trim());
    case 'int':
    case 'float':
      if (typeof value === 'number') return checkNumber(kind, value, String(value));
      return fail(`expected a number, got ${describe(value)}`);
    case 'bool':
      if (typeof value === 'boolean') return ok(value);
      return fail(`expected true or false, got ${describe(value)}`);
    case 'interval': {
      // A bare number means minutes, as in Nagios; text may carry a unit.
      const seconds =
        typeof value === 'number' ? value * 60 : typeof value === 'string' ? parseDuration(value, 60) : null;
      if (seconds === null || !Number.isFinite(seconds) || seconds < 0) {
        return fail(`expected a duration such as 30s, 5m, 1h or a number of minutes, got ${describe(value)}`);
      }
      return ok(seconds);
    }
    case 'list': {
      const items = stringsOf(value);
      return items === null ? fail(`expected a list of names, got ${describe(value)}`) : ok(items);
    }
    case 'options': {
      const items = typeof value === 'string' ? splitList(value) : stringsOf(value);
      return items === null
        ? fail(`expected option letters, got ${describe(value)}`)
        : checkOptions(kind.letters, items);
    }
    case 'command': {
      const call = commandFromYaml(value);
      if (call === null || call.command === '')
        return fail(`expected a command such as 'check_tcp!80', got ${describe(value)}`);
      return ok(call);
    }
    case 'commands': {
      const items = Array.isArray(value) ? value : typeof value === 'string' ? splitList(value) : null;
      const calls = items?.map(commandFromYaml);
      if (calls === undefined || calls.some((c) => c === null || c.command === '')) {
        return fail(`expected a list of commands, got ${describe(value)}`);
      }
      return ok(calls.filter((c): c is CommandCall => c !== null));
    }
    case 'enum':
      if (typeof value === 'string' && kind.values.includes(value)) return ok(value);
      return fail(`expected one of ${kind.values.join(', ')}, got ${describe(value)}`);
  }
}
