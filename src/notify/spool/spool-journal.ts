/**
 * The spool's file in `var/notify/`: `spool.journal`, an append-only journal of
 * {@link SpoolRecord} lines. Batches are appended and fsync'd; a record that must survive a
 * kill of the process the instant after (the outcome of a delivery) is written at once with a
 * synchronous write(2) (`appendNow`), which the kernel keeps through SIGKILL, and fsync'd with
 * the next batch (only a power loss needs the fsync). The file is compacted by writing
 * the live records to `spool.journal.tmp`, fsyncing it, renaming it over the journal and
 * fsyncing the directory, so that a crash at any moment leaves either the old or the new file
 * whole. A line cut short by a crash (the tail) is dropped when the file is read; a damaged
 * line elsewhere is reported and a copy of the file kept as `spool.journal.corrupt-<time>`.
 *
 * Contract: calls to `append` and `compact` are not overlapped (the spool serialises them); a
 * failed write or fsync leaves the journal unusable (after a failed fsync the kernel may have
 * dropped the data, and a second fsync could report success for lost data).
 */
import { renameSync, writeSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSpoolLine, encodeSpoolLine, SPOOL_LAYOUT, type SpoolRecord } from './spool-record.js';

/** The journal's file name. */
export const SPOOL_FILE = 'spool.journal';
const TEMP_FILE = 'spool.journal.tmp';

/** What reading the journal found. */
export interface SpoolJournalContents {
  readonly records: readonly SpoolRecord[];
  /** Damaged lines and the like, for the daemon log. */
  readonly problems: readonly string[];
}

/** A record encoded for {@link SpoolJournal.appendNow}. */
export interface PreparedLine {
  readonly data: Buffer;
}

/** The journal open for appending. */
export interface SpoolJournal {
  /** Bytes in the file. */
  readonly bytes: number;
  /** Lines appended since the last compaction. */
  readonly appended: number;
  /** Appends `records` and fsyncs them with whatever `appendNow` wrote since the last fsync; rejects when writing fails. */
  append(records: readonly SpoolRecord[]): Promise<void>;
  /**
   * Writes `record` now, with one synchronous write(2) before returning, without fsync (the next
   * `append` fsyncs it); may be called at any time, also while `append` or `compact` runs. Throws
   * when writing fails.
   */
  appendNow(record: SpoolRecord | PreparedLine): void;
  /** Encodes `records` ahead of time, so that `appendNow` of the result does nothing but one write. */
  prepare(records: readonly SpoolRecord[]): PreparedLine;
  /** Replaces the file by one holding just `records`, atomically and durably. */
  compact(records: Iterable<SpoolRecord>, at: number): Promise<void>;
  close(): Promise<void>;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes all of `data` to `fd` with write(2) before returning (a write may be short). */
export function writeAllNow(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done);
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    done += bytesWritten;
  }
}

/** Reads the journal in `dir`; a missing file is an empty spool. */
export async function readSpoolJournal(dir: string, now: number): Promise<SpoolJournalContents> {
  let text: string;
  try {
    text = await readFile(join(dir, SPOOL_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], problems: [] };
    throw error;
  }
  const lines = text.split('\n');
  // The text after the last newline is a line a crash cut short (or nothing).
  const torn = lines.pop() ?? '';
  const problems: string[] = [];
  if (torn !== '') problems.push('the last line was cut short (a crash while writing); it is dropped');
  const records: SpoolRecord[] = [];
  let damaged = 0;
  lines.forEach((line, index) => {
    const decoded = decodeSpoolLine(line);
    if (!decoded.ok) {
      damaged++;
      problems.push(`line ${index + 1}: ${decoded.reason}; skipped`);
    } else if (decoded.record.kind === 'header' && decoded.record.layout !== SPOOL_LAYOUT) {
      throw new Error(`${SPOOL_FILE} has layout ${decoded.record.layout}, this version reads ${SPOOL_LAYOUT}`);
    } else {
      records.push(decoded.record);
    }
  });
  if (damaged > 0) {
    const copy = `${SPOOL_FILE}.corrupt-${new Date(now).toISOString().replaceAll(':', '-')}`;
    await copyFile(join(dir, SPOOL_FILE), join(dir, copy));
    problems.push(`${damaged} damaged line(s); the file as found is kept as ${copy}`);
  }
  return { records, problems };
}

/** Writes `records` as the whole journal in `dir` (creating `dir`) and opens it for appending. */
export async function createSpoolJournal(
  dir: string,
  records: Iterable<SpoolRecord>,
  at: number,
): Promise<SpoolJournal> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let seq = 0;
  let bytes = 0;
  let appended = 0;
  let failed: unknown = null;
  /** While a compaction runs: the lines `appendNow` wrote to the old file, which the new file must hold too. */
  let writtenDuringCompaction: Buffer[] | null = null;

  // The new file is opened for appending (O_APPEND) before it is renamed, and kept open: the
  // lines written meanwhile are copied into it and the rename happens in the same synchronous
  // step, so no moment exists at which a record written with `appendNow` is in neither file.
  let handle: FileHandle | null = null;
  const current = (): FileHandle => {
    if (handle === null) throw new Error('the notification spool journal is not open');
    return handle;
  };
  const rewrite = async (all: Iterable<SpoolRecord>, now: number): Promise<void> => {
    const temp = join(dir, TEMP_FILE);
    await rm(temp, { force: true });
    const out = await open(temp, 'ax', 0o600);
    try {
      let lines = 0;
      let chunk = encodeSpoolLine(lines++, { kind: 'header', layout: SPOOL_LAYOUT, at: now });
      let size = 0;
      for (const record of all) {
        chunk += encodeSpoolLine(lines++, record);
        if (chunk.length > 1 << 20) {
          const data = Buffer.from(chunk);
          await writeAll(out, data);
          size += data.length;
          chunk = '';
        }
      }
      const data = Buffer.from(chunk);
      await writeAll(out, data);
      size += data.length;
      await out.sync();
      for (const line of writtenDuringCompaction ?? []) {
        writeAllNow(out.fd, line);
        size += line.length;
      }
      renameSync(temp, join(dir, SPOOL_FILE));
      const old = handle;
      handle = out;
      writtenDuringCompaction = null;
      void old?.close().catch(() => undefined);
      seq = Math.max(seq, lines);
      bytes = size;
      appended = 0;
    } catch (error) {
      await out.close();
      throw error;
    }
    await syncDirectory(dir);
  };

  writtenDuringCompaction = [];
  await rewrite(records, at);
  return {
    get bytes() {
      return bytes;
    },
    get appended() {
      return appended;
    },
    async append(list) {
      if (failed !== null) throw failed;
      try {
        if (list.length > 0) {
          const data = Buffer.from(list.map((record) => encodeSpoolLine(seq++, record)).join(''));
          await writeAll(current(), data);
          bytes += data.length;
          appended += list.length;
        }
        await current().datasync();
      } catch (error) {
        failed = error;
        throw error;
      }
    },
    prepare: (list) => ({ data: Buffer.from(list.map((record) => encodeSpoolLine(seq++, record)).join('')) }),
    appendNow(record) {
      if (failed !== null) throw failed;
      try {
        const data = 'data' in record ? record.data : Buffer.from(encodeSpoolLine(seq++, record));
        writeAllNow(current().fd, data);
        writtenDuringCompaction?.push(data);
        bytes += data.length;
        appended += 1;
      } catch (error) {
        failed = error;
        throw error;
      }
    },
    async compact(all, now) {
      if (failed !== null) throw failed;
      writtenDuringCompaction = [];
      try {
        await rewrite(all, now);
      } catch (error) {
        writtenDuringCompaction = null;
        failed = error;
        throw error;
      }
    },
    close: () => current().close(),
  };
}
