import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCancel, encodeRun, HelperOutputDecoder, HELPER_PROTOCOL_VERSION } from './helper-protocol.js';

const greeting = (): Buffer => {
  const b = Buffer.alloc(8);
  b.write('WPSH', 0, 'latin1');
  b.writeUInt32LE(HELPER_PROTOCOL_VERSION, 4);
  return b;
};

interface ResultFields {
  id: number;
  how: number;
  flags: number;
  value: number;
  stdout: string;
  stderr: string;
}

/** A result frame as the helper writes it. */
function resultFrame(r: ResultFields): Buffer {
  const out = Buffer.from(r.stdout);
  const err = Buffer.from(r.stderr);
  const body = Buffer.alloc(4 + 1 + 1 + 4 + 32 + 4 + out.length + 4 + err.length);
  let at = body.writeUInt32LE(r.id, 0);
  at = body.writeUInt8(r.how, at);
  at = body.writeUInt8(r.flags, at);
  at = body.writeInt32LE(r.value, at);
  for (const v of [1_700_000_000_000_000, 1_700_000_000_012_345, 700, 300]) {
    at = body.writeUInt32LE(v % 2 ** 32, at);
    at = body.writeUInt32LE(Math.floor(v / 2 ** 32), at);
  }
  at = body.writeUInt32LE(out.length, at);
  at += out.copy(body, at);
  at = body.writeUInt32LE(err.length, at);
  err.copy(body, at);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([length, body]);
}

test('encodeRun() writes the frame the helper reads: type, id, timeout, counts, strings', () => {
  const frame = encodeRun({ id: 7, argv: ['/bin/echo', 'é'], env: ['LANG=C'], timeoutMs: 1500 });
  assert.equal(frame.readUInt32LE(0), frame.length - 4);
  assert.equal(frame.readUInt8(4), 1);
  assert.equal(frame.readUInt32LE(5), 7);
  assert.equal(frame.readUInt32LE(9), 1500);
  assert.equal(frame.readUInt16LE(13), 2);
  assert.equal(frame.readUInt16LE(15), 1);
  assert.equal(frame.readUInt32LE(17), 9);
  assert.equal(frame.toString('utf8', 21, 30), '/bin/echo');
  assert.equal(frame.readUInt32LE(30), 2, 'lengths count bytes, not characters');
  assert.deepEqual([...encodeCancel(9)], [5, 0, 0, 0, 2, 9, 0, 0, 0]);
  assert.throws(() => encodeRun({ id: 1, argv: [], env: [], timeoutMs: 1 }), /argv needs 1\.\.65535 words/);
});

test('HelperOutputDecoder reads results however the stream is cut', () => {
  const stream = Buffer.concat([
    greeting(),
    resultFrame({ id: 1, how: 0, flags: 4, value: 2, stdout: 'CRITICAL - x\n', stderr: 'warn' }),
    resultFrame({ id: 2, how: 1, flags: 1, value: 9, stdout: '', stderr: '' }),
    resultFrame({ id: 3, how: 2, flags: 0, value: 2, stdout: '', stderr: 'No such file or directory' }),
  ]);
  for (const cut of [1, 3, 8, 9, 50, stream.length]) {
    const decoder = new HelperOutputDecoder();
    const results = [];
    for (let at = 0; at < stream.length; at += cut) {
      const step = decoder.push(stream.subarray(at, at + cut));
      assert.ok(step.ok, `cut ${cut}`);
      results.push(...step.results);
    }
    assert.deepEqual(
      results.map((r) => [r.id, r.end, r.timedOut, r.stdoutTruncated, r.stdout.toString(), r.stderr.toString()]),
      [
        [1, { kind: 'exited', code: 2 }, false, true, 'CRITICAL - x\n', 'warn'],
        [2, { kind: 'signaled', signal: 9 }, true, false, '', ''],
        [3, { kind: 'not-started', errno: 2, message: 'No such file or directory' }, false, false, '', ''],
      ],
      `cut ${cut}`,
    );
    const first = results[0];
    assert.ok(first !== undefined);
    assert.equal(first.endUs - first.startUs, 12_345);
    assert.equal(first.userCpuUs, 700);
    assert.equal(first.systemCpuUs, 300);
  }
});

test('HelperOutputDecoder refuses a helper of another protocol and broken frames, for good', () => {
  const cases: { name: string; bytes: Buffer; error: RegExp }[] = [
    { name: 'wrong magic', bytes: Buffer.from('HELLO, WORLD'), error: /greets with "HELL" version/ },
    {
      name: 'wrong version',
      bytes: Buffer.concat([Buffer.from('WPSH'), Buffer.from([99, 0, 0, 0])]),
      error: /version 99, not WPSH version 1/,
    },
    { name: 'short frame', bytes: Buffer.concat([greeting(), Buffer.from([2, 0, 0, 0, 1, 2])]), error: /too short/ },
    {
      name: 'huge frame',
      bytes: Buffer.concat([greeting(), Buffer.from([0xff, 0xff, 0xff, 0xff])]),
      error: /too large/,
    },
  ];
  for (const { name, bytes, error } of cases) {
    const decoder = new HelperOutputDecoder();
    const step = decoder.push(bytes);
    assert.ok(!step.ok && error.test(step.error), name);
    const again = decoder.push(greeting());
    assert.ok(!again.ok, `${name}: stays broken`);
  }
});
