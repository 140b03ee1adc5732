import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { hasCompiledScanner, ObjectFileScanner } from './object-file-scanner.js';
import { parseBothWays, testScanner } from '../../testing/parse-both-ways.js';
import { MAX_LINE_BYTES } from './scan-lines.js';
import { CLOSE, DEFINE, FIELDS, LINE, REGION, UNNUMBERED } from './line-records.js';

const MALFORMED = fileURLToPath(new URL('../../../../test-data/malformed/', import.meta.url));
const SCANNER_SOURCE = new URL('../../../../wasm/nagios-lines.ts', import.meta.url);
const NAGIOS4_SAMPLE = '/etc/nagios4/objects';

/** Every `*.cfg` file below `dir`, sorted. */
function cfgFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return cfgFiles(path);
      return entry.isFile() && entry.name.endsWith('.cfg') ? [path] : [];
    })
    .sort();
}

test('the build has the WebAssembly line scanner', () => {
  assert.ok(hasCompiledScanner(), 'dist/wasm/nagios-lines.wasm is missing: run `npm run build`');
  assert.ok(ObjectFileScanner.create(), 'no scanner');
});

test('the scanner writes records as the parser reads them: the constants of both sides are the same', () => {
  const source = readFileSync(SCANNER_SOURCE, 'utf8');
  const constant = (name: string): number => {
    const found = new RegExp(`^const ${name}: i32 = (-?\\d+);$`, 'm').exec(source);
    assert.ok(found?.[1] !== undefined, `${name} is not a constant of the scanner`);
    return Number(found[1]);
  };
  const shared = { FIELDS, LINE, REGION, CLOSE, DEFINE, UNNUMBERED, MAX_LINE_BYTES };
  for (const [name, value] of Object.entries(shared)) assert.equal(constant(name), value, name);
});

test('the scanner and the JavaScript reader agree on every object file of the malformed library', () => {
  const files = cfgFiles(MALFORMED);
  assert.ok(files.length >= 40, `only ${files.length} object files`);
  let scanned = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (parseBothWays(text).scanned) scanned++;
  }
  // The few that are not ASCII (binary garbage, UTF-8 names) are read by the JavaScript reader alone.
  assert.ok(scanned >= files.length - 10, `only ${scanned} of ${files.length} files were scanned`);
});

test("the scanner and the JavaScript reader agree on Nagios 4's sample configuration", () => {
  const files = cfgFiles(NAGIOS4_SAMPLE);
  assert.ok(
    files.length > 0,
    `${NAGIOS4_SAMPLE} is missing: install the Debian package nagios4-common (scripts/install-test-packages.sh)`,
  );
  for (const file of files) {
    const { blocks, scanned } = parseBothWays(readFileSync(file, 'utf8'));
    assert.ok(scanned && blocks.length > 0, file);
  }
});

/** Lines of Nagios object files, good and bad, whose order and mix the property tests choose. */
const line = fc.oneof(
  fc.constantFrom(
    'define host {',
    'define service{',
    'define host',
    'define',
    'define  timeperiod  {  # comment',
    'define host { host_name one }',
    'define host { alias trailing',
    '{',
    '}',
    '} trailing',
    '}  # comment',
    '  }  ',
    '# a comment',
    '   # indented comment',
    '; a comment',
    '',
    '   ',
    '\t',
    'host_name web01',
    '\thost_name\t\tweb01\t',
    '  use generic-host ; a comment',
    '  alias a\\;b\\;c',
    '  alias a\\;b; c',
    'notes',
    'notes   ',
    '_SERIAL 1234',
    'check_command check_http!-p!80',
    'continued \\',
    '  still continued \\',
    'escaped \\\\',
    '\\',
    'text outside',
    'include_file=x.cfg',
    'defined_name value',
    'definex 1',
    'name\r',
    'name value\r\r',
    'a\rb c',
    'nul\u0000byte',
    'bell\u0007',
    'del\u007f',
    'vertical\u000btab',
    'form\u000cfeed',
  ),
  fc
    .tuple(fc.constantFrom('host_name', 'alias', 'use', 'x', '_CUSTOM'), fc.string({ maxLength: 20 }))
    .map(([name, value]) => `  ${name} ${value}`),
  fc.string({ maxLength: 30 }),
);

test('the scanner and the JavaScript reader agree on any mix of lines (property)', () => {
  fc.assert(
    fc.property(
      fc.array(line, { maxLength: 40 }),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
      (lines, ending, final) => {
        parseBothWays(lines.join(ending) + (final ? ending : ''));
      },
    ),
    { numRuns: 3000 },
  );
});

test('the scanner and the JavaScript reader agree on arbitrary ASCII bytes (property)', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 400 }),
      (text) => {
        parseBothWays(text);
      },
    ),
    { numRuns: 3000 },
  );
});

test('the scanner and the JavaScript reader agree on hostile files', () => {
  const define = (lines: readonly string[]): string => `define host {\n${lines.join('\n')}\n}\n`;
  const many = (count: number, make: (i: number) => string): string[] =>
    Array.from({ length: count }, (_, i) => make(i));
  const cases: [string, string][] = [
    // More distinct names and values than the scanner numbers: the rest are cut out one by one.
    ['100,000 distinct names', define(many(100_000, (i) => `name${i} value`))],
    ['200,000 distinct values', define(many(200_000, (i) => `notes value${i}`))],
    [
      'names and values longer than the scanner numbers',
      define(many(100, (i) => `${'n'.repeat(60 + i)} ${'v'.repeat(250 + i)}`)),
    ],
    ['a line as long as allowed', define([`notes ${'x'.repeat(MAX_LINE_BYTES - 6)}`])],
    ['a line one byte too long', define([`notes ${'x'.repeat(MAX_LINE_BYTES - 5)}`])],
    ['a 10 MB line', define([`notes ${'x'.repeat(10 * 1024 * 1024)}`])],
    ['10,000 continued lines', define([...many(10_000, (i) => `notes part${i} \\`), 'end'])],
    ['a continued line at the end of the file', 'define host {\n  notes a \\'],
    ['control characters everywhere', many(2_000, (i) => `x${String.fromCharCode(i % 32)}y`).join('\n')],
    ['one line without a line ending', 'host_name web01'],
    ['only line endings', '\n'.repeat(10_000)],
    ['only carriage returns', '\r'.repeat(10_000)],
  ];
  for (const [name, text] of cases) {
    assert.doesNotThrow(() => parseBothWays(text), name);
  }
});

test('names beyond what the scanner numbers are cut out one by one, the same either way', () => {
  // Names of one length that differ in their last bytes: the table of names fills, then overflows.
  const lines = Array.from({ length: 70_000 }, (_, i) => `_N${String(i % 5_000).padStart(8, '0')} ${i}`);
  const { blocks } = parseBothWays(`define host {\n${lines.join('\n')}\n}\n`);
  assert.equal(blocks[0]?.directives.length, lines.length);
  assert.equal(blocks[0]?.directives[69_999]?.name, '_N00004999');
});

test('one scanner reads file after file, each as a file of its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-scanner-'));
  try {
    const scanner = testScanner();
    const texts = [
      define('a', 1_000),
      define('b', 10),
      'define host {\n  alias caf\u00e9\n}\n',
      '',
      define('c', 50_000),
      define('d', 3),
    ];
    texts.forEach((text, i) => writeFileSync(join(dir, `${i}.cfg`), text));
    texts.forEach((text, i) => {
      const file = scanner.read(join(dir, `${i}.cfg`));
      assert.equal(file.text, text);
      assert.equal(file.lines !== undefined, isAscii(Buffer.from(text)), `records for ASCII only (${i})`);
      parseBothWays(text);
    });
    assert.throws(() => scanner.read(join(dir, 'missing.cfg')), { code: 'ENOENT' });
    // The memory a file's records are scanned from is the next file's: asking late is an error.
    const first = scanner.read(join(dir, '0.cfg'));
    scanner.read(join(dir, '1.cfg'));
    assert.throws(() => first.lines?.next(), /after the next file was read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A host definition of `count` custom attributes, named after `prefix`. */
function define(prefix: string, count: number): string {
  const lines = Array.from({ length: count }, (_, i) => `  _${prefix}${i} value ${i}`);
  return `define host {\n  host_name ${prefix}\n${lines.join('\n')}\n}\n`;
}
