/**
 * A process for the spool's crash test: opens the spool in `argv[2]`, accepts notifications
 * `argv[4]` … `argv[4] + argv[5] - 1` (printing `accepted N` once each is durable) and delivers
 * them by appending their ids to the file `argv[3]` (with ` redelivery` when the spool says so); one attempt in ten fails temporarily. When
 * nothing waits any more it prints `settled` and exits. The test kills it with SIGKILL at random
 * moments and counts what arrived.
 */
import { openSync, writeSync } from 'node:fs';
import { systemClock } from '../../engine/system-clock.js';
import { aJob } from '../fixtures-for-tests.js';
import type { DeliveryOutcome } from '../notification-job.js';
import { openSpool } from './open-spool.js';

const [dir = '', receiver = '', fromText = '0', countText = '0'] = process.argv.slice(2);
const from = Number(fromText);
const count = Number(countText);

// The receiver keeps its file open: the write(2) is the moment it has the notification, as an SMTP
// server's reply is, and nothing of the receiver's own (an open or close) runs after it.
const received = openSync(receiver, 'a');
const spool = await openSpool({
  dir,
  clock: systemClock,
  policy: { initialDelayMs: 5, maxDelayMs: 20, maxAgeMs: 3_600_000 },
  requestPollMs: 0,
  compactAfterLines: 40,
  deliver: async (job, _signal, context): Promise<DeliveryOutcome> => {
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    if (Math.random() < 0.1) return { ok: false, retryable: true, reason: 'receiver busy' };
    // A redelivery of an attempt that a kill interrupted says so, as NOTIFY_REDELIVERY does for a script.
    writeSync(received, `${job.id}${context?.redelivery === true ? ' redelivery' : ''}\n`);
    return { ok: true, detail: 'appended' };
  },
});
for (let n = from; n < from + count; n++) {
  // Notifications of three contacts, so that several lanes deliver at once.
  await spool.add({ ...aJob(n, { contact: `c${n % 3}` }), createdAt: Date.now() });
  process.stdout.write(`accepted ${n}\n`);
  await new Promise((r) => setTimeout(r, 1));
}
await spool.settled();
await spool.close();
process.stdout.write('settled\n');
