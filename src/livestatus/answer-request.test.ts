import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostState } from '../model/check-state.js';
import type { LogLevel } from '../lib/logger.js';
import { FakeStatusSource, RecordingCommandSink } from '../testing/fake-status-source.js';
import { FIXTURE_NOW, fixtureConfiguration, fixtureSource } from '../testing/livestatus-fixture.js';
import { ANSWER_DEFAULTS, answerRequest, type AnswerContext } from './answer-request.js';
import type { StatusSource } from './ports.js';

function context(source: StatusSource, overrides: Partial<AnswerContext> = {}) {
  const clock = { now: FIXTURE_NOW };
  const logged: { level: LogLevel; message: string }[] = [];
  const commands = new RecordingCommandSink();
  const ctx: AnswerContext = {
    source,
    commands,
    logger: { log: (level, message) => logged.push({ level, message }) },
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
    counters: () => ({ requests: 0, connections: 0, activeConnections: 0 }),
    ...ANSWER_DEFAULTS,
    ...overrides,
  };
  return { ctx, clock, logged, commands };
}

const ask = (text: string, ctx: AnswerContext) =>
  answerRequest(text.split('\n'), { listener: 'test', connection: 7 }, ctx, new AbortController().signal);

test('answerRequest() waits until the wait condition holds, then answers with the new state', async () => {
  const source = fixtureSource();
  let polls = 0;
  const up: HostState = {
    kind: 'ok',
    lastCheck: FIXTURE_NOW + 500,
    lastStateChange: FIXTURE_NOW + 500,
    lastHardStateChange: FIXTURE_NOW + 500,
    previousProblem: 'down',
    output: 'PING OK',
    longOutput: '',
    perfdata: '',
  };
  const { ctx, clock } = context(source, {
    sleep: async (ms) => {
      clock.now += ms;
      // The host recovers while the client waits.
      if (++polls === 3) source.set({ object: 'host', hostName: 'srv2', state: up });
    },
  });
  const answer = await ask(
    'GET hosts\nWaitObject: srv2\nWaitCondition: state = 0\nWaitTrigger: state\nWaitTimeout: 5000\nColumns: name state plugin_output\nFilter: name = srv2',
    ctx,
  );
  assert.deepEqual(answer, { bytes: 'srv2;0;PING OK\n', keepOpen: false });
  assert.equal(polls, 3);
  assert.equal(clock.now, FIXTURE_NOW + 3 * ANSWER_DEFAULTS.waitPollMs);
});

test('answerRequest() caps WaitTimeout 0 (forever) at the server limit', async () => {
  const { ctx, clock } = context(fixtureSource(), { maxWaitMs: 1000 });
  const answer = await ask(
    'GET hosts\nWaitObject: srv2\nWaitCondition: state = 0\nWaitTimeout: 0\nColumns: state\nFilter: name = srv2',
    ctx,
  );
  assert.equal(answer.bytes, '1\n');
  assert.equal(clock.now, FIXTURE_NOW + 1000);
});

test('answerRequest() hands commands to the sink in order and answers nothing; refused ones are logged', async () => {
  const { ctx, commands, logged } = context(fixtureSource());
  assert.deepEqual(await ask('COMMAND [1700000000] DISABLE_HOST_CHECK;srv1', ctx), { bytes: '', keepOpen: true });
  assert.deepEqual(await ask('COMMAND [1700000000] NO_SUCH_THING;srv1', ctx), { bytes: '', keepOpen: true });
  assert.deepEqual(await ask('COMMAND [1700000000] ENABLE_HOST_CHECK;srv1', ctx), { bytes: '', keepOpen: true });
  assert.deepEqual(
    commands.received.map((r) => [r.command.name, r.command.args, r.origin.connection]),
    [
      ['DISABLE_HOST_CHECK', ['srv1'], 7],
      ['ENABLE_HOST_CHECK', ['srv1'], 7],
    ],
  );
  assert.ok(logged.some((l) => l.level === 'warn' && l.message === 'external command refused'));
});

test('answerRequest() stops at Timelimit with 413', async () => {
  const { ctx, clock } = context(fixtureSource());
  const slow: AnswerContext = {
    ...ctx,
    now: () => {
      clock.now += 1000;
      return clock.now;
    },
  };
  const answer = await ask('GET columns\nTimelimit: 1\nResponseHeader: fixed16', slow);
  assert.equal(answer.bytes, '413          42\nMaximum query time of 1 seconds exceeded!\n');
});

test('answerRequest() refuses answers over the response size limit with 413', async () => {
  const { ctx } = context(fixtureSource(), { maxResponseBytes: 1000 });
  const answer = await ask('GET columns\nResponseHeader: fixed16', ctx);
  assert.equal(answer.bytes, '413          46\nMaximum response size of 1000 bytes exceeded!\n');
});

test('answerRequest() answers 452 and logs when the status source fails, instead of crashing', async () => {
  const broken = new FakeStatusSource({ configuration: fixtureConfiguration() });
  broken.hostStatus = () => {
    throw new Error('state store is gone');
  };
  const { ctx, logged } = context(broken);
  const answer = await ask('GET hosts\nColumns: name state\nResponseHeader: fixed16\nKeepAlive: on', ctx);
  assert.deepEqual(answer, { bytes: '452          43\ninternal error while answering the request\n', keepOpen: false });
  assert.ok(logged.some((l) => l.level === 'error'));
});

test('answerRequest() stops every query at the server limit, Timelimit or not', async () => {
  const { ctx, clock } = context(fixtureSource(), { maxQueryMs: 1000 });
  const slow: AnswerContext = {
    ...ctx,
    now: () => {
      clock.now += 1000;
      return clock.now;
    },
  };
  const answer = await ask('GET columns\nResponseHeader: fixed16', slow);
  assert.equal(answer.bytes, '413          42\nMaximum query time of 1 seconds exceeded!\n');
});
