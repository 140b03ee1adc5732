/**
 * The records of the notification spool's journal and their line format. Each record is one
 * JSON line with a sequence number and a CRC-32 of the text before it:
 *
 *     {"seq":12,"rec":{"kind":"done","id":"9f2c...","at":1700000000000},"crc":"5a1c09e2"}
 *
 * Records are idempotent (applying one twice changes nothing), so a line written again after a
 * crash is harmless; the checksum finds a line cut short by a crash or damaged on disk. Pure.
 */
import { crc32 } from 'node:zlib';
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

const CRC_SUFFIX_LENGTH = 18;
const CRC_SUFFIX = /,"crc":"([0-9a-f]{8})"\}$/;

const hex = (value: number): string => value.toString(16).padStart(8, '0');

/** The line (with its newline) of `record` under sequence number `seq`. */
export function encodeSpoolLine(seq: number, record: SpoolRecord): string {
  const body = `{"seq":${seq},"rec":${JSON.stringify(record)}`;
  return `${body},"crc":"${hex(crc32(body))}"}\n`;
}

type Shape = Readonly<Record<string, 'number' | 'string' | 'object'>>;

const SHAPES: Readonly<Record<SpoolRecord['kind'], Shape>> = {
  header: { layout: 'number', at: 'number' },
  add: { at: 'number', job: 'object' },
  attempt: { id: 'string', at: 'number', attempts: 'number', nextAt: 'number', reason: 'string' },
  begin: { id: 'string', at: 'number' },
  done: { id: 'string', at: 'number' },
  dead: { id: 'string', at: 'number', reason: 'string' },
  retry: { id: 'string', at: 'number' },
};

const JOB_SHAPE: Shape = {
  id: 'string',
  createdAt: 'number',
  contact: 'string',
  what: 'string',
  method: 'object',
  macros: 'object',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasShape(value: Record<string, unknown>, shape: Shape): boolean {
  return Object.entries(shape).every(([field, type]) =>
    type === 'object' ? isObject(value[field]) : typeof value[field] === type,
  );
}

/** Decodes one line (without its newline), verifying the checksum and the record's shape. */
export function decodeSpoolLine(line: string): DecodedSpoolLine {
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
  if (!isObject(parsed) || !Number.isSafeInteger(parsed.seq) || !isObject(parsed.rec)) {
    return { ok: false, reason: 'not a spool line' };
  }
  const rec = parsed.rec;
  const kind = rec.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(SHAPES, kind)) return { ok: false, reason: 'unknown record' };
  const shape = SHAPES[kind as SpoolRecord['kind']];
  if (!hasShape(rec, shape)) return { ok: false, reason: `record ${kind} lacks fields` };
  if (kind === 'add' && !(isObject(rec.job) && hasShape(rec.job, JOB_SHAPE))) {
    return { ok: false, reason: 'notification lacks fields' };
  }
  // The shape is checked above; the values inside were written by this code.
  return { ok: true, seq: parsed.seq as number, record: rec as unknown as SpoolRecord };
}
