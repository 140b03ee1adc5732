// The line format of the retention files: checksums, sequence numbers, torn and damaged lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLines } from './parse-lines.js';
import { decodeLine, encodeLine, type RetentionRecord } from './retention-record.js';

const gone = (id: number): RetentionRecord => ({ kind: 'comment-gone', id });
const commit: RetentionRecord = { kind: 'commit', at: 5 };
const lines = (first: number, records: readonly RetentionRecord[]): string =>
  records.map((r, i) => encodeLine(first + i, r)).join('');

test('encodeLine() writes one JSON line that decodeLine() reads back', () => {
  const record: RetentionRecord = {
    kind: 'comment',
    comment: {
      id: 3,
      target: { object: 'service', hostName: 'h', description: 'ü "quoted"\nline' },
      kind: 'user',
      author: 'ann',
      text: 'text with \u2028 and \\',
      at: 1,
      persistent: true,
    },
  };
  const line = encodeLine(41, record);
  assert.ok(line.endsWith('\n'));
  assert.equal(line.indexOf('\n'), line.length - 1, 'one line, whatever the text holds');
  assert.deepEqual(JSON.parse(line), { seq: 41, rec: record, crc: JSON.parse(line).crc });
  assert.deepEqual(decodeLine(line.slice(0, -1)), { ok: true, seq: 41, record });
});

const good = lines(7, [gone(1), gone(2), commit]);
const [first = '', second = '', third = ''] = good.split('\n');

const cases: readonly {
  name: string;
  text: string;
  sound: number;
  problem: { line: number; torn: boolean; reason: RegExp } | null;
}[] = [
  { name: 'an empty file', text: '', sound: 0, problem: null },
  { name: 'whole lines', text: good, sound: 3, problem: null },
  {
    name: 'a torn last line',
    text: good + encodeLine(10, gone(3)).slice(0, 20),
    sound: 3,
    problem: { line: 4, torn: true, reason: /torn/ },
  },
  {
    name: 'a last line cut just before its newline',
    text: good + encodeLine(10, gone(3)).slice(0, -1),
    sound: 3,
    problem: { line: 4, torn: true, reason: /torn/ },
  },
  {
    name: 'a changed character in the middle',
    text: `${first}\n${second.replace('"id":2', '"id":9')}\n${third}\n`,
    sound: 1,
    problem: { line: 2, torn: false, reason: /checksum mismatch/ },
  },
  {
    name: 'a line without checksum',
    text: `${first}\n{"seq":8}\n${third}\n`,
    sound: 1,
    problem: { line: 2, torn: false, reason: /no checksum/ },
  },
  {
    name: 'zeros where a line was (power loss)',
    text: `${first}\n${'\0'.repeat(40)}\n`,
    sound: 1,
    problem: { line: 2, torn: false, reason: /no checksum/ },
  },
  {
    name: 'a missing line',
    text: `${first}\n${third}\n`,
    sound: 1,
    problem: { line: 2, torn: false, reason: /sequence number 9 where 8 was expected/ },
  },
  {
    name: 'a line twice',
    text: `${first}\n${first}\n`,
    sound: 1,
    problem: { line: 2, torn: false, reason: /sequence number 7 where 8/ },
  },
  {
    name: 'an unknown record with a good checksum',
    text: lines(7, [{ kind: 'mystery' } as unknown as RetentionRecord]),
    sound: 0,
    problem: { line: 1, torn: false, reason: /unknown record "mystery"/ },
  },
  {
    name: 'a record missing a field',
    text: lines(7, [{ kind: 'comment-gone' } as unknown as RetentionRecord]),
    sound: 0,
    problem: { line: 1, torn: false, reason: /missing fields/ },
  },
];

for (const c of cases) {
  test(`parseLines() reads ${c.name} up to the first line it cannot trust`, () => {
    const parsed = parseLines(c.text, 7);
    assert.equal(parsed.lines.length, c.sound);
    parsed.lines.forEach((line, i) => assert.equal(line.seq, 7 + i));
    if (c.problem === null) return assert.equal(parsed.problem, null);
    assert.equal(parsed.problem?.line, c.problem.line);
    assert.equal(parsed.problem.torn, c.problem.torn);
    assert.match(parsed.problem.reason, c.problem.reason);
  });
}
