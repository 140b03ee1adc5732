/**
 * The line format of the site's journals (retention, notification spool): one JSON record per
 * line with a sequence number and a CRC-32 of the text before the checksum,
 *
 *     {"seq":41,"rec":{"kind":"comment-gone","id":7},"crc":"5a1c09e2"}
 *
 * The checksum finds a line that is cut short or damaged; the sequence number finds a line that
 * is missing. The record's own shape is the journal's to check. Pure.
 */
import { crc32 } from 'node:zlib';

/** A record as read back: a `kind` and fields whose types the journal checks. */
export type RecordFields = Readonly<Record<string, unknown>>;

/** The fields a kind of record must have, and their JSON types. */
export type RecordShape = Readonly<Record<string, 'number' | 'string' | 'object'>>;

/** A decoded line: its sequence number and its record, or why it cannot be read. */
export type DecodedChecksummedLine =
  | { readonly ok: true; readonly seq: number; readonly record: RecordFields }
  | { readonly ok: false; readonly reason: string };

// `,"crc":"` + 8 hex digits + `"}`
const CRC_SUFFIX_LENGTH = 18;
const CRC_SUFFIX = /,"crc":"([0-9a-f]{8})"\}$/;

const hex = (value: number): string => value.toString(16).padStart(8, '0');

/** The line (with its newline) of `record` under sequence number `seq`. */
export function encodeChecksummedLine(seq: number, record: unknown): string {
  const body = `{"seq":${seq},"rec":${JSON.stringify(record)}`;
  return `${body},"crc":"${hex(crc32(body))}"}\n`;
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `fields` has every field of `shape` with its type. */
export function hasRecordShape(fields: RecordFields, shape: RecordShape): boolean {
  return Object.entries(shape).every(([field, type]) =>
    type === 'object' ? isJsonObject(fields[field]) : typeof fields[field] === type,
  );
}

/**
 * Decodes one line (without its newline), verifying the checksum; `what` names the journal in
 * the reason of a line that is JSON with a valid checksum but no record ("not a spool line").
 */
export function decodeChecksummedLine(line: string, what: string): DecodedChecksummedLine {
  const match = CRC_SUFFIX.exec(line);
  if (match === null) return { ok: false, reason: 'no checksum at the end of the line' };
  const body = line.slice(0, line.length - CRC_SUFFIX_LENGTH);
  if (hex(crc32(body)) !== match[1]) return { ok: false, reason: 'checksum mismatch' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(`${body}}`);
  } catch {
    return { ok: false, reason: 'not JSON although the checksum matches' };
  }
  if (!isJsonObject(parsed) || !Number.isSafeInteger(parsed.seq) || !isJsonObject(parsed.rec)) {
    return { ok: false, reason: `not a ${what} line` };
  }
  return { ok: true, seq: parsed.seq as number, record: parsed.rec };
}
