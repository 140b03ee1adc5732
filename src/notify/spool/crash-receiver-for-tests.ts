/**
 * The methods module of the crash test's delivery process (load-delivery-methods.ts): delivers a
 * notification by appending its id to the file `settings.receiver` (with ` redelivery` when the
 * spool says so); one attempt in ten fails temporarily, one in twenty takes 200-400 ms (so
 * that a killed site's delivery process is still at work when the next site starts). The receiver keeps its file open: the
 * write(2) is the moment it has the notification, as an SMTP server's reply is.
 */
import { openSync, writeSync } from 'node:fs';
import type { MethodsFromSettings } from '../delivery-process/load-delivery-methods.js';

/** The test's receiver for `settings`, `{ receiver: <file> }`. */
export function deliveryMethods(settings: unknown): MethodsFromSettings {
  const receiver =
    typeof settings === 'object' && settings !== null && 'receiver' in settings ? settings.receiver : undefined;
  if (typeof receiver !== 'string') return { ok: false, reason: 'no receiver file' };
  const received = openSync(receiver, 'a');
  return {
    ok: true,
    deliver: async (job, _signal, context) => {
      const slow = Math.random() < 0.05;
      await new Promise((r) => setTimeout(r, slow ? 200 + Math.random() * 200 : Math.random() * 3));
      if (Math.random() < 0.1) return { ok: false, retryable: true, reason: 'receiver busy' };
      writeSync(received, `${job.id}${context?.redelivery === true ? ' redelivery' : ''}\n`);
      return { ok: true, detail: 'appended' };
    },
  };
}
