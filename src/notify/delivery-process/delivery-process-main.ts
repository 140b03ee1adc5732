/**
 * The delivery process: `node delivery-process-main.js <spool dir> <outcomes file> <methods URL>`,
 * started by the site (process-deliverer.ts) and fed over its stdin. It outlives a kill -9 of
 * the site (a child is not killed with its parent): it then sees its input end, finishes and
 * records the attempts it has, and ends. Its stdout carries the messages to the site; log lines
 * go there too, as messages.
 */
import { messageLine, type FromDeliveryProcess } from './delivery-messages.js';
import { loadDeliveryMethods } from './load-delivery-methods.js';
import { removeDeliveryPid } from './previous-delivery-process.js';
import { serveDeliveries } from './serve-deliveries.js';

const [dir = '', outcomeFile = '', methodsUrl = ''] = process.argv.slice(2);
if (dir === '' || outcomeFile === '' || methodsUrl === '') {
  process.stderr.write('usage: delivery-process-main <spool dir> <outcomes file> <methods module URL>\n');
  process.exit(2);
}

// A Ctrl-C reaches the whole foreground process group: the site stops and then closes our input;
// an attempt under way is not cut short by the key press.
process.on('SIGINT', () => undefined);
// Stopping the service (SIGTERM to every process of it): take nothing more, finish what runs.
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());

// Stdout carries the messages to the site: whatever a method module prints goes to stderr instead.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

let siteGone = false;
// EPIPE once the site is gone: the outcomes file has everything it would have been told.
process.stdout.on('error', () => {
  siteGone = true;
});
const send = (message: FromDeliveryProcess): void => {
  if (!siteGone) process.stdout.write(messageLine(message));
};

try {
  const methods = await loadDeliveryMethods(methodsUrl);
  await serveDeliveries({ dir, outcomeFile, methods, input: process.stdin, stop: stop.signal, send });
} catch (error) {
  process.stderr.write(
    `delivery process: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
removeDeliveryPid(dir, process.pid);
// Methods may keep sockets or timers of their own; everything that mattered is written.
process.exit();
