// The delivery process with a real child process, a temporary spool directory and the test
// methods of methods-for-tests.ts: delivering and recording, its own death, a stuck or stale
// predecessor, the outcomes files across compactions, and a site that stops during an attempt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../engine/system-clock.js';
import type { Logger } from '../../lib/logger.js';
import { aJob, tempDir } from '../fixtures-for-tests.js';
import type { DeliveryOutcome, NotificationJob } from '../notification-job.js';
import { openSpool, type Spool } from '../spool/open-spool.js';
import { readOutcomeFiles } from '../spool/outcome-file.js';
import {
  DELIVERY_PID_FILE,
  isDeliveryProcessAlive,
  waitForPreviousDeliveryProcess,
  writeDeliveryPid,
} from './previous-delivery-process.js';
import { deliveryProcess, type DeliveryProcess } from './process-deliverer.js';

const METHODS = new URL('./methods-for-tests.js', import.meta.url).href;
const POLICY = { initialDelayMs: 10, maxDelayMs: 20, maxAgeMs: 3_600_000 };

type Behaviour = 'temporary' | 'permanent' | 'hang' | 'die-once';

interface Site {
  readonly spool: Spool;
  readonly delivery: DeliveryProcess;
  readonly attempts: { id: string; ok: boolean; verdict: string }[];
  readonly logged: string[];
}

async function openSite(dir: string, behaviour: Record<string, Behaviour> = {}, compactAfterLines?: number) {
  const logged: string[] = [];
  const logger: Logger = { log: (level, message) => logged.push(`${level} ${message}`) };
  const delivery = deliveryProcess({
    dir,
    methods: METHODS,
    settings: () => ({ receiver: join(dir, 'received'), behaviour }),
    finishWithinMs: 5_000,
    restartDelayMs: 20,
    logger,
  });
  const attempts: Site['attempts'] = [];
  const spool = await openSpool({
    dir,
    clock: systemClock,
    policy: POLICY,
    requestPollMs: 0,
    deliverer: delivery,
    logger,
    onAttempt: (job: NotificationJob, outcome: DeliveryOutcome, verdict) =>
      attempts.push({ id: job.id, ok: outcome.ok, verdict }),
    ...(compactAfterLines === undefined ? {} : { compactAfterLines }),
  });
  return { spool, delivery, attempts, logged } satisfies Site;
}

function received(dir: string): string[] {
  const file = join(dir, 'received');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const now = (n: number): NotificationJob => ({ ...aJob(n, { contact: `c${n}` }), createdAt: Date.now() });

test('the delivery process delivers by the methods module, records every outcome first, and ends with the site', async () => {
  const tmp = tempDir();
  try {
    const site = await openSite(tmp.dir, { [aJob(2).id]: 'permanent' });
    const pid = site.delivery.pid();
    assert.ok(pid !== null && isDeliveryProcessAlive(pid));
    let closed = false;
    try {
      assert.equal(readFileSync(join(tmp.dir, DELIVERY_PID_FILE), 'utf8').trim(), String(pid));
      await Promise.all([site.spool.add(now(1)), site.spool.add(now(2))]);
      await site.spool.settled();
      assert.deepEqual(received(tmp.dir), [aJob(1).id]);
      assert.deepEqual(
        [...site.attempts].sort((a, b) => a.id.localeCompare(b.id)).map((a) => [a.id, a.verdict]),
        [
          [aJob(1).id, 'delivered'],
          [aJob(2).id, 'dead'],
        ],
      );
      const recorded = await readOutcomeFiles(tmp.dir);
      assert.deepEqual(recorded.outcomes.map((o) => [o.ids, o.outcome.ok]).sort(), [
        [[aJob(1).id], true],
        [[aJob(2).id], false],
      ]);
      await site.spool.close();
      closed = true;
      assert.equal(isDeliveryProcessAlive(pid), false);
      assert.equal(existsSync(join(tmp.dir, DELIVERY_PID_FILE)), false);
    } finally {
      if (!closed) await site.spool.close();
    }
  } finally {
    tmp.remove();
  }
});

test('a delivery process that dies during an attempt is started again and the attempt delivered again, flagged', async () => {
  const tmp = tempDir();
  try {
    const site = await openSite(tmp.dir, { [aJob(3).id]: 'die-once' });
    try {
      const first = site.delivery.pid();
      await site.spool.add(now(3));
      await until(() => received(tmp.dir).length === 2);
      await site.spool.settled();
      // The remaining fault: the receiver had it when the process died, so it arrives twice, the second time flagged.
      assert.deepEqual(received(tmp.dir), [aJob(3).id, `${aJob(3).id} redelivery`]);
      assert.notEqual(site.delivery.pid(), first);
      assert.ok(site.logged.includes('error the notification delivery process ended; starting it again'));
      assert.ok(site.logged.includes('warn notification delivery was interrupted; delivering it again'));
    } finally {
      await site.spool.close();
    }
  } finally {
    tmp.remove();
  }
});

test('outcomes files are retired by compactions and folded in by the next start', async () => {
  const tmp = tempDir();
  try {
    const site = await openSite(tmp.dir, {}, 10);
    const outcomeFiles = (): string[] => readdirSync(tmp.dir).filter((f) => f.startsWith('delivery-outcomes.'));
    try {
      for (let n = 10; n < 70; n++) await site.spool.add(now(n));
      await site.spool.settled();
    } finally {
      await site.spool.close();
    }
    const left = outcomeFiles();
    assert.ok(left.length <= 2, `outcomes files left: ${left.join(' ')}`);
    assert.ok(!left.includes('delivery-outcomes.1'), 'the first file was retired');
    const again = await openSite(tmp.dir);
    try {
      assert.deepEqual(
        outcomeFiles().filter((f) => left.includes(f)),
        [],
        'the next start folds them into the journal and removes them',
      );
      assert.equal(await again.spool.add(now(10)), 'duplicate');
    } finally {
      await again.spool.close();
    }
    assert.equal(new Set(received(tmp.dir)).size, 60);
    assert.equal(received(tmp.dir).length, 60);
  } finally {
    tmp.remove();
  }
});

test('an attempt the site gives up when it stops is not an outcome: the next start delivers it, flagged', async () => {
  const tmp = tempDir();
  try {
    const site = await openSite(tmp.dir, { [aJob(4).id]: 'hang' });
    try {
      await site.spool.add(now(4));
      await until(() => site.spool.health().inFlight === 1);
    } finally {
      await site.spool.close();
    }
    const again = await openSite(tmp.dir);
    try {
      await again.spool.settled();
      assert.deepEqual(received(tmp.dir), [`${aJob(4).id} redelivery`]);
    } finally {
      await again.spool.close();
    }
  } finally {
    tmp.remove();
  }
});

test('waitForPreviousDeliveryProcess() waits for a live delivery process, kills a stuck one, ignores a stale pid', async () => {
  const tmp = tempDir();
  // Stand-ins whose command line carries the delivery process's mark, as /proc shows it.
  const standIn = (ms: number) =>
    spawn(process.execPath, ['-e', `setTimeout(() => {}, ${ms})`, 'delivery-process-main'], { stdio: 'ignore' });
  const started: ReturnType<typeof standIn>[] = [];
  /** The pid of a process the test started, remembered so that it is stopped at the end. */
  const pidOf = (child: ReturnType<typeof standIn>): number | null => {
    started.push(child);
    return child.pid ?? null;
  };
  try {
    const rows: [string, () => number | null, number, string][] = [
      ['no pid file', () => null, 1000, 'none'],
      [
        'a process that is not a delivery process',
        () => pidOf(spawn('sleep', ['5'], { stdio: 'ignore' })),
        1000,
        'none',
      ],
      ['a delivery process that ends in 300 ms', () => pidOf(standIn(300)), 5000, 'ended'],
      ['a delivery process that does not end within the bound', () => pidOf(standIn(60_000)), 300, 'killed'],
    ];
    for (const [name, make, bound, expected] of rows) {
      const dir = join(tmp.dir, String(rows.findIndex((r) => r[0] === name)));
      mkdirSync(dir);
      const pid = make();
      if (pid !== null) writeDeliveryPid(dir, pid);
      // The spawned process needs a moment to exec before /proc shows its command line.
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(await waitForPreviousDeliveryProcess(dir, bound), expected, name);
      if (pid !== null && expected !== 'none') assert.equal(isDeliveryProcessAlive(pid), false, name);
    }
  } finally {
    for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    tmp.remove();
  }
});
