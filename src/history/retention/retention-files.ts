/**
 * The files of retention in a site's `var/` directory, and the durable ways of writing them:
 *
 * - `retention.snapshot`: the whole retained state, written to `retention.snapshot.tmp`,
 *   fsync'd, renamed over the old one, and the directory fsync'd (a rename alone is atomic but
 *   not durable).
 * - `retention.journal.<n>`: a journal segment whose first line has sequence number `n`;
 *   batches are appended and fsync'd. A snapshot holds the journal up to some number; the
 *   segments after it are replayed on top, older ones are deleted once a newer snapshot is safe.
 * - `*.corrupt-<time>`: a file that failed verification, kept aside for a person to look at.
 *
 * New files are created exclusively (`wx`), so that a file planted in `var/` (a symlink to
 * somewhere else) is never written through.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeLine, RETENTION_LAYOUT } from './retention-record.js';
import { snapshotRecordCount, snapshotRecords } from './retained-state.js';
import type { MonitoringSnapshot } from '../../model/monitoring-snapshot.js';

/** The snapshot file's name. */
export const SNAPSHOT_FILE = 'retention.snapshot';
/** Where a snapshot is written before it is renamed into place. */
export const SNAPSHOT_TEMP_FILE = 'retention.snapshot.tmp';
const SEGMENT_PREFIX = 'retention.journal.';

/** The name of the journal segment starting at sequence number `firstSeq`. */
export function segmentFile(firstSeq: number): string {
  return `${SEGMENT_PREFIX}${firstSeq}`;
}

/** The first sequence number of a journal segment's file name, `null` for other names. */
export function segmentSeqOf(name: string): number | null {
  if (!name.startsWith(SEGMENT_PREFIX)) return null;
  const digits = name.slice(SEGMENT_PREFIX.length);
  return /^[0-9]{1,15}$/.test(digits) ? Number(digits) : null;
}

/** The name a damaged file is kept under: `<name>.corrupt-2026-01-02T03-04-05.678Z`. */
export function corruptName(name: string, at: number): string {
  return `${name}.corrupt-${new Date(at).toISOString().replaceAll(':', '-')}`;
}

/** Makes the entries of `dir` (creations, renames, deletions) durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes all of `data` at `position` (a write may be short). */
export async function writeAll(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

/** Records per write of a snapshot: the event loop gets a turn between writes. */
const RECORDS_PER_WRITE = 1000;

/**
 * Writes `snapshot` as the snapshot file holding the journal up to `journalSeq`, durably and
 * atomically: the old snapshot stays until the new one is complete on disk. Returns its size in
 * bytes. On failure the temporary file is removed and the error thrown.
 */
export async function writeSnapshotFile(
  dir: string,
  snapshot: MonitoringSnapshot,
  journalSeq: number,
): Promise<number> {
  const temp = join(dir, SNAPSHOT_TEMP_FILE);
  await rm(temp, { force: true });
  const handle = await open(temp, 'wx', 0o600);
  let size = 0;
  try {
    let seq = 0;
    let chunk = encodeLine(seq++, { kind: 'snapshot', layout: RETENTION_LAYOUT, at: snapshot.at, journalSeq });
    let inChunk = 0;
    for (const record of snapshotRecords(snapshot)) {
      chunk += encodeLine(seq++, record);
      if (++inChunk === RECORDS_PER_WRITE) {
        const data = Buffer.from(chunk);
        await writeAll(handle, data, size);
        size += data.length;
        chunk = '';
        inChunk = 0;
      }
    }
    chunk += encodeLine(seq, { kind: 'end', records: snapshotRecordCount(snapshot) });
    const data = Buffer.from(chunk);
    await writeAll(handle, data, size);
    size += data.length;
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, join(dir, SNAPSHOT_FILE));
  await syncDirectory(dir);
  return size;
}
