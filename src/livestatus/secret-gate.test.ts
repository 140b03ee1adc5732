import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretGate, secretMatches, type GateEvent } from './secret-gate.js';

const SECRET = 's3cret-s3cret-s3cret';

/** Feeds chunks (then the end of input, if asked) and describes the first decision. */
function decide(chunks: readonly string[], end: boolean): string {
  const gate = new SecretGate(SECRET);
  let decided: GateEvent | null = null;
  for (const chunk of chunks) {
    decided ??= gate.push(Buffer.from(chunk));
    if (decided !== null) break;
  }
  if (decided === null && end) decided = gate.end();
  if (decided === null) return 'pending';
  return decided.kind === 'open'
    ? `open ${JSON.stringify(decided.rest.toString())}`
    : `refused ${decided.reason} ${JSON.stringify(decided.answer)}`;
}

const WRONG = '"access denied: wrong secret\\n"';
const WRONG16 = '"403          28\\naccess denied: wrong secret\\n"';
const MISSING16 = `"403          70\\naccess denied: this listener requires a first line 'Secret: <secret>'\\n"`;

const CASES: readonly { name: string; chunks: string[]; end?: boolean; expected: string | RegExp }[] = [
  { name: 'secret alone', chunks: [`Secret: ${SECRET}\n`], expected: 'open ""' },
  { name: 'secret and request', chunks: [`Secret: ${SECRET}\nGET hosts\n\n`], expected: 'open "GET hosts\\n\\n"' },
  {
    name: 'secret split byte by byte',
    chunks: [...`Secret: ${SECRET}\nGET`],
    expected: 'open ""',
  },
  { name: 'CRLF and trailing blanks', chunks: [`Secret:${SECRET} \r\n`], expected: 'open ""' },
  { name: 'no line yet', chunks: ['Secret: s3'], expected: 'pending' },
  { name: 'wrong secret, waits for the request', chunks: ['Secret: x\n', 'GET hosts\n'], expected: 'pending' },
  {
    name: 'wrong secret, request with fixed16',
    chunks: ['Secret: x\nGET hosts\nResponseHeader: fixed16\n\n'],
    expected: `refused wrong ${WRONG16}`,
  },
  {
    name: 'wrong secret, request without header',
    chunks: ['Secret: x\nGET hosts\n\n'],
    expected: `refused wrong ${WRONG}`,
  },
  { name: 'wrong secret, then end of input', chunks: ['Secret: x\n'], end: true, expected: `refused wrong ${WRONG}` },
  {
    name: 'a prefix of the secret',
    chunks: [`Secret: ${SECRET.slice(0, -1)}\n\n`],
    end: true,
    expected: `refused wrong ${WRONG}`,
  },
  {
    name: 'the secret twice',
    chunks: [`Secret: ${SECRET}${SECRET}\n\n`],
    end: true,
    expected: `refused wrong ${WRONG}`,
  },
  {
    name: 'missing: the request comes first',
    chunks: ['GET hosts\nResponseHeader: fixed16\n\n'],
    expected: `refused missing ${MISSING16}`,
  },
  {
    name: 'lower-case keyword is not the secret line',
    chunks: [`secret: ${SECRET}\n\n`],
    expected: /^refused missing /,
  },
  { name: 'end of input before anything', chunks: [], end: true, expected: /^refused missing / },
  {
    name: 'a first line longer than any secret line',
    chunks: ['x'.repeat(5000)],
    end: true,
    expected: /^refused missing /,
  },
];

for (const row of CASES) {
  test(`SecretGate: ${row.name}`, () => {
    const got = decide(row.chunks, row.end ?? false);
    if (typeof row.expected === 'string') assert.equal(got, row.expected);
    else assert.match(got, row.expected);
  });
}

test('SecretGate.timedOut() refuses a client that has not sent its line, and nothing after a decision', () => {
  const waiting = new SecretGate(SECRET);
  assert.deepEqual(waiting.timedOut(), {
    kind: 'refused',
    reason: 'timeout',
    answer: "access denied: no 'Secret:' line in time\n",
  });
  const open = new SecretGate(SECRET);
  assert.equal(open.push(Buffer.from(`Secret: ${SECRET}\n`))?.kind, 'open');
  assert.equal(open.pending, false);
  assert.equal(open.timedOut(), null);
  assert.equal(open.push(Buffer.from('GET hosts\n\n')), null);
});

test('secretMatches() compares whole secrets of any length', () => {
  assert.equal(secretMatches(SECRET, SECRET), true);
  assert.equal(secretMatches('', SECRET), false);
  assert.equal(secretMatches(SECRET.toUpperCase(), SECRET), false);
  assert.equal(secretMatches(`${SECRET}\0`, SECRET), false);
  assert.equal(secretMatches('ü'.repeat(100), 'ü'.repeat(100)), true);
});
