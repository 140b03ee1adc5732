/**
 * The work of the delivery process: reads the site's messages (delivery-messages.ts), runs each
 * attempt by the methods, appends its outcome to the outcomes file and only then reports it.
 *
 * Contract: when the input ends (the site stopped, also by kill -9), the attempts under way are
 * finished, not abandoned: each ends within its method's time limit, its outcome is recorded,
 * and the promise resolves. An outcome is in the outcomes file before the site can have heard of
 * it, so that whatever the site missed, the file holds.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { LogFields, LogLevel } from '../../lib/logger.js';
import type { Deliver, DeliveryOutcome } from '../notification-job.js';
import { openOutcomeFile, type OutcomeFile } from '../spool/outcome-file.js';
import { parseToDeliveryProcess, type FromDeliveryProcess, type ToDeliveryProcess } from './delivery-messages.js';
import type { DeliveryMethodsFactory } from './load-delivery-methods.js';

/** What serving needs. */
export interface ServeDeliveriesOptions {
  /** The spool's directory, where the outcomes files are. */
  readonly dir: string;
  /** The outcomes file to append to first (a name in `dir`). */
  readonly outcomeFile: string;
  readonly methods: DeliveryMethodsFactory;
  /** The site's messages, one per line. */
  readonly input: Readable;
  /** Ends the input early, as its end would (SIGTERM): nothing more is taken, what runs is finished. */
  readonly stop?: AbortSignal;
  /** Sends a message to the site; must not throw (the site may be gone). */
  readonly send: (message: FromDeliveryProcess) => void;
}

/** Serves the site's attempts until its input ends and every attempt is recorded. */
export async function serveDeliveries(options: ServeDeliveriesOptions): Promise<void> {
  const { dir, send } = options;
  let file: OutcomeFile = openOutcomeFile(dir, options.outcomeFile);
  let fileName = options.outcomeFile;
  let deliver: Deliver = () =>
    Promise.resolve({ ok: false, retryable: true, reason: 'the delivery process has no settings yet' });
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  const log = (level: LogLevel, message: string, fields: LogFields = {}): void =>
    send({ kind: 'log', level, message, fields });

  const settle = (
    attempt: Extract<ToDeliveryProcess, { kind: 'attempt' }>,
    aborted: boolean,
    outcome: DeliveryOutcome,
  ): void => {
    running.delete(attempt.key);
    // An attempt the site gave up (it stops) is not an outcome: left open, the next start delivers it again, flagged.
    if (outcome.ok || !aborted) appendOutcome(attempt, outcome);
    send({ kind: 'outcome', key: attempt.key, outcome });
  };
  const appendOutcome = (attempt: Extract<ToDeliveryProcess, { kind: 'attempt' }>, outcome: DeliveryOutcome): void => {
    try {
      file.append({ ids: attempt.ids, begun: attempt.begun, outcome });
    } catch (error) {
      // The site still hears of it and records it in its journal; only a kill of the site now would repeat it.
      log('error', 'cannot record a notification outcome', { file: fileName, error: String(error) });
    }
  };

  const handle = (message: ToDeliveryProcess): void => {
    switch (message.kind) {
      case 'settings': {
        const made = options.methods(message.settings);
        if (made.ok) deliver = made.deliver;
        else {
          log('error', 'the notification settings make no methods', { reason: made.reason });
          const reason = `notification methods not usable: ${made.reason}`;
          deliver = () => Promise.resolve({ ok: false, retryable: true, reason });
        }
        return;
      }
      case 'attempt': {
        if (running.has(message.key)) return;
        const controller = new AbortController();
        const done = deliver(message.job, controller.signal, { redelivery: message.redelivery })
          .catch((error: unknown): DeliveryOutcome => ({
            ok: false,
            retryable: true,
            reason: `delivery failed: ${String(error)}`,
          }))
          .then((outcome) => settle(message, controller.signal.aborted, outcome));
        running.set(message.key, { controller, done });
        return;
      }
      case 'abort':
        running.get(message.key)?.controller.abort();
        return;
      case 'switch': {
        try {
          const next = openOutcomeFile(dir, message.file);
          file.close();
          file = next;
          fileName = message.file;
        } catch (error) {
          log('error', 'cannot open the next outcomes file', { file: message.file, error: String(error) });
        }
        // Every outcome of the earlier file was sent before this line; the site compares the name.
        send({ kind: 'switched', file: fileName });
        return;
      }
    }
  };

  const lines = createInterface({ input: options.input, crlfDelay: Infinity });
  options.stop?.addEventListener('abort', () => lines.close(), { once: true });
  for await (const line of lines) {
    if (line === '') continue;
    const message = parseToDeliveryProcess(line);
    if (message === null) log('warn', 'delivery process: a message it cannot read', { line: line.slice(0, 200) });
    else handle(message);
  }
  // The input ended: the site stopped. What is under way is finished and recorded.
  while (running.size > 0) await Promise.all([...running.values()].map((r) => r.done));
  file.close();
}
