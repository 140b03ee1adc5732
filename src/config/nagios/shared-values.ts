/**
 * Converted directive values shared across one reading (see {@link ConvertedCache}): objects
 * writing the same text share the one value instead of each keeping a copy. A failure is
 * reported by the caller at each place the text is written.
 *
 * Kept values are copies, not substrings of the file's text: V8 shares the characters of a
 * substring of 13 characters or more with the text it was cut from, so one kept alias or
 * command line would keep a 24 MB file alive as long as the configuration runs.
 */
import type { AttributeKind } from '../attributes.js';
import { fromNagios } from '../attribute-value.js';
import type { Converted } from '../attribute-value.js';
import type { AttributeValue } from '../definition.js';
import type { CommandCall } from '../../model/objects.js';
import { ConvertedCache } from '../converted-cache.js';

/** V8 copies substrings shorter than this; longer ones share the characters of their text. */
const SHARED_SUBSTRING_LENGTH = 13;

/** `text` as a string of its own, not sharing the characters of a larger text. */
export function ownCopy(text: string): string {
  return text.length < SHARED_SUBSTRING_LENGTH ? text : Buffer.from(text, 'utf8').toString('utf8');
}

function ownCall(call: CommandCall): CommandCall {
  return { command: ownCopy(call.command), args: call.args.map(ownCopy) };
}

function isText(value: string | CommandCall): value is string {
  return typeof value === 'string';
}

function isCall(value: string | CommandCall): value is CommandCall {
  return typeof value !== 'string';
}

/** `value` with each of its strings a copy of its own (see {@link ownCopy}); lists keep their exact length. */
function ownValue(value: AttributeValue): AttributeValue {
  if (typeof value === 'string') return ownCopy(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if ('command' in value) return ownCall(value);
  const items: readonly (string | CommandCall)[] = value;
  return items.every(isText) ? items.map(ownCopy) : items.filter(isCall).map(ownCall);
}

/** {@link fromNagios} with the value's strings copied (see {@link ownCopy}). */
function convertOwn(kind: AttributeKind, text: string, intervalLength: number): Converted {
  const converted = fromNagios(kind, text, intervalLength);
  return converted.ok ? { ok: true, value: ownValue(converted.value) } : converted;
}

/** The converted values of one reading, by kind and text. */
export class SharedValues {
  readonly #cache = new ConvertedCache();
  readonly #convert: (kind: AttributeKind, text: string) => Converted;

  /** `intervalLength` is nagios.cfg's interval_length: the seconds of one interval unit. */
  constructor(intervalLength: number) {
    this.#convert = (kind, text) => convertOwn(kind, text, intervalLength);
  }

  /** The value of `text` as `kind`, converted once per distinct text while texts repeat. */
  convert(kind: AttributeKind, text: string): Converted {
    return this.#cache.get(kind, text, this.#convert);
  }
}
