/**
 * Parsing a Nagios object file's text both ways the reader can: looking at every character in
 * JavaScript, and from the records of the WebAssembly line scanner. The two must agree on every
 * block and every message; tests of the parser go through here so that each case checks both.
 */
import assert from 'node:assert/strict';
import { Diagnostics } from '../config/diagnostic.js';
import { ObjectFileScanner } from '../config/nagios/object-file-scanner.js';
import { parseObjectFile, type RawBlock } from '../config/nagios/parse-object-file.js';

const FILE = 'objects.cfg';

let shared: ObjectFileScanner | undefined;

/** One scanner for every test of a process, as the reader uses one for file after file. */
export function testScanner(): ObjectFileScanner {
  const scanner = (shared ??= ObjectFileScanner.create() ?? undefined);
  assert.ok(scanner, 'the WebAssembly line scanner is missing from the build: run `npm run build`');
  return scanner;
}

/**
 * The blocks and diagnostics of `text`. Asserts that both ways agree; `scanned` tells whether
 * the scanner made records (it does for ASCII only).
 */
export function parseBothWays(text: string): { blocks: RawBlock[]; diagnostics: Diagnostics; scanned: boolean } {
  const diagnostics = new Diagnostics();
  const blocks = parseObjectFile(text, FILE, diagnostics);
  const file = testScanner().scan(Buffer.from(text, 'utf8'));
  if (file.lines === undefined) return { blocks, diagnostics, scanned: false };
  assert.equal(file.text, text, 'the text the scanner read');
  const fromRecords = new Diagnostics();
  const blocksFromRecords = parseObjectFile(file.text, FILE, fromRecords, file.lines);
  assert.deepEqual(fromRecords.items, diagnostics.items, 'messages with the line scanner');
  assert.deepEqual(blocksFromRecords, blocks, 'blocks with the line scanner');
  return { blocks, diagnostics, scanned: true };
}
