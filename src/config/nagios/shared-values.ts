/**
 * Converted directive values shared across one reading: each distinct text of a kind is
 * converted once, and objects writing the same text (the ten services of a host naming it,
 * 10,000 services running check_ping with the same thresholds) share the one value instead of
 * each keeping a copy. Values are read-only, so sharing is safe; a failure is reported by the
 * caller at each place the text is written.
 */
import type { AttributeKind } from '../attributes.js';
import { fromNagios } from '../attribute-value.js';
import type { Converted } from '../attribute-value.js';

/** Longer texts are converted each time: hashing long texts costs more than sharing saves. */
const MAX_SHARED_TEXT = 256;

/** The converted values of one reading, by kind and text. */
export class SharedValues {
  readonly #intervalLength: number;
  readonly #byKind = new Map<AttributeKind, Map<string, Converted>>();

  /** `intervalLength` is nagios.cfg's interval_length: the seconds of one interval unit. */
  constructor(intervalLength: number) {
    this.#intervalLength = intervalLength;
  }

  /** The value of `text` as `kind`, converted once per distinct text. */
  convert(kind: AttributeKind, text: string): Converted {
    if (text.length > MAX_SHARED_TEXT) return fromNagios(kind, text, this.#intervalLength);
    let known = this.#byKind.get(kind);
    if (known === undefined) {
      known = new Map();
      this.#byKind.set(kind, known);
    }
    let converted = known.get(text);
    if (converted === undefined) {
      converted = fromNagios(kind, text, this.#intervalLength);
      known.set(text, converted);
    }
    return converted;
  }
}
