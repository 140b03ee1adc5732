/**
 * Reads the lines of one retention file up to the first line that cannot be trusted. Pure.
 */
import { decodeLine, type RetentionRecord } from './retention-record.js';

/** Why reading stopped before the end of a file. */
export interface LineProblem {
  /** 1-based line number. */
  readonly line: number;
  readonly reason: string;
  /**
   * The file ends in a line without its newline: a write cut short by a crash. Expected after
   * `kill -9`; everything before it is sound. Otherwise the file is damaged.
   */
  readonly torn: boolean;
}

/** A sound line. */
export interface RetentionLine {
  readonly seq: number;
  readonly record: RetentionRecord;
}

/** The sound lines of a file, and why reading stopped early (`null` when it read to the end). */
export interface ParsedLines {
  readonly lines: readonly RetentionLine[];
  readonly problem: LineProblem | null;
}

/**
 * Parses `text` whose first line must carry sequence number `firstSeq` and each next line the
 * next number. Stops at the first line that is torn, fails its checksum, or is out of sequence.
 */
export function parseLines(text: string, firstSeq: number): ParsedLines {
  const lines: RetentionLine[] = [];
  let start = 0;
  while (start < text.length) {
    const lineNumber = lines.length + 1;
    const end = text.indexOf('\n', start);
    if (end < 0) {
      return { lines, problem: { line: lineNumber, reason: 'the last line has no end (torn write)', torn: true } };
    }
    const decoded = decodeLine(text.slice(start, end));
    if (!decoded.ok) return { lines, problem: { line: lineNumber, reason: decoded.reason, torn: false } };
    const expected = firstSeq + lines.length;
    if (decoded.seq !== expected) {
      const reason = `sequence number ${decoded.seq} where ${expected} was expected`;
      return { lines, problem: { line: lineNumber, reason, torn: false } };
    }
    lines.push({ seq: decoded.seq, record: decoded.record });
    start = end + 1;
  }
  return { lines, problem: null };
}
