/**
 * A methods module for the delivery process's tests (load-delivery-methods.ts). Settings:
 * `{ receiver: <file>, behaviour?: { <id>: 'temporary' | 'permanent' | 'hang' | 'die-once' } }`.
 * A notification is delivered by appending `<id>` (with ` redelivery` when flagged) to the
 * receiver file; `hang` waits until the attempt is aborted; `die-once` delivers and then ends the
 * whole delivery process before it can record the outcome, the first time only (a marker file
 * beside the receiver remembers it).
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import type { DeliveryOutcome } from '../notification-job.js';
import type { MethodsFromSettings } from './load-delivery-methods.js';

/** The test methods for `settings`. */
export function deliveryMethods(settings: unknown): MethodsFromSettings {
  if (typeof settings !== 'object' || settings === null) return { ok: false, reason: 'no settings' };
  const { receiver, behaviour } = settings as { receiver?: unknown; behaviour?: Record<string, unknown> };
  if (typeof receiver !== 'string') return { ok: false, reason: 'no receiver file' };
  const deliver = (id: string, redelivery: boolean): DeliveryOutcome => {
    appendFileSync(receiver, `${id}${redelivery ? ' redelivery' : ''}\n`);
    return { ok: true, detail: 'appended' };
  };
  return {
    ok: true,
    deliver: (job, signal, context) => {
      const redelivery = context?.redelivery === true;
      switch (behaviour?.[job.id]) {
        case 'temporary':
          return Promise.resolve({ ok: false, retryable: true, reason: 'receiver busy' });
        case 'permanent':
          return Promise.resolve({ ok: false, retryable: false, reason: 'no such receiver' });
        case 'hang':
          return new Promise((resolve) =>
            signal.addEventListener('abort', () => resolve({ ok: false, retryable: true, reason: 'aborted' }), {
              once: true,
            }),
          );
        case 'die-once': {
          const marker = `${receiver}.${job.id}`;
          if (existsSync(marker)) return Promise.resolve(deliver(job.id, redelivery));
          writeFileSync(marker, '');
          deliver(job.id, redelivery);
          return process.exit(1);
        }
        default:
          return Promise.resolve(deliver(job.id, redelivery));
      }
    },
  };
}
