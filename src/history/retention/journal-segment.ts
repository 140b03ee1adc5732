/**
 * One journal segment open for appending: batches of lines written and fsync'd one at a time.
 *
 * Contract: `append` calls are not overlapped (the caller serialises them); a failed write or
 * fsync leaves the segment unusable, because after a failed fsync the kernel may have dropped
 * the data and a second fsync could report success for lost data (PostgreSQL's "fsyncgate").
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeLine, RETENTION_LAYOUT } from './retention-record.js';
import { segmentFile, syncDirectory, writeAll } from './retention-files.js';

/** An open journal segment. */
export interface JournalSegment {
  readonly firstSeq: number;
  /** Bytes written so far. */
  readonly bytes: number;
  /** Writes `text` (whole lines) at the end and fsyncs it; rejects when either fails. */
  append(text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates segment `firstSeq` in `dir` with its first line (sequence number `firstSeq`) durable,
 * its directory entry included.
 */
export async function createSegment(dir: string, firstSeq: number, at: number): Promise<JournalSegment> {
  const handle: FileHandle = await open(join(dir, segmentFile(firstSeq)), 'wx', 0o600);
  let bytes = 0;
  let failed: unknown = null;
  const append = async (text: string): Promise<void> => {
    if (failed !== null) throw failed;
    try {
      const data = Buffer.from(text);
      await writeAll(handle, data, bytes);
      bytes += data.length;
      await handle.datasync();
    } catch (error) {
      failed = error;
      throw error;
    }
  };
  try {
    await append(encodeLine(firstSeq, { kind: 'segment', layout: RETENTION_LAYOUT, at }));
    await syncDirectory(dir);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  return {
    firstSeq,
    get bytes() {
      return bytes;
    },
    append,
    close: () => handle.close(),
  };
}
