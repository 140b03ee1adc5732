import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordingCommandSink } from '../testing/fake-status-source.js';
import { FIXTURE_NOW, fixtureSource } from '../testing/livestatus-fixture.js';
import { converse } from '../testing/livestatus-script.js';
import { BASES, generator, mutate } from '../testing/hostile-requests.js';

test('generated hostile requests get a well-framed answer each, and nothing breaks', async () => {
  const random = generator(20240601);
  const source = fixtureSource();
  const commands = new RecordingCommandSink();
  const codes = new Map<string, number>();
  for (let n = 0; n < 3000; n++) {
    const base = BASES[n % BASES.length] ?? [];
    const [method = '', ...headers] = mutate(random, base);
    const lines = [method, 'ResponseHeader: fixed16', ...headers];
    const request = `${lines.join('\n')}\n\n`;
    const answer = await converse({
      request: Buffer.from(request, n % 2 === 0 ? 'utf8' : 'latin1'),
      source,
      commands,
      clock: { now: FIXTURE_NOW },
      limits: { maxLineBytes: 4096, maxRequestBytes: 65536 },
    });
    const context = `case ${n}: ${JSON.stringify(request.slice(0, 300))} → ${JSON.stringify(answer.slice(0, 200))}`;
    // A command gets no bytes; the lines after it are requests of their own, framed as they ask.
    if ((lines[0] ?? '').startsWith('COMMAND ')) continue;
    // A method line too long to read is refused before the server could see ResponseHeader.
    if (/^request line longer than \d+ bytes\n$/.test(answer)) continue;
    const header = /^(\d{3}) {1,11}(\d+)\n/.exec(answer.slice(0, 16));
    assert.ok(header !== null && answer.length >= 16, context);
    const [, code = '', length = ''] = header;
    assert.ok(['200', '400', '404', '413', '451', '452'].includes(code), context);
    assert.equal(Buffer.byteLength(answer.slice(16)), Number(length), context);
    if (code !== '200') assert.match(answer.slice(16), /^[^\n]+\n$/, context);
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  // The generator must reach both answers and errors, else it tests nothing.
  assert.ok((codes.get('200') ?? 0) > 100, JSON.stringify([...codes]));
  assert.ok((codes.get('400') ?? 0) > 100, JSON.stringify([...codes]));
});
