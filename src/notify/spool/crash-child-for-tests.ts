/**
 * The site of the spool's crash test: opens the spool in `argv[2]` with a delivery process whose
 * methods (crash-receiver-for-tests.ts) append ids to the file `argv[3]` (or, for `smtp:PORT`,
 * the site's real methods sending e-mail to that SMTP server on 127.0.0.1), accepts notifications
 * `argv[4]` … `argv[4] + argv[5] - 1` (printing `accepted N` once each is durable), and when
 * nothing waits any more prints `settled` and exits. It prints `delivery-process PID` once its
 * delivery process runs, so that the test can clean up. The test kills this process (not its
 * delivery process) with SIGKILL at random moments and counts what arrived. It prints
 * `waited` when it had to wait for the delivery process of the killed site, and `recovered N`
 * for the outcomes that only that process had recorded.
 */
import { systemClock } from '../../engine/system-clock.js';
import { deliveryProcess } from '../delivery-process/process-deliverer.js';
import { aJob, loopbackSmtp } from '../fixtures-for-tests.js';
import type { MethodSettings } from '../methods/site-methods.js';
import { openSpool } from './open-spool.js';

const [dir = '', receiver = '', fromText = '0', countText = '0'] = process.argv.slice(2);
const from = Number(fromText);
const count = Number(countText);

const smtpPort = receiver.startsWith('smtp:') ? Number(receiver.slice(5)) : null;
const smtp: MethodSettings = {
  scriptTimeoutSeconds: 10,
  smtp: loopbackSmtp(smtpPort ?? 25),
};
const delivery = deliveryProcess({
  dir,
  methods:
    smtpPort === null
      ? new URL('./crash-receiver-for-tests.js', import.meta.url).href
      : new URL('../methods/site-methods.js', import.meta.url).href,
  settings: () => (smtpPort === null ? { receiver } : smtp),
  finishWithinMs: 10_000,
  restartDelayMs: 50,
  logger: {
    log: (_level, message) => {
      if (message.startsWith('waiting for the delivery process')) process.stdout.write('waited\n');
    },
  },
});
let opened = false;
let recovered = 0;
const spool = await openSpool({
  dir,
  clock: systemClock,
  policy: { initialDelayMs: 5, maxDelayMs: 20, maxAgeMs: 3_600_000 },
  requestPollMs: 0,
  compactAfterLines: 40,
  deliverer: delivery,
  onAttempt: () => {
    if (!opened) recovered++;
  },
});
opened = true;
process.stdout.write(`recovered ${recovered}\n`);
process.stdout.write(`delivery-process ${delivery.pid() ?? 'none'}\n`);
for (let n = from; n < from + count; n++) {
  // Notifications of three contacts, so that several lanes deliver at once.
  const contact = `c${n % 3}`;
  const method = smtpPort === null ? undefined : { kind: 'email' as const, to: `${contact}@example.org` };
  await spool.add({ ...aJob(n, { contact, ...(method === undefined ? {} : { method }) }), createdAt: Date.now() });
  process.stdout.write(`accepted ${n}\n`);
  await new Promise((r) => setTimeout(r, 1));
}
await spool.settled();
await spool.close();
process.stdout.write('settled\n');
