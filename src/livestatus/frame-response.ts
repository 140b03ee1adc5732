/**
 * Frames an answer: with `ResponseHeader: fixed16` a 16-byte header (`%03d %11d\n`: status
 * code, space, body length right-aligned in 11 columns, newline) precedes the body.
 */
import type { LivestatusError } from './livestatus-error.js';
import { byteLengthOf, type AnswerText } from './render-result.js';

/** The 16-byte header for a body of `length` bytes. */
export function fixed16Header(code: number, length: number): string {
  return `${String(code).padStart(3, '0')} ${String(length).padStart(11, ' ')}\n`;
}

/** A successful answer. */
export function frameBody(body: AnswerText, fixed16: boolean): AnswerText {
  if (!fixed16) return body;
  const header = fixed16Header(200, byteLengthOf(body));
  return typeof body === 'string' ? header + body : [header, ...body];
}

/**
 * A failed answer: the message and a newline, after the header with the error's code. Without
 * fixed16 Checkmk sends whatever data it had (often nothing, sometimes unfiltered rows);
 * Watchpost sends the message, as Naemon does, so that a person at a terminal sees the reason.
 */
export function frameError(error: LivestatusError, fixed16: boolean): string {
  const body = `${error.message}\n`;
  return fixed16 ? fixed16Header(error.code, Buffer.byteLength(body)) + body : body;
}
