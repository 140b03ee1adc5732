/**
 * The spool's file in `var/notify/`: `spool.journal`, an append-only journal of
 * {@link SpoolRecord} lines. Batches are appended and fsync'd; the file is compacted by writing
 * the live records to `spool.journal.tmp`, fsyncing it, renaming it over the journal and
 * fsyncing the directory, so that a crash at any moment leaves either the old or the new file
 * whole. A line cut short by a crash (the tail) is dropped when the file is read; a damaged
 * line elsewhere is reported and a copy of the file kept as `spool.journal.corrupt-<time>`.
 *
 * Contract: calls to `append` and `compact` are not overlapped (the spool serialises them); a
 * failed write or fsync leaves the journal unusable (after a failed fsync the kernel may have
 * dropped the data, and a second fsync could report success for lost data).
 */
import { copyFile, mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
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

/** The journal open for appending. */
export interface SpoolJournal {
  /** Bytes in the file. */
  readonly bytes: number;
  /** Lines appended since the last compaction. */
  readonly appended: number;
  /** Appends `records` and fsyncs them; rejects when writing fails. */
  append(records: readonly SpoolRecord[]): Promise<void>;
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

  const rewrite = async (all: Iterable<SpoolRecord>, now: number): Promise<FileHandle> => {
    const temp = join(dir, TEMP_FILE);
    await rm(temp, { force: true });
    const out = await open(temp, 'wx', 0o600);
    try {
      seq = 0;
      let chunk = encodeSpoolLine(seq++, { kind: 'header', layout: SPOOL_LAYOUT, at: now });
      let size = 0;
      for (const record of all) {
        chunk += encodeSpoolLine(seq++, record);
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
      bytes = size;
      appended = 0;
    } finally {
      await out.close();
    }
    await rename(temp, join(dir, SPOOL_FILE));
    await syncDirectory(dir);
    return open(join(dir, SPOOL_FILE), 'a');
  };

  let handle = await rewrite(records, at);
  return {
    get bytes() {
      return bytes;
    },
    get appended() {
      return appended;
    },
    async append(list) {
      if (failed !== null) throw failed;
      if (list.length === 0) return;
      try {
        const data = Buffer.from(list.map((record) => encodeSpoolLine(seq++, record)).join(''));
        await writeAll(handle, data);
        await handle.datasync();
        bytes += data.length;
        appended += list.length;
      } catch (error) {
        failed = error;
        throw error;
      }
    },
    async compact(all, now) {
      if (failed !== null) throw failed;
      try {
        const next = await rewrite(all, now);
        await handle.close();
        handle = next;
      } catch (error) {
        failed = error;
        throw error;
      }
    },
    close: () => handle.close(),
  };
}
