import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE_NOW, fixtureSource } from '../testing/livestatus-fixture.js';
import { BASES, generator, mutate } from '../testing/hostile-requests.js';
import { ANSWER_DEFAULTS, answerRequest, type AnswerContext } from './answer-request.js';
import { frameError } from './frame-response.js';
import { joinedText } from './render-result.js';
import type { CommandSink } from './ports.js';
import { RequestReader } from './request-reader.js';

/** How many generated requests go through the path: the million. */
const REQUESTS = 1_000_000;
const CODES = new Set(['200', '400', '404', '413', '451', '452']);

/**
 * The in-process request path without sockets, per request: the bytes into a fresh
 * RequestReader (framing, line and size limits), each request it yields into answerRequest
 * (parse, wait, execute, render, frame), reader errors framed as the connection frames them.
 * (The socket-level conversation helper costs ~0.2 ms a request, over three minutes for a
 * million; the hostile-requests test sends 3,000 through it.)
 */
test('1,000,000 generated hostile requests through the in-process request path: no crash, no hang, each answered', async () => {
  const random = generator(7_2026_11_21);
  let submitted = 0;
  const commands: CommandSink = { submit: () => (submitted++, { ok: true }) };
  const context: AnswerContext = {
    source: fixtureSource(),
    commands,
    logger: { log: () => undefined },
    now: () => FIXTURE_NOW,
    sleep: () => Promise.resolve(),
    counters: () => ({ requests: 0, connections: 0, activeConnections: 0 }),
    ...ANSWER_DEFAULTS,
    maxWaitMs: 0,
  };
  const signal = new AbortController().signal;
  const origin = { listener: 'test', connection: 1 } as const;
  const codes = new Map<string, number>();
  const started = Date.now();
  let slowest = 0;
  for (let n = 0; n < REQUESTS; n++) {
    const [method = '', ...headers] = mutate(random, BASES[n % BASES.length] ?? []);
    const text = `${[method, 'ResponseHeader: fixed16', ...headers].join('\n')}\n\n`;
    const reader = new RequestReader({ maxLineBytes: 4096, maxRequestBytes: 65536 });
    const before = Date.now();
    const events = [...reader.push(Buffer.from(text, n % 2 === 0 ? 'utf8' : 'latin1')), ...reader.end()];
    for (const event of events) {
      const bytes =
        event.kind === 'error'
          ? frameError(event.error, event.fixed16)
          : joinedText((await answerRequest(event.lines, origin, context, signal)).bytes);
      if (bytes === '') continue; // a COMMAND: no bytes, as Livestatus answers commands
      const where = `case ${n}: ${JSON.stringify(text.slice(0, 200))} → ${JSON.stringify(bytes.slice(0, 100))}`;
      const framed = /^(\d{3}) {1,11}\d+\n/.exec(bytes);
      if (framed === null) {
        // Unframed: a line too long to read before ResponseHeader, or the lines after a COMMAND
        // (a request of their own, without the header): then a one-line error.
        assert.match(bytes, /^[^\n]+\n$/, where);
        codes.set('unframed error', (codes.get('unframed error') ?? 0) + 1);
        continue;
      }
      const code = framed[1] ?? '';
      assert.ok(CODES.has(code), where);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    slowest = Math.max(slowest, Date.now() - before);
  }
  const elapsed = Date.now() - started;
  const refused = [...codes].filter(([code]) => code !== '200').reduce((sum, [, count]) => sum + count, 0);
  // The generator must reach answers, errors and commands, else it tests nothing.
  assert.ok((codes.get('200') ?? 0) > 50_000 && refused > 500_000 && submitted > 1_000, JSON.stringify([...codes]));
  assert.ok(slowest < 2_000, `one request took ${slowest} ms`);
  assert.ok(elapsed < 110_000, `took ${elapsed} ms`);
});
