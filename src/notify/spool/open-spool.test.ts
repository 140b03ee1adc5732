import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../engine/manual-clock.js';
import { aJob, T0, tempDir } from '../fixtures-for-tests.js';
import type { DeliveryOutcome, NotificationJob } from '../notification-job.js';
import { openSpool, readSpool, requestRetry, type SpoolOptions } from './open-spool.js';
import { SPOOL_FILE } from './spool-journal.js';

const POLICY = { initialDelayMs: 1000, maxDelayMs: 4000, maxAgeMs: 60_000 };

/** Waits for real I/O until `condition` holds (the spool writes files); fails after 5 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'condition not reached within 5 s');
}

/** A delivery that answers from a script of outcomes per job id (default: delivered), recording attempts. */
function scriptedDelivery(script: Record<string, DeliveryOutcome[]> = {}): {
  deliver: SpoolOptions['deliver'];
  attempts: string[];
} {
  const attempts: string[] = [];
  return {
    attempts,
    deliver: (job: NotificationJob) => {
      attempts.push(job.id);
      const next = script[job.id]?.shift();
      return Promise.resolve(next ?? { ok: true, detail: 'fine' });
    },
  };
}

const TEMPORARY: DeliveryOutcome = { ok: false, retryable: true, reason: 'mail server down' };
const PERMANENT: DeliveryOutcome = { ok: false, retryable: false, reason: '550 no such user' };

test('openSpool() delivers an accepted notification once and recognises its id afterwards', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  const { deliver, attempts } = scriptedDelivery();
  const spool = await openSpool({ dir: tmp.dir, clock, deliver, policy: POLICY, requestPollMs: 0 });
  try {
    assert.equal(await spool.add(aJob(1)), 'accepted');
    await spool.settled();
    assert.deepEqual(attempts, [aJob(1).id]);
    assert.equal(await spool.add(aJob(1)), 'duplicate');
    await spool.settled();
    assert.equal(attempts.length, 1);
    assert.deepEqual(
      { ...spool.health(), journalBytes: 0 },
      {
        queued: 0,
        dead: 0,
        inFlight: 0,
        oldestQueuedAgeMs: null,
        delivered: 1,
        temporaryFailures: 0,
        permanentFailures: 0,
        journalBytes: 0,
        broken: false,
      },
    );
  } finally {
    await spool.close();
    tmp.remove();
  }
});

test('openSpool() retries a temporary failure with doubling back-off and gives up at the maximum age', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  const job = aJob(2);
  const { deliver, attempts } = scriptedDelivery({ [job.id]: Array<DeliveryOutcome>(100).fill(TEMPORARY) });
  const results: string[] = [];
  const spool = await openSpool({
    dir: tmp.dir,
    clock,
    deliver,
    policy: { initialDelayMs: 1000, maxDelayMs: 4000, maxAgeMs: 10_000 },
    requestPollMs: 0,
    onAttempt: (_job, _outcome, verdict) => results.push(`${(clock.now() - T0) / 1000}s ${verdict}`),
  });
  try {
    await spool.add(job);
    await until(() => attempts.length === 1);
    // Due after 1 s, then 2 s, then 4 s (the maximum), then 4 s again would pass the maximum age of 10 s.
    // Each wait starts once the failed attempt is recorded and the next one is scheduled.
    const scheduled = (): boolean => spool.health().inFlight === 0 && clock.pendingTimers === 1;
    for (const [wait, expected] of [
      [999, 1],
      [1, 2],
      [2000, 3],
      [4000, 4],
    ] as const) {
      await until(scheduled);
      clock.advance(wait);
      await until(() => attempts.length === expected);
    }
    await until(() => results.length === 4);
    assert.deepEqual(results, ['0s retry', '1s retry', '3s retry', '7s dead']);
    const [entry] = spool.list();
    assert.equal(entry?.status, 'dead');
    assert.match(entry?.lastReason ?? '', /too old to try again after 4 attempt\(s\): mail server down/);
    assert.equal(spool.health().dead, 1);
    assert.equal(spool.health().temporaryFailures, 4);
  } finally {
    await spool.close();
    tmp.remove();
  }
});

test('openSpool() puts a permanent failure on the dead-letter list at once; retry() and a retry request put it back', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  const job = aJob(3);
  const { deliver, attempts } = scriptedDelivery({ [job.id]: [PERMANENT, PERMANENT] });
  const spool = await openSpool({ dir: tmp.dir, clock, deliver, policy: POLICY, requestPollMs: 100 });
  try {
    await spool.add(job);
    await until(() => spool.health().dead === 1);
    assert.equal(spool.health().permanentFailures, 1);
    assert.equal(await spool.retry('ffff'), false);
    assert.equal(await spool.retry(job.id), true);
    await until(() => attempts.length === 2 && spool.health().dead === 1);
    // The command line leaves a request in the spool directory; the spool picks it up.
    await requestRetry(tmp.dir, job.id);
    clock.advance(100);
    await until(() => attempts.length === 3);
    await spool.settled();
    assert.equal(spool.health().dead, 0);
    assert.equal(spool.health().delivered, 1);
    // The request file is removed after the retry it asked for, which may end after the delivery.
    await until(() => readdirSync(join(tmp.dir, 'requests')).length === 0);
  } finally {
    await spool.close();
    tmp.remove();
  }
});

test('openSpool() keeps the order per contact and method while the first is retried, and does not hold up others', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  const first = aJob(10, { contact: 'alice' });
  const { deliver, attempts } = scriptedDelivery({ [first.id]: [TEMPORARY] });
  const spool = await openSpool({ dir: tmp.dir, clock, deliver, policy: POLICY, requestPollMs: 0 });
  try {
    await Promise.all([
      spool.add(first),
      spool.add(aJob(11, { contact: 'alice' })),
      spool.add(aJob(12, { contact: 'bob' })),
    ]);
    await until(() => attempts.length === 2);
    assert.deepEqual(attempts, [aJob(10).id, aJob(12).id]);
    clock.advance(1000);
    await spool.settled();
    assert.deepEqual(attempts, [aJob(10).id, aJob(12).id, aJob(10).id, aJob(11).id]);
  } finally {
    await spool.close();
    tmp.remove();
  }
});

test('a notification older than the maximum age is not tried but put on the dead-letter list', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0 + 120_000);
  const { deliver, attempts } = scriptedDelivery();
  const spool = await openSpool({ dir: tmp.dir, clock, deliver, policy: POLICY, requestPollMs: 0 });
  try {
    await spool.add(aJob(20, { createdAt: T0 }));
    await until(() => spool.health().dead === 1);
    assert.deepEqual(attempts, []);
    assert.match(spool.list()[0]?.lastReason ?? '', /too old/);
    // A person's retry gives it a fresh maximum age, also across a restart.
    await spool.close();
    const reopened = await openSpool({ dir: tmp.dir, clock, deliver, policy: POLICY, requestPollMs: 0 });
    try {
      assert.equal(await reopened.retry(aJob(20).id), true);
      await reopened.settled();
      assert.deepEqual(attempts, [aJob(20).id]);
    } finally {
      await reopened.close();
    }
  } finally {
    await spool.close();
    tmp.remove();
  }
});

test('reopening the spool delivers what waited, keeps the dead-letter list and remembers delivered ids', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  try {
    const first = scriptedDelivery({ [aJob(30).id]: [TEMPORARY], [aJob(31).id]: [PERMANENT] });
    const spool = await openSpool({ dir: tmp.dir, clock, deliver: first.deliver, policy: POLICY, requestPollMs: 0 });
    await Promise.all([
      spool.add(aJob(30)),
      spool.add(aJob(31, { contact: 'bob' })),
      spool.add(aJob(32, { contact: 'carol' })),
    ]);
    await until(() => first.attempts.length === 3);
    await spool.close();

    const listed = await readSpool(tmp.dir, clock.now());
    assert.deepEqual(
      listed.entries.map((e) => [e.job.id.slice(-2), e.status, e.attempts]),
      [
        ['1e', 'queued', 1],
        ['1f', 'dead', 0],
      ],
    );

    const second = scriptedDelivery();
    const again = await openSpool({ dir: tmp.dir, clock, deliver: second.deliver, policy: POLICY, requestPollMs: 0 });
    assert.equal(await again.add(aJob(32, { contact: 'carol' })), 'duplicate');
    clock.advance(1000);
    await again.settled();
    assert.deepEqual(second.attempts, [aJob(30).id]);
    assert.equal(again.health().dead, 1);
    await again.close();
  } finally {
    tmp.remove();
  }
});

test('a journal line cut short by a crash is dropped, a damaged one is reported and the file kept', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  try {
    const never = (): Promise<DeliveryOutcome> => Promise.resolve(TEMPORARY);
    const spool = await openSpool({ dir: tmp.dir, clock, deliver: never, policy: POLICY, requestPollMs: 0 });
    await Promise.all([spool.add(aJob(40)), spool.add(aJob(41, { contact: 'bob' }))]);
    await spool.close();
    const path = join(tmp.dir, SPOOL_FILE);
    const lines = readFileSync(path, 'utf8').split('\n');
    // Damage the line of job 40 and cut a last line short.
    const damaged = lines.map((l) =>
      l.includes(aJob(40).id) && l.includes('"add"') ? l.replace('output 40', 'output 4O') : l,
    );
    writeFileSync(path, damaged.join('\n'));
    appendFileSync(path, '{"seq":99,"rec":{"kind":"done","id":"');
    const problems: string[] = [];
    const logger = { log: (_l: string, _m: string, f?: Record<string, unknown>) => problems.push(String(f?.problem)) };
    const reopened = await openSpool({ dir: tmp.dir, clock, deliver: never, policy: POLICY, requestPollMs: 0, logger });
    assert.deepEqual(
      reopened.list().map((e) => e.job.id),
      [aJob(41).id],
    );
    await reopened.close();
    assert.ok(problems.some((p) => /cut short/.test(p)));
    assert.ok(problems.some((p) => /checksum mismatch/.test(p)));
    assert.ok(readdirSync(tmp.dir).some((name) => name.startsWith(`${SPOOL_FILE}.corrupt-`)));
  } finally {
    tmp.remove();
  }
});

test('the journal is compacted after many lines and reads back the same spool', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  try {
    const { deliver } = scriptedDelivery({ [aJob(1000).id]: [PERMANENT] });
    const spool = await openSpool({
      dir: tmp.dir,
      clock,
      deliver,
      policy: POLICY,
      requestPollMs: 0,
      compactAfterLines: 50,
    });
    await spool.add(aJob(1000));
    for (let n = 1; n <= 200; n++) await spool.add(aJob(n, { contact: `c${n % 7}` }));
    await spool.settled();
    const size = spool.health().journalBytes;
    await spool.close();
    // 200 delivered ids and one dead notification; without compaction there would be 400+ lines.
    const lines = readFileSync(join(tmp.dir, SPOOL_FILE), 'utf8').trim().split('\n');
    assert.ok(lines.length < 320, `journal has ${lines.length} lines`);
    assert.ok(size > 0);
    const { entries } = await readSpool(tmp.dir, clock.now());
    assert.deepEqual(
      entries.map((e) => [e.job.id, e.status]),
      [[aJob(1000).id, 'dead']],
    );
  } finally {
    tmp.remove();
  }
});

test('openSpool() has the done record in the journal file the moment the method succeeds, before any await', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  let release: (outcome: DeliveryOutcome) => void = () => undefined;
  const seen: { beginBefore: boolean; doneAfter: boolean }[] = [];
  const file = join(tmp.dir, SPOOL_FILE);
  const deliver: SpoolOptions['deliver'] = (job) => {
    const beginBefore = readFileSync(file, 'utf8').includes(`"kind":"begin","id":"${job.id}"`);
    return new Promise<DeliveryOutcome>((resolve) => {
      release = (outcome) => {
        resolve(outcome);
        // Runs after the spool's reaction to the promise (queued behind it), still before any I/O callback.
        void Promise.resolve().then(() =>
          seen.push({ beginBefore, doneAfter: readFileSync(file, 'utf8').includes(`"kind":"done","id":"${job.id}"`) }),
        );
      };
    });
  };
  const spool = await openSpool({ dir: tmp.dir, clock, deliver, policy: POLICY, requestPollMs: 0 });
  try {
    await spool.add(aJob(1));
    await until(() => spool.health().inFlight === 1);
    release({ ok: true, detail: 'fine' });
    await spool.settled();
    assert.deepEqual(seen, [{ beginBefore: true, doneAfter: true }]);
  } finally {
    await spool.close();
    tmp.remove();
  }
});

test('openSpool() delivers again, flagged as a redelivery, what was in flight when the site stopped; only that', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  // A first site accepts two notifications and stops (as a kill would) while delivering the first.
  const hang: SpoolOptions['deliver'] = () => new Promise<DeliveryOutcome>(() => undefined);
  const first = await openSpool({ dir: tmp.dir, clock, deliver: hang, policy: POLICY, requestPollMs: 0 });
  await first.add(aJob(1));
  await first.add(aJob(2));
  await until(() => first.health().inFlight === 1);
  // Not closed: the journal is read as the kill left it.
  const flags: [string, boolean][] = [];
  const second = await openSpool({
    dir: tmp.dir,
    clock,
    policy: POLICY,
    requestPollMs: 0,
    deliver: (job, _signal, context) => {
      flags.push([job.id, context?.redelivery === true]);
      return Promise.resolve({ ok: true, detail: 'fine' });
    },
  });
  try {
    await second.settled();
    assert.deepEqual(flags, [
      [aJob(1).id, true],
      [aJob(2).id, false],
    ]);
  } finally {
    await second.close();
    tmp.remove();
  }
});

test('openSpool() keeps done records written while the journal is being compacted', async () => {
  const tmp = tempDir();
  const clock = new ManualClock(T0);
  const { deliver } = scriptedDelivery();
  const spool = await openSpool({
    dir: tmp.dir,
    clock,
    deliver,
    policy: POLICY,
    requestPollMs: 0,
    compactAfterLines: 3,
  });
  try {
    // Many lanes at once: deliveries finish while batches are written and the file is compacted.
    for (let n = 1; n <= 200; n++) void spool.add(aJob(n, { contact: `c${n % 7}` }));
    await until(() => spool.health().delivered === 200);
    await spool.settled();
  } finally {
    await spool.close();
  }
  const { entries } = await readSpool(tmp.dir, T0);
  assert.deepEqual(entries, [], 'every delivered notification has its done record in the compacted journal');
  tmp.remove();
});
