/**
 * The outcomes files of the spool's directory, `delivery-outcomes.<n>`: the delivery process
 * appends the outcome of every attempt there, with one synchronous write(2), before it reports
 * the outcome to the site. When the site is killed, the delivery process finishes what it has
 * under way and records it here; the site reads the files back when it opens the spool and folds
 * them into its journal. The lines are those of the journal (checksummed JSON), so a line cut
 * short by a crash is found and dropped.
 *
 * The number `n` grows: the site tells the delivery process to go on in the next file before it
 * compacts its journal, and removes the earlier files once the compacted journal holds them.
 */
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeChecksummedLine, encodeChecksummedLine } from '../../lib/checksummed-line.js';
import { parseDeliveryOutcome } from '../notification-job.js';
import type { RecordedOutcome } from './spool-deliverer.js';
import { writeAllNow } from './spool-journal.js';

const PREFIX = 'delivery-outcomes.';

/** The name of outcomes file number `n`. */
export function outcomeFileName(n: number): string {
  return `${PREFIX}${n}`;
}

/** The outcomes files in `dir`, by number, with the records they hold and the damage found. */
export async function readOutcomeFiles(dir: string): Promise<{
  readonly files: readonly { readonly n: number; readonly name: string }[];
  readonly outcomes: readonly RecordedOutcome[];
  readonly problems: readonly string[];
}> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], outcomes: [], problems: [] };
    throw error;
  }
  const files = names
    .filter((name) => name.startsWith(PREFIX) && /^\d+$/.test(name.slice(PREFIX.length)))
    .map((name) => ({ n: Number(name.slice(PREFIX.length)), name }))
    .sort((a, b) => a.n - b.n);
  const outcomes: RecordedOutcome[] = [];
  const problems: string[] = [];
  for (const { name } of files) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (error) {
      // Removed meanwhile (a compaction of the running site): what it held is in the journal.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const lines = text.split('\n');
    // The text after the last newline is a line a crash cut short (or nothing).
    lines.pop();
    lines.forEach((line, index) => {
      const decoded = decodeOutcomeLine(line);
      if (decoded === null) problems.push(`${name} line ${index + 1}: damaged; skipped`);
      else outcomes.push(decoded);
    });
  }
  return { files, outcomes, problems };
}

/** One line (without its newline) of an outcomes file, or `null` when it is damaged. */
export function decodeOutcomeLine(line: string): RecordedOutcome | null {
  const decoded = decodeChecksummedLine(line, 'outcome');
  if (!decoded.ok) return null;
  const { ids, begun, outcome } = decoded.record;
  const parsed = parseDeliveryOutcome(outcome);
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string') || typeof begun !== 'number') return null;
  if (parsed === null) return null;
  return { ids: ids as string[], begun, outcome: parsed };
}

/** An outcomes file open for appending. */
export interface OutcomeFile {
  /** Appends `outcome` with one synchronous write(2) before returning (the kernel keeps it through SIGKILL); throws when writing fails. */
  append(outcome: RecordedOutcome): void;
  /** Closes the file after an fdatasync (for power loss; SIGKILL needs none). */
  close(): void;
}

/** Opens (creating it) outcomes file `name` in `dir` for appending. */
export function openOutcomeFile(dir: string, name: string): OutcomeFile {
  const fd = openSync(join(dir, name), 'a', 0o600);
  let seq = 0;
  let syncing = false;
  let dirty = false;
  let closed = false;
  // One fdatasync at a time, for whatever was written before it started; the descriptor is
  // closed only when none runs, so that none can reach a descriptor reused meanwhile.
  const sync = (): void => {
    if (syncing || !dirty || closed) return;
    syncing = true;
    dirty = false;
    fdatasync(fd, () => {
      syncing = false;
      if (closed) closeSync(fd);
      else sync();
    });
  };
  return {
    append(outcome) {
      const line = encodeChecksummedLine(seq++, { ids: outcome.ids, begun: outcome.begun, outcome: outcome.outcome });
      writeAllNow(fd, Buffer.from(line));
      dirty = true;
      sync();
    },
    close() {
      if (closed) return;
      closed = true;
      fdatasyncSync(fd);
      if (!syncing) closeSync(fd);
    },
  };
}
