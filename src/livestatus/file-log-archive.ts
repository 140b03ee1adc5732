/**
 * The monitoring log on disk as the `log` table reads it: `<log>/monitoring.log` and every file
 * of `<log>/archive/`. A file's time range starts at the time of its first line, so listing the
 * files reads one small block of each; whole files are read only when a query's time range can
 * match them. Reads are synchronous (tables compute within one turn); errors read as no lines.
 */
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogArchive, LogFileInfo } from './ports.js';

const HEAD_BYTES = 256;

/** Epoch seconds of the first line of a file, `null` when it has none or cannot be read. */
function firstTimeOf(path: string): number | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const read = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    const match = /^\[(\d{1,12})\]/.exec(buffer.toString('latin1', 0, read));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A cached first time: files in the archive do not change once rotated. */
interface Known {
  readonly size: number;
  readonly mtimeMs: number;
  readonly firstTime: number | null;
}

/** The log archive of the log directory `logDir`. */
export function fileLogArchive(logDir: string): LogArchive {
  const known = new Map<string, Known>();
  const info = (name: string): LogFileInfo | null => {
    const path = join(logDir, name);
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return null;
      const cached = known.get(name);
      if (cached !== undefined && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) {
        return { name, firstTime: cached.firstTime };
      }
      const firstTime = firstTimeOf(path);
      known.set(name, { size: stat.size, mtimeMs: stat.mtimeMs, firstTime });
      return { name, firstTime };
    } catch {
      return null;
    }
  };
  return {
    files() {
      let archived: string[] = [];
      try {
        archived = readdirSync(join(logDir, 'archive')).map((f) => join('archive', f));
      } catch {
        // No archive yet: only the current file.
      }
      const files: LogFileInfo[] = [];
      for (const name of [...archived, 'monitoring.log']) {
        const found = info(name);
        if (found !== null) files.push(found);
      }
      return files;
    },
    lines(name) {
      if (name.includes('..')) return [];
      try {
        const text = readFileSync(join(logDir, name), 'utf8');
        const lines = text.split('\n');
        if (lines.at(-1) === '') lines.pop();
        return lines;
      } catch {
        return [];
      }
    },
  };
}
