/**
 * Reading the arguments of a header line as Checkmk does: whitespace-separated tokens, the rest
 * of the line, and non-negative integers.
 */

/** A header argument reader: tokens separated by whitespace, then the rest of the line. */
export class Arguments {
  #rest: string;

  constructor(text: string) {
    this.#rest = text;
  }

  /** The next token, or `null` when the line has no more. */
  token(): string | null {
    const start = this.#rest.search(/[^ \t\n\v\f\r]/);
    if (start < 0) {
      this.#rest = '';
      return null;
    }
    const tail = this.#rest.slice(start);
    const end = tail.search(/[ \t\n\v\f\r]/);
    const token = end < 0 ? tail : tail.slice(0, end);
    this.#rest = end < 0 ? '' : tail.slice(end);
    return token;
  }

  /** The rest of the line without leading whitespace. */
  rest(): string {
    return this.#rest.replace(/^[ \t\n\v\f\r]+/, '');
  }
}

/** The next argument as a non-negative 32-bit integer, or the message Checkmk gives. */
export function nonNegative(args: Arguments): number | string {
  const token = args.token();
  if (token === null) return 'missing argument';
  if (!/^\d{1,10}$/.test(token) || Number(token) > 2 ** 31 - 1) return 'expected non-negative integer';
  return Number(token);
}
