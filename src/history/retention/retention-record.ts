/**
 * The records of the retention files and their line format. A record is one piece of retained
 * state as a full value (an object's status, a downtime, a comment, the global switch changes,
 * the id counters) or its removal, so that applying a record twice changes nothing and the last
 * record of a thing wins. Each record is one JSON line with a sequence number and a CRC-32 of
 * the text before it:
 *
 *     {"seq":41,"rec":{"kind":"comment-gone","id":7},"crc":"5a1c09e2"}
 *
 * The checksum finds a line that is cut short or damaged; the sequence number finds a line that
 * is missing. Pure.
 */
import {
  decodeChecksummedLine,
  encodeChecksummedLine,
  hasRecordShape,
  type RecordShape,
} from '../../lib/checksummed-line.js';
import type { Comment } from '../../model/comment.js';
import type { Downtime } from '../../model/downtime.js';
import type { SwitchOverrides } from '../../model/master-control.js';
import { SNAPSHOT_VERSION } from '../../model/monitoring-snapshot.js';
import type { ObjectStatus } from '../../model/object-status.js';

/** The layout of the retained values; files written with another are not read. */
export const RETENTION_LAYOUT = SNAPSHOT_VERSION;

/** One record of a retention file. */
export type RetentionRecord =
  /** First line of the snapshot file: the journal lines up to `journalSeq` are in it. */
  | { readonly kind: 'snapshot'; readonly layout: number; readonly at: number; readonly journalSeq: number }
  /** Last line of the snapshot file, with the number of records between the first and it. */
  | { readonly kind: 'end'; readonly records: number }
  /** First line of a journal segment. */
  | { readonly kind: 'segment'; readonly layout: number; readonly at: number }
  /** Closes a batch of journal records: a batch counts only with its commit. */
  | { readonly kind: 'commit'; readonly at: number }
  | { readonly kind: 'status'; readonly status: ObjectStatus }
  | { readonly kind: 'downtime'; readonly downtime: Downtime }
  | { readonly kind: 'downtime-gone'; readonly id: number }
  | { readonly kind: 'comment'; readonly comment: Comment }
  | { readonly kind: 'comment-gone'; readonly id: number }
  | { readonly kind: 'globals'; readonly overrides: SwitchOverrides }
  | { readonly kind: 'counters'; readonly nextDowntimeId: number; readonly nextCommentId: number };

/** A decoded line. */
export type DecodedLine =
  | { readonly ok: true; readonly seq: number; readonly record: RetentionRecord }
  | { readonly ok: false; readonly reason: string };

/** The line (with its newline) of record `record` under sequence number `seq`. */
export function encodeLine(seq: number, record: RetentionRecord): string {
  return encodeChecksummedLine(seq, record);
}

/** The fields each kind must have, checked after the checksum (a file of another version, or a bug). */
const SHAPES: Readonly<Record<RetentionRecord['kind'], RecordShape>> = {
  snapshot: { layout: 'number', at: 'number', journalSeq: 'number' },
  end: { records: 'number' },
  segment: { layout: 'number', at: 'number' },
  commit: { at: 'number' },
  status: { status: 'object' },
  downtime: { downtime: 'object' },
  'downtime-gone': { id: 'number' },
  comment: { comment: 'object' },
  'comment-gone': { id: 'number' },
  globals: { overrides: 'object' },
  counters: { nextDowntimeId: 'number', nextCommentId: 'number' },
};

function isKind(kind: unknown): kind is RetentionRecord['kind'] {
  return typeof kind === 'string' && Object.hasOwn(SHAPES, kind);
}

/** Decodes one line (without its newline), verifying the checksum and the record's shape. */
export function decodeLine(line: string): DecodedLine {
  const decoded = decodeChecksummedLine(line, 'retention');
  if (!decoded.ok) return decoded;
  const record = decoded.record;
  if (!isKind(record.kind) || !hasRecordShape(record, SHAPES[record.kind])) {
    return { ok: false, reason: `unknown record ${JSON.stringify(record.kind)} or missing fields` };
  }
  // The shape is checked above; the values inside are the engine's own, written by this code.
  return { ok: true, seq: decoded.seq, record: record as unknown as RetentionRecord };
}
