/**
 * The records of the notification spool's journal and their line format. Each record is one
 * JSON line with a sequence number and a CRC-32 of the text before it:
 *
 *     {"seq":12,"rec":{"kind":"done","id":"9f2c...","at":1700000000000},"crc":"5a1c09e2"}
 *
 * Records are idempotent (applying one twice changes nothing), so a line written again after a
 * crash is harmless; the checksum finds a line cut short by a crash or damaged on disk. Pure.
 */
import {
  decodeChecksummedLine,
  encodeChecksummedLine,
  hasRecordShape,
  isJsonObject,
  type RecordShape,
} from '../../lib/checksummed-line.js';
import type { NotificationJob } from '../notification-job.js';

/** The layout of the journal; files of another layout are not read. */
export const SPOOL_LAYOUT = 1;

/** One record of the journal. */
export type SpoolRecord =
  /** First line of every journal file. */
  | { readonly kind: 'header'; readonly layout: number; readonly at: number }
  /** A notification accepted for delivery. */
  | { readonly kind: 'add'; readonly at: number; readonly job: NotificationJob }
  /** A delivery attempt failed for a reason that may pass; the next attempt is due at `nextAt`. */
  | {
      readonly kind: 'attempt';
      readonly id: string;
      readonly at: number;
      readonly attempts: number;
      readonly nextAt: number;
      readonly reason: string;
    }
  /**
   * A delivery attempt is starting (written before the method is called): a journal whose last
   * record of an id is this one was stopped during that delivery, which may have reached the receiver.
   */
  | { readonly kind: 'begin'; readonly id: string; readonly at: number }
  /** Delivered; kept as a tombstone for a while so that the same id is not accepted again. */
  | { readonly kind: 'done'; readonly id: string; readonly at: number }
  /** Failed for good (permanent failure or too old): on the dead-letter list. */
  | { readonly kind: 'dead'; readonly id: string; readonly at: number; readonly reason: string }
  /** A person asked to retry a dead notification. */
  | { readonly kind: 'retry'; readonly id: string; readonly at: number };

/** A decoded line. */
export type DecodedSpoolLine =
  | { readonly ok: true; readonly seq: number; readonly record: SpoolRecord }
  | { readonly ok: false; readonly reason: string };

/** The line (with its newline) of `record` under sequence number `seq`. */
export function encodeSpoolLine(seq: number, record: SpoolRecord): string {
  return encodeChecksummedLine(seq, record);
}

const SHAPES: Readonly<Record<SpoolRecord['kind'], RecordShape>> = {
  header: { layout: 'number', at: 'number' },
  add: { at: 'number', job: 'object' },
  attempt: { id: 'string', at: 'number', attempts: 'number', nextAt: 'number', reason: 'string' },
  begin: { id: 'string', at: 'number' },
  done: { id: 'string', at: 'number' },
  dead: { id: 'string', at: 'number', reason: 'string' },
  retry: { id: 'string', at: 'number' },
};

const JOB_SHAPE: RecordShape = {
  id: 'string',
  createdAt: 'number',
  contact: 'string',
  what: 'string',
  method: 'object',
  macros: 'object',
};

/** Decodes one line (without its newline), verifying the checksum and the record's shape. */
export function decodeSpoolLine(line: string): DecodedSpoolLine {
  const decoded = decodeChecksummedLine(line, 'spool');
  if (!decoded.ok) return decoded;
  const rec = decoded.record;
  const kind = rec.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(SHAPES, kind)) return { ok: false, reason: 'unknown record' };
  const shape = SHAPES[kind as SpoolRecord['kind']];
  if (!hasRecordShape(rec, shape)) return { ok: false, reason: `record ${kind} lacks fields` };
  if (kind === 'add' && !(isJsonObject(rec.job) && hasRecordShape(rec.job, JOB_SHAPE))) {
    return { ok: false, reason: 'notification lacks fields' };
  }
  // The shape is checked above; the values inside were written by this code.
  return { ok: true, seq: decoded.seq, record: rec as unknown as SpoolRecord };
}
