import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../diagnostic.js';
import type { RawBlock } from './parse-object-file.js';
import { PROBLEM_LIMIT } from './file-reporter.js';
import { parseBothWays } from '../../testing/parse-both-ways.js';

/** Parses `text` as the reader does, with and without the line scanner, which must agree. */
function parse(text: string): { blocks: RawBlock[]; messages: string[]; diagnostics: Diagnostics } {
  const { blocks, diagnostics } = parseBothWays(text);
  return { blocks, messages: diagnostics.items.map(formatDiagnostic), diagnostics };
}

/** The blocks as `type: name=value@line, ...`, for compact expectations. */
function shape(blocks: readonly RawBlock[]): string[] {
  return blocks.map(
    (b) => `${b.type}@${b.line}: ${b.directives.map((d) => `${d.name}=${d.value}@${d.line}`).join(', ')}`,
  );
}

test('parseObjectFile() reads the Nagios 4 syntax', () => {
  const cases: { name: string; text: string; blocks: string[] }[] = [
    {
      name: 'define with a blank before {',
      text: 'define host {\n  host_name web01\n}\n',
      blocks: ['host@1: host_name=web01@2'],
    },
    { name: 'define with { attached', text: 'define host{\nhost_name web01\n}', blocks: ['host@1: host_name=web01@2'] },
    {
      name: '{ on the next line',
      text: 'define host\n{\n  host_name web01\n}\n',
      blocks: ['host@1: host_name=web01@3'],
    },
    {
      name: 'tabs and several blanks between name and value; value keeps inner blanks',
      text: 'define host {\n\thost_name\t\t web01\n  alias   Web  server  one   \n}\n',
      blocks: ['host@1: host_name=web01@2, alias=Web  server  one@3'],
    },
    {
      name: 'a directive without value',
      text: 'define host {\n  notes\n  alias \n}\n',
      blocks: ['host@1: notes=@2, alias=@3'],
    },
    {
      name: '# comment lines, also indented, and blank lines',
      text: '# header\n\n   # indented\ndefine host {\n  # inside\n\n  host_name web01\n}\n# end\n',
      blocks: ['host@4: host_name=web01@7'],
    },
    {
      name: '; comment lines',
      text: '; header\ndefine host {\n  ; inside\n  host_name web01\n}\n',
      blocks: ['host@2: host_name=web01@4'],
    },
    {
      name: '; starts an inline comment',
      text: 'define host { ; the host\n  host_name web01 ; its name\n  alias a;b\n} ; done\n',
      blocks: ['host@1: host_name=web01@2, alias=a@3'],
    },
    {
      name: '\\; is an escaped semicolon, unescaped in the value',
      text: 'define command {\n  command_line echo a\\;b \\; c ; comment\n}\n',
      blocks: ['command@1: command_line=echo a;b ; c@2'],
    },
    {
      name: '# inside a value is not a comment',
      text: 'define host {\n  notes_url http://wiki/#web01\n}\n',
      blocks: ['host@1: notes_url=http://wiki/#web01@2'],
    },
    {
      name: 'a trailing backslash continues the line; leading blanks of the next are dropped',
      text: 'define command {\n  command_line check_x -a \\\n      -b \\\n  -c\n  command_name x\n}\n',
      blocks: ['command@1: command_line=check_x -a -b -c@2, command_name=x@5'],
    },
    {
      name: 'a trailing double backslash is one literal backslash',
      text: 'define command {\n  command_line echo C:\\\\\n  command_name x\n}\n',
      blocks: ['command@1: command_line=echo C:\\@2, command_name=x@3'],
    },
    {
      name: 'CRLF line endings',
      text: 'define host {\r\n  host_name web01\r\n  alias Web\r\n}\r\n',
      blocks: ['host@1: host_name=web01@2, alias=Web@3'],
    },
    {
      name: 'CRLF with a continuation',
      text: 'define host {\r\n  alias a \\\r\n  b\r\n}\r\n',
      blocks: ['host@1: alias=a b@2'],
    },
    {
      name: 'a byte order mark at the start',
      text: '\ufeffdefine host {\n  host_name web01\n}\n',
      blocks: ['host@1: host_name=web01@2'],
    },
    {
      name: 'several blocks and types, no final newline',
      text: 'define host {\nhost_name a\n}\ndefine service {\nhost_name a\nservice_description PING\n}',
      blocks: ['host@1: host_name=a@2', 'service@4: host_name=a@5, service_description=PING@6'],
    },
    {
      name: 'type is read as written (checked later)',
      text: 'define hots {\n  host_name a\n}\n',
      blocks: ['hots@1: host_name=a@2'],
    },
    {
      name: 'UTF-8 text in values',
      text: 'define host {\n  alias Zürich Übergabepunkt ✓\n}\n',
      blocks: ['host@1: alias=Zürich Übergabepunkt ✓@2'],
    },
    {
      name: '# comments after braces, which Nagios ignores there',
      text: 'define host { # web servers\n  host_name a\n} # end of web servers\n',
      blocks: ['host@1: host_name=a@2'],
    },
    { name: 'empty file', text: '', blocks: [] },
    { name: 'only comments', text: '# a\n; b\n\n', blocks: [] },
  ];
  for (const c of cases) {
    const { blocks, messages } = parse(c.text);
    assert.deepEqual(messages, [], c.name);
    assert.deepEqual(shape(blocks), c.blocks, c.name);
    for (const block of blocks) assert.equal(block.file, 'objects.cfg');
  }
});

test('parseObjectFile() reports bad syntax at its line and goes on where it is safe', () => {
  const cases: { name: string; text: string; messages: RegExp[]; blocks: string[] }[] = [
    {
      name: 'text outside a definition',
      text: 'host_name web01\ndefine host {\n  host_name a\n}\n',
      messages: [/^objects\.cfg:1: error: unexpected text outside a definition: 'host_name web01'/],
      blocks: ['host@2: host_name=a@3'],
    },
    {
      name: 'missing } at the end of the file: the block is kept',
      text: 'define host {\n  host_name a\n',
      messages: [/^objects\.cfg:1: error: 'define host' is not closed: '}' missing/],
      blocks: ['host@1: host_name=a@2'],
    },
    {
      name: 'define without a type: the block is skipped to its }',
      text: 'define {\n  host_name a\n}\ndefine host {\n  host_name b\n}\n',
      messages: [/^objects\.cfg:1: error: 'define' without an object type/],
      blocks: ['host@4: host_name=b@5'],
    },
    {
      name: 'nested define: the open block is closed and the new one read',
      text: 'define host {\n  host_name a\ndefine host {\n  host_name b\n}\n',
      messages: [/^objects\.cfg:3: error: 'define' inside the definition that starts at line 1/],
      blocks: ['host@1: host_name=a@2', 'host@3: host_name=b@4'],
    },
    {
      name: '} outside a definition',
      text: '}\ndefine host {\n  host_name a\n}\n',
      messages: [/^objects\.cfg:1: error: '}' outside a definition/],
      blocks: ['host@2: host_name=a@3'],
    },
    {
      name: 'a one-line definition: text after { is not read',
      text: 'define host { host_name a }\n',
      messages: [/^objects\.cfg:1: error: text after '\{' is not read \('host_name a }'\)/],
      blocks: ['host@1: '],
    },
    {
      name: 'text after }',
      text: 'define host {\n  host_name a\n} trailing\n',
      messages: [/^objects\.cfg:3: error: text after '}' is not read \('trailing'\)/],
      blocks: ['host@1: host_name=a@2'],
    },
    {
      name: 'define without { and none on the next line',
      text: 'define host\n  host_name a\n}\n',
      messages: [/^objects\.cfg:1: error: expected '\{' after 'define host'/],
      blocks: ['host@1: host_name=a@2'],
    },
    {
      name: 'a stray { inside a definition',
      text: 'define host {\n  {\n  host_name a\n}\n',
      messages: [/^objects\.cfg:2: error: unexpected '\{' inside the definition/],
      blocks: ['host@1: host_name=a@3'],
    },
    {
      name: 'include_file is not supported',
      text: 'include_file=/etc/other.cfg\n',
      messages: [/^objects\.cfg:1: error: 'include_file' is not supported: list the file/],
      blocks: [],
    },
    {
      name: 'a NUL byte in a line: the line is skipped',
      text: 'define host {\n  host_name a\0b\n  alias x\n}\n',
      messages: [/^objects\.cfg:2: error: line contains a NUL byte: binary data/],
      blocks: ['host@1: alias=x@3'],
    },
    {
      name: 'another control character',
      text: 'define host {\n  alias \x1b[31mred\n}\n',
      messages: [/^objects\.cfg:2: error: line contains the control character 0x1b/],
      blocks: ['host@1: '],
    },
    {
      name: 'DEL after another control character on a later line: each line reported',
      text: 'define host {\n  alias a\x02\n  notes b\x7f\n  notes_url c\n}\n',
      messages: [
        /^objects\.cfg:2: error: line contains the control character 0x02/,
        /^objects\.cfg:3: error: line contains the control character 0x7f/,
      ],
      blocks: ['host@1: notes_url=c@4'],
    },
    {
      name: 'a line over 64 KiB: skipped with its length in bytes',
      text: `define host {\n  notes ${'x'.repeat(70000)}\n  alias y\n}\n`,
      messages: [/^objects\.cfg:2: error: line too long \(70008 bytes; at most 65536\)/],
      blocks: ['host@1: alias=y@3'],
    },
    {
      name: 'a line over 64 KiB counted in UTF-8 bytes',
      text: `define host {\n  notes ${'é'.repeat(33000)}\n}\n`,
      messages: [/^objects\.cfg:2: error: line too long \(66008 bytes/],
      blocks: ['host@1: '],
    },
    {
      name: 'continued lines over 64 KiB together',
      text: `define host {\n  notes ${'x'.repeat(40000)}\\\n${'y'.repeat(40000)}\n  alias z\n}\n`,
      messages: [/^objects\.cfg:2: error: line too long/],
      blocks: ['host@1: alias=z@4'],
    },
  ];
  for (const c of cases) {
    const { blocks, messages } = parse(c.text);
    assert.equal(messages.length, c.messages.length, `${c.name}: ${messages.join(' | ')}`);
    c.messages.forEach((pattern, i) => assert.match(messages[i] ?? '', pattern, c.name));
    assert.deepEqual(shape(blocks), c.blocks, c.name);
  }
});

/** Runs `fn` and returns how long it took, in milliseconds. */
function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

test('parseObjectFile() survives hostile input quickly, without throwing', () => {
  const tenMegabytes = 10 * 1024 * 1024;
  let binary = '';
  {
    // Deterministic pseudo-random bytes, as a binary file read as text would give.
    const codes = new Uint16Array(tenMegabytes);
    let seed = 12345;
    for (let i = 0; i < codes.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      codes[i] = (seed >>> 16) & 0xff;
    }
    const chunks: string[] = [];
    for (let i = 0; i < codes.length; i += 65536) {
      chunks.push(String.fromCharCode(...codes.subarray(i, i + 65536)));
    }
    binary = chunks.join('');
  }
  const cases: { name: string; text: string; expect: RegExp }[] = [
    { name: '10 MB on one line', text: 'x'.repeat(tenMegabytes), expect: /line too long \(10485760 bytes/ },
    {
      name: '10 MB on one line inside a definition',
      text: `define host {\n  notes ${'a;'.repeat(tenMegabytes / 2)}\n}\n`,
      expect: /line too long/,
    },
    { name: '10 MB of binary data', text: binary, expect: /binary data|line too long|unexpected text/ },
    { name: '10 MB of NUL bytes', text: '\0'.repeat(tenMegabytes), expect: /NUL byte|line too long/ },
    { name: 'NUL bytes on many lines', text: 'a\0b\n'.repeat(500000), expect: /NUL byte/ },
    { name: 'an unterminated define', text: `define host {\n${'  alias x\n'.repeat(100000)}`, expect: /not closed/ },
    { name: '50,000 nested-looking braces', text: '{\n'.repeat(50000) + '}\n'.repeat(50000), expect: /unexpected/ },
    { name: '50,000 braces on one line', text: '{'.repeat(50000) + '}'.repeat(50000), expect: /too long|unexpected/ },
    { name: '50,000 nested defines', text: 'define host {\n'.repeat(50000), expect: /inside the definition/ },
    { name: '60,000 semicolons on one line', text: `x${';'.repeat(60000)}`, expect: /unexpected text outside/ },
    {
      name: 'many lines without semicolons',
      text: 'define host {\n' + '  alias x\n'.repeat(300000) + '}\n',
      expect: /^$/,
    },
    {
      name: '200,000 continuation lines',
      text: `define host {\n  notes a\\\n${'b\\\n'.repeat(200000)}\n}\n`,
      expect: /too long/,
    },
  ];
  for (const c of cases) {
    let result: ReturnType<typeof parse> | undefined;
    const ms = timed(() => {
      result = parse(c.text);
    });
    assert.ok(result !== undefined);
    const all = result.messages.join('\n');
    assert.match(all, c.expect, c.name);
    assert.ok(result.diagnostics.items.length <= PROBLEM_LIMIT + 1, `${c.name}: at most ${PROBLEM_LIMIT} problems + 1`);
    // Generous against slow machines; a quadratic scan takes minutes here.
    assert.ok(ms < 10_000, `${c.name} took ${ms.toFixed(0)} ms`);
  }
});

test('parseObjectFile() stops reading a file after too many problems and says so', () => {
  const { messages, blocks } = parse('garbage\n'.repeat(1000) + 'define host {\n  host_name a\n}\n');
  assert.equal(messages.length, PROBLEM_LIMIT + 1);
  assert.match(messages.at(-1) ?? '', /too many problems \(50\); the rest of this file is not read/);
  assert.deepEqual(blocks, []);
});
