/**
 * A failed Livestatus request as a value: Checkmk's status code and the text the client sees.
 */

/**
 * The status codes of `ResponseHeader: fixed16`, as Checkmk uses them: 400 bad request (headers,
 * columns, operators, regular expressions), 404 unknown table, 413 answer too large or time limit
 * exceeded, 451 incomplete request (connection closed mid-line, line or request too long, timeout),
 * 452 invalid request (method, missing table, Wait* problems). 403 is Watchpost's: a TCP
 * connection without the right shared secret, and a COMMAND that `AuthUser` may not send.
 */
export type ErrorCode = 400 | 403 | 404 | 413 | 451 | 452;

/** Why a request was not answered with data. */
export interface LivestatusError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** An error value with `code` and `message`. */
export function livestatusError(code: ErrorCode, message: string): LivestatusError {
  return Object.freeze({ code, message });
}

/** Messages quote client input; a quoted piece never makes a message longer than this. */
const MAX_QUOTED = 120;

/**
 * Client text for a message: shortened, so that a hostile request cannot make huge answers, and
 * with control characters shown as `?`, so that it cannot break the answer's framing.
 */
export function quoted(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\x00-\x1f\x7f]/g, '?');
  return clean.length <= MAX_QUOTED ? clean : `${clean.slice(0, MAX_QUOTED)}...`;
}
