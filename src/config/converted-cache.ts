/**
 * Converted attribute values by kind and text, so that objects writing the same text share one
 * value: the ten services of a host naming it share one host list, 10,000 services running the
 * same check share one command call. Values are read-only, so sharing is safe.
 *
 * A kind whose texts hardly repeat (names of 100,000 groups, say) is given up: looking up and
 * remembering each text would then cost time and memory and save nothing.
 */
import type { Converted } from './attribute-value.js';
import type { AttributeKind } from './attributes.js';

/** Longer texts are converted each time: hashing long texts costs more than sharing saves. */
const MAX_SHARED_TEXT = 256;
/**
 * Once a kind has this many distinct texts, it is kept only if texts were found again half as
 * often. Texts that repeat (check periods, host lists, commands) show it within the first
 * thousand; a longer trial only costs a map entry for each of thousands of host names, which
 * took some 15 ms of a 10,000-host load.
 */
const TRIAL_SIZE = 1024;

/** The texts of one kind and how often one was found again; `null` once given up. */
interface KindTexts {
  texts: Map<string, Converted> | null;
  hits: number;
}

/** The converted values of one reading, by kind and text. */
export class ConvertedCache {
  readonly #byKind = new Map<AttributeKind, KindTexts>();

  /** The value of `text` as `kind`: `convert(kind, text)` once per distinct text while sharing pays. */
  get(kind: AttributeKind, text: string, convert: (kind: AttributeKind, text: string) => Converted): Converted {
    if (text.length > MAX_SHARED_TEXT) return convert(kind, text);
    let known = this.#byKind.get(kind);
    if (known === undefined) {
      known = { texts: new Map(), hits: 0 };
      this.#byKind.set(kind, known);
    }
    const texts = known.texts;
    if (texts === null) return convert(kind, text);
    const found = texts.get(text);
    if (found !== undefined) {
      known.hits++;
      return found;
    }
    const converted = convert(kind, text);
    texts.set(text, converted);
    if (texts.size === TRIAL_SIZE && known.hits < TRIAL_SIZE / 2) known.texts = null;
    return converted;
  }
}
