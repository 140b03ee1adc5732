/**
 * How a benchmark starts the site as the `watchpost` command does. Benchmarks start
 * `process.execPath` with the command's file, so that the Node measured is the one running the
 * benchmark; the Node options the command's first line names (`#!/usr/bin/env -S node ...`)
 * are read from it and passed too, so that the figures are those of the command users run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The command line entry, from dist/bench/ back to the project's bin/. */
export const WATCHPOST_BIN = fileURLToPath(new URL('../../bin/watchpost', import.meta.url));

/** The Node options of `bin`'s first line (`#!/usr/bin/env -S node --a --b` → `['--a', '--b']`). */
function nodeOptionsOf(bin: string = WATCHPOST_BIN): string[] {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env(?: -S)? node((?: +-[^ ]+)*) *$/.exec(first);
  if (match === null) throw new Error(`${bin}: the first line is not '#!/usr/bin/env -S node [options]': ${first}`);
  return (match[1] ?? '').split(' ').filter((option) => option !== '');
}

/** The Node options of `bin/watchpost`, read once. */
export const WATCHPOST_NODE_OPTIONS: readonly string[] = nodeOptionsOf();
