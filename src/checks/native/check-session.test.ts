import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSession, type SessionEnd } from './check-session.js';

const context = (timeoutMs: number, signal = new AbortController().signal) => ({
  timeoutMs,
  timeoutStatus: 2 as const,
  signal,
});

test('runSession() closes what the check opened, newest first, also when the check throws', async () => {
  const closed: string[] = [];
  await runSession(context(1000), (session) => {
    session.track(() => closed.push('tcp'));
    session.track(() => closed.push('tls over tcp'));
    return Promise.resolve({ status: 0, output: '', longOutput: '', perfdata: '', durationMs: 0 });
  });
  assert.deepEqual(closed, ['tls over tcp', 'tcp']);
  closed.length = 0;
  await assert.rejects(
    runSession(context(1000), (session) => {
      session.track(() => closed.push('socket'));
      return Promise.reject(new Error('bug'));
    }),
  );
  assert.deepEqual(closed, ['socket']);
});

test('a session ends by its timeout or its abort signal, and tells its listeners once', async () => {
  const ends: SessionEnd[] = [];
  await runSession(context(20), async (session) => {
    session.onEnd((end) => ends.push(end));
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(session.ended, 'timeout');
    return { status: 0, output: '', longOutput: '', perfdata: '', durationMs: 0 };
  });
  const controller = new AbortController();
  await runSession(context(10_000, controller.signal), async (session) => {
    session.onEnd((end) => ends.push(end));
    controller.abort();
    await Promise.resolve();
    return { status: 0, output: '', longOutput: '', perfdata: '', durationMs: 0 };
  });
  assert.deepEqual(ends, ['timeout', 'aborted']);
});
