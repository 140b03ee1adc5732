/**
 * Reads the `key=value` parameters of a native check into typed values, collecting every problem
 * (unknown key, bad number, bad boolean) instead of stopping at the first, so one UNKNOWN result
 * can name them all.
 */
import { didYouMean } from '../../lib/did-you-mean.js';
import type { NativeParameters } from './native-check.js';
import type { ResponseTimeLimits } from './response-time.js';

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

/** A reader over one check's parameters; `problems` lists what could not be read. */
export class ParameterReader {
  readonly problems: string[] = [];
  private readonly used = new Set<string>();

  constructor(private readonly parameters: NativeParameters) {}

  /** A text parameter, or `fallback` when it is not given. */
  text<T extends string | null>(name: string, fallback: T): string | T {
    this.used.add(name);
    return this.parameters.get(name) ?? fallback;
  }

  /** A text parameter that must be given and not empty. */
  required(name: string): string {
    const value = this.text(name, null);
    if (value === null || value === '') {
      this.problems.push(`parameter "${name}" is required`);
      return '';
    }
    return value;
  }

  /** A boolean: true/yes/on/1 or false/no/off/0, any case. */
  flag(name: string, fallback: boolean): boolean {
    const value = this.text(name, null);
    if (value === null) return fallback;
    const word = value.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    this.problems.push(`parameter "${name}" must be true or false, not "${value}"`);
    return fallback;
  }

  /** A whole number within `min..max`. */
  integer(name: string, fallback: number | null, min: number, max: number): number | null {
    const value = this.text(name, null);
    if (value === null) return fallback;
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`parameter "${name}" must be a whole number from ${min} to ${max}, not "${value}"`);
      return fallback;
    }
    return Number(value);
  }

  /** A TCP or UDP port; required when `fallback` is `null`. */
  port(name: string, fallback: number | null): number {
    const port = this.integer(name, fallback, 1, 65535);
    if (port === null) {
      if (!this.parameters.has(name)) this.problems.push(`parameter "${name}" is required`);
      return 0;
    }
    return port;
  }

  /** A non-negative number of seconds, decimals allowed. */
  seconds(name: string): number | null {
    const value = this.text(name, null);
    if (value === null || value === '') return null;
    if (!/^\d+(?:\.\d+)?$/.test(value)) {
      this.problems.push(`parameter "${name}" must be a number of seconds, not "${value}"`);
      return null;
    }
    return Number(value);
  }

  /** The `warning` and `critical` response times, in seconds. */
  responseTimeLimits(): ResponseTimeLimits {
    return { warning: this.seconds('warning'), critical: this.seconds('critical') };
  }

  /**
   * Adds a problem for every given parameter no reader asked for: a misspelt key would otherwise
   * silently fall back to its default. Call after reading everything.
   */
  rejectUnknown(): void {
    for (const name of this.parameters.keys()) {
      if (!this.used.has(name)) {
        this.problems.push(`unknown parameter "${name}"${didYouMean(name, this.used)}`);
      }
    }
  }
}

/** Text with the escapes `\r`, `\n`, `\t` and `\\` turned into the characters, as check_tcp reads `-s`. */
export function unescapeText(text: string): string {
  return text.replace(/\\([rnt\\])/g, (_match, letter: string) =>
    letter === 'r' ? '\r' : letter === 'n' ? '\n' : letter === 't' ? '\t' : '\\',
  );
}
