import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestReader, type ReaderEvent } from './request-reader.js';

function read(
  chunks: readonly string[],
  end = true,
  limits = { maxLineBytes: 64, maxRequestBytes: 256 },
): ReaderEvent[] {
  const reader = new RequestReader(limits);
  const events = chunks.flatMap((chunk) => reader.push(Buffer.from(chunk)));
  return end ? [...events, ...reader.end()] : events;
}

const requests = (events: ReaderEvent[]): string[][] =>
  events.map((e) =>
    e.kind === 'request' ? [...e.lines] : [`error ${e.error.code} ${e.error.message} fixed16=${e.fixed16}`],
  );

test('RequestReader cuts requests at empty lines, strips trailing whitespace and ignores blank lines', () => {
  const cases: readonly { name: string; chunks: string[]; end?: boolean; expected: string[][] }[] = [
    { name: 'one request', chunks: ['GET hosts\nColumns: name\n\n'], expected: [['GET hosts', 'Columns: name']] },
    {
      name: 'split anywhere',
      chunks: ['GE', 'T hosts\nCol', 'umns: name\n', '\n'],
      expected: [['GET hosts', 'Columns: name']],
    },
    { name: 'two requests', chunks: ['GET a\n\nGET b\n\n'], expected: [['GET a'], ['GET b']] },
    { name: 'CR LF', chunks: ['GET hosts\r\nColumns: name\r\n\n'], expected: [['GET hosts', 'Columns: name']] },
    {
      name: 'whitespace-only lines do not end a request',
      chunks: ['GET hosts\n \r\n\t\nColumns: x\n\n'],
      expected: [['GET hosts', 'Columns: x']],
    },
    {
      name: 'empty lines between requests are ignored',
      chunks: ['\n\nGET a\n\n\n\nGET b\n\n'],
      expected: [['GET a'], ['GET b']],
    },
    {
      name: 'end of input ends a request',
      chunks: ['GET hosts\nColumns: name\n'],
      expected: [['GET hosts', 'Columns: name']],
    },
    { name: 'nothing at all', chunks: [''], expected: [] },
    {
      name: 'COMMAND stands alone',
      chunks: ['COMMAND [1] X\nGET hosts\n\n'],
      expected: [['COMMAND [1] X'], ['GET hosts']],
    },
    {
      name: 'COMMAND and its empty line',
      chunks: ['COMMAND [1] X\n\nGET hosts\n\n'],
      expected: [['COMMAND [1] X'], ['GET hosts']],
    },
    {
      name: 'a COMMAND has header lines',
      chunks: ['COMMAND [1] X\nResponseHeader: fixed16\nAuthUser: ann\n\nGET h\n\n'],
      expected: [['COMMAND [1] X', 'ResponseHeader: fixed16', 'AuthUser: ann'], ['GET h']],
    },
    {
      name: 'a COMMAND is complete only at its end, not at its first line',
      chunks: ['COMMAND [1] X\nAuthUser: ann\n'],
      end: false,
      expected: [],
    },
    {
      name: 'a COMMAND ends at the next COMMAND line',
      chunks: ['COMMAND [1] X\nAuthUser: ann\nCOMMAND [2] Y\nGET h\n\n'],
      expected: [['COMMAND [1] X', 'AuthUser: ann'], ['COMMAND [2] Y'], ['GET h']],
    },
    {
      name: 'a GET line inside a GET request does not split it',
      chunks: ['GET hosts\nGET services\n\n'],
      expected: [['GET hosts', 'GET services']],
    },
    {
      name: 'cut in the middle of a line',
      chunks: ['GET hosts\nResponseHeader: fixed16\nColu'],
      expected: [['error 451 incomplete request: the connection was closed in the middle of a line fixed16=true']],
    },
    {
      name: 'line too long, found before its end',
      chunks: ['GET hosts\n', 'x'.repeat(65)],
      end: false,
      expected: [['error 451 request line longer than 64 bytes fixed16=false']],
    },
    {
      name: 'request too large',
      chunks: ['GET hosts\n' + 'Filter: name = abcdefghij\n'.repeat(20)],
      end: false,
      expected: [['error 413 request larger than 256 bytes fixed16=false']],
    },
    {
      name: 'nothing after an error',
      chunks: ['x'.repeat(100) + '\nGET hosts\n\n'],
      expected: [['error 451 request line longer than 64 bytes fixed16=false']],
    },
  ];
  for (const c of cases) assert.deepEqual(requests(read(c.chunks, c.end ?? true)), c.expected, c.name);
});

test('RequestReader is idle only between requests', () => {
  const reader = new RequestReader();
  assert.equal(reader.idle, true);
  reader.push(Buffer.from('GET ho'));
  assert.equal(reader.idle, false);
  reader.push(Buffer.from('sts\n'));
  assert.equal(reader.idle, false);
  reader.push(Buffer.from('\n'));
  assert.equal(reader.idle, true);
});

test('RequestReader reads bytes as UTF-8 and keeps NUL bytes for the parser to refuse', () => {
  assert.deepEqual(requests(read(['GET hosts\nFilter: alias = Über\0\n\n'])), [
    ['GET hosts', 'Filter: alias = Über\0'],
  ]);
});

test('RequestReader.expire() hands over a COMMAND with complete lines and refuses anything else', () => {
  const cases: readonly { chunks: string[]; expected: string[] }[] = [
    { chunks: ['COMMAND [1] X\n'], expected: ['COMMAND [1] X'] },
    { chunks: ['COMMAND [1] X\nAuthUser: ann\n'], expected: ['COMMAND [1] X', 'AuthUser: ann'] },
    { chunks: ['COMMAND [1] X\nAuthU'], expected: ['error 451 too slow fixed16=false'] },
    { chunks: ['GET hosts\nResponseHeader: fixed16\n'], expected: ['error 451 too slow fixed16=true'] },
  ];
  for (const row of cases) {
    const reader = new RequestReader();
    for (const chunk of row.chunks) assert.deepEqual(reader.push(Buffer.from(chunk)), []);
    const event = reader.expire('too slow');
    assert.deepEqual(requests([event])[0], row.expected, row.chunks.join(''));
    if (event.kind === 'request') assert.equal(reader.idle, true);
  }
});
