/**
 * The site's side of the delivery process: a {@link SpoolDeliverer} that starts
 * delivery-process-main.js as a long-lived child, feeds it attempts over its stdin and hears
 * their outcomes on its stdout (delivery-messages.ts).
 *
 * Why a separate process: a kill -9 of the site does not kill its children. The delivery
 * process then finishes its attempts and appends their outcomes to the outcomes file before it
 * would have reported them (serve-deliveries.ts); the next start waits for it to end
 * (previous-delivery-process.ts) and folds the file into the journal. So no kill of the site,
 * at any moment, makes a notification arrive twice or not at all.
 *
 * The remaining fault, separate from that one: the delivery process itself dying during an
 * attempt (killed on its own, out of memory, the machine). The site reads the outcomes file for
 * the attempts it had sent, reports those without a recorded outcome as interrupted (the spool
 * delivers them again, flagged as a redelivery: NOTIFY_REDELIVERY=1, same Message-ID and
 * Idempotency-Key), and starts a new delivery process, after a pause that doubles while it keeps
 * dying.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { packagePath } from '../../lib/package-path.js';
import type { Logger } from '../../lib/logger.js';
import { outcomeFileName, readOutcomeFiles } from '../spool/outcome-file.js';
import type { Attempt, AttemptResult, RecordedOutcome, SpoolDeliverer } from '../spool/spool-deliverer.js';
import { messageLine, parseFromDeliveryProcess, type ToDeliveryProcess } from './delivery-messages.js';
import { removeDeliveryPid, waitForPreviousDeliveryProcess, writeDeliveryPid } from './previous-delivery-process.js';

// A module of its own, run in the delivery process: found in the package, not beside this one.
const MAIN = packagePath('dist', 'src', 'notify', 'delivery-process', 'delivery-process-main.js');
const SWITCH_TIMEOUT_MS = 10_000;
const LONGEST_RESTART_DELAY_MS = 30_000;

/** What the delivery process needs. */
export interface DeliveryProcessOptions {
  /** The spool's directory: outcomes files and the pid file go there. */
  readonly dir: string;
  /** The URL of the methods module the process loads (load-delivery-methods.ts), e.g. that of methods/site-methods.js. */
  readonly methods: string;
  /** The settings handed to the methods module at start and by {@link DeliveryProcess.updateSettings}. */
  readonly settings: () => unknown;
  /**
   * The longest an attempt may take (the longest time limit of a method, plus a margin): how long
   * a start waits for the previous delivery process, and `close` for this one, before killing it.
   */
  readonly finishWithinMs: number;
  /** First pause before a delivery process that died is started again (default 1 s; doubles up to 30 s). */
  readonly restartDelayMs?: number;
  readonly logger?: Logger;
}

/** The running delivery process, as the spool's deliverer. */
export interface DeliveryProcess extends SpoolDeliverer {
  /** Sends the current settings to the process (a reload). */
  updateSettings(): void;
  /** The pid of the process, `null` while none runs. */
  pid(): number | null;
}

interface Pending {
  readonly attempt: Attempt;
  sent: boolean;
  readonly resolve: (result: AttemptResult) => void;
}

const ABORTED: AttemptResult = { ok: false, retryable: true, reason: 'aborted' };

/** A deliverer that delivers in a delivery process of its own; nothing starts before `recover` and `start`. */
export function deliveryProcess(options: DeliveryProcessOptions): DeliveryProcess {
  const { dir, logger } = options;
  const firstDelay = options.restartDelayMs ?? 1000;
  let child: ChildProcess | null = null;
  let childEnded: Promise<void> = Promise.resolve();
  let closing = false;
  /** The outcomes file the process appends to, and those it has left that the journal does not yet hold for sure. */
  let fileNumber = 1;
  let retired: string[] = [];
  let restartTimer: NodeJS.Timeout | null = null;
  let restartDelay = firstDelay;
  let startedAt = 0;
  let nextKey = 0;
  const pending = new Map<number, Pending>();
  let switching: { file: string; resolve: (done: boolean) => void } | null = null;

  const send = (message: ToDeliveryProcess): void => {
    child?.stdin?.write(messageLine(message));
  };
  const sendAttempt = (key: number, p: Pending): void => {
    p.sent = true;
    const { ids, begun, redelivery, job } = p.attempt;
    send({ kind: 'attempt', key, ids, begun, redelivery, job });
  };

  /** Settles the attempts a dead process had: by the outcomes it recorded, the others as interrupted. */
  const settleOrphans = async (orphans: readonly Pending[], why: string): Promise<void> => {
    let recorded: readonly RecordedOutcome[] = [];
    try {
      recorded = (await readOutcomeFiles(dir)).outcomes;
    } catch (error) {
      logger?.log('error', 'cannot read the notification outcomes files', { dir, error: String(error) });
    }
    for (const p of orphans) {
      const { ids, begun } = p.attempt;
      const same = recorded.filter((r) => r.begun === begun && r.ids.join() === ids.join());
      // A delivery recorded twice (cannot happen; were it to) counts as delivered.
      const found = same.find((r) => r.outcome.ok) ?? same[0];
      p.resolve(found?.outcome ?? { ok: false, retryable: true, reason: why, interrupted: true });
    }
  };

  const ended = (proc: ChildProcess, why: string): void => {
    if (child !== proc) return;
    child = null;
    if (proc.pid !== undefined) removeDeliveryPid(dir, proc.pid);
    switching?.resolve(false);
    const orphans = [...pending].filter(([, p]) => p.sent);
    for (const [key] of orphans) pending.delete(key);
    void settleOrphans(
      orphans.map(([, p]) => p),
      why,
    );
    if (closing) return;
    if (Date.now() - startedAt > 60_000) restartDelay = firstDelay;
    logger?.log('error', 'the notification delivery process ended; starting it again', {
      why,
      inFlight: orphans.length,
      restartInMs: restartDelay,
    });
    scheduleRestart();
  };

  const scheduleRestart = (): void => {
    if (closing) return;
    restartTimer = setTimeout(startChild, restartDelay);
    restartDelay = Math.min(restartDelay * 2, LONGEST_RESTART_DELAY_MS);
  };

  const startChild = (): void => {
    restartTimer = null;
    if (closing) return;
    let proc: ChildProcess;
    try {
      proc = spawn(process.execPath, [MAIN, dir, outcomeFileName(fileNumber), options.methods], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
    } catch (error) {
      logger?.log('error', 'cannot start the notification delivery process', { error: String(error) });
      scheduleRestart();
      return;
    }
    let resolveEnded: () => void = () => undefined;
    childEnded = new Promise<void>((resolve) => (resolveEnded = resolve));
    let why = 'the delivery process ended';
    proc.on('error', (error) => {
      why = `the delivery process failed: ${error.message}`;
      // A process that never started emits no close of its own.
      if (proc.pid === undefined) {
        resolveEnded();
        logger?.log('error', 'cannot start the notification delivery process', { error: error.message });
        scheduleRestart();
      }
    });
    proc.on('exit', (code, signal) => {
      why = `the delivery process ended (${signal ?? `exit ${code ?? '?'}`})`;
    });
    // `close` comes after the last line of its stdout was read: every outcome it sent has been heard.
    proc.on('close', () => {
      resolveEnded();
      ended(proc, why);
    });
    if (proc.pid === undefined) return;
    try {
      // Before any attempt is sent: a process that may deliver always has its pid in the file.
      writeDeliveryPid(dir, proc.pid);
    } catch (error) {
      // Without its pid on record it must not deliver: a later start could not wait for it.
      logger?.log('error', 'cannot write the delivery process pid file', { dir, error: String(error) });
      proc.kill('SIGKILL');
      scheduleRestart();
      return;
    }
    // Only now may attempts go to it.
    child = proc;
    startedAt = Date.now();
    proc.stdin?.on('error', () => undefined);
    if (proc.stdout !== null) {
      createInterface({ input: proc.stdout, crlfDelay: Infinity }).on('line', (line) => heard(line));
    }
    send({ kind: 'settings', settings: options.settings() });
    for (const [key, p] of pending) if (!p.sent) sendAttempt(key, p);
  };

  const heard = (line: string): void => {
    if (line === '') return;
    const message = parseFromDeliveryProcess(line);
    if (message === null) {
      logger?.log('warn', 'the delivery process said something unreadable', { line: line.slice(0, 200) });
      return;
    }
    switch (message.kind) {
      case 'outcome': {
        const p = pending.get(message.key);
        pending.delete(message.key);
        p?.resolve(message.outcome);
        return;
      }
      case 'switched':
        switching?.resolve(message.file === switching.file);
        return;
      case 'log':
        logger?.log(message.level, message.message, message.fields);
        return;
    }
  };

  let recoveredFiles: readonly string[] = [];
  return {
    async recover() {
      await waitForPreviousDeliveryProcess(dir, options.finishWithinMs, logger);
      const found = await readOutcomeFiles(dir);
      for (const problem of found.problems) logger?.log('warn', 'notification outcomes file', { problem });
      recoveredFiles = found.files.map((f) => f.name);
      fileNumber = Math.max(0, ...found.files.map((f) => f.n)) + 1;
      return found.outcomes;
    },
    async start() {
      // The journal holds them now.
      for (const name of recoveredFiles) await rm(join(dir, name), { force: true });
      recoveredFiles = [];
      startChild();
    },
    attempt(attempt, signal) {
      if (signal.aborted || closing) return Promise.resolve(ABORTED);
      return new Promise<AttemptResult>((resolve) => {
        const key = ++nextKey;
        const onAbort = (): void => {
          const p = pending.get(key);
          if (p === undefined) return;
          if (p.sent) send({ kind: 'abort', key });
          else {
            pending.delete(key);
            p.resolve(ABORTED);
          }
        };
        const p: Pending = {
          attempt,
          sent: false,
          resolve: (result) => {
            signal.removeEventListener('abort', onAbort);
            resolve(result);
          },
        };
        signal.addEventListener('abort', onAbort, { once: true });
        pending.set(key, p);
        if (child !== null) sendAttempt(key, p);
      });
    },
    async checkpoint() {
      const nothing = (): Promise<void> => Promise.resolve();
      if (child === null || switching !== null) return nothing;
      const file = outcomeFileName(fileNumber + 1);
      let timer: NodeJS.Timeout | undefined;
      const switched = await new Promise<boolean>((resolve) => {
        switching = { file, resolve };
        timer = setTimeout(() => resolve(false), SWITCH_TIMEOUT_MS);
        send({ kind: 'switch', file });
      });
      clearTimeout(timer);
      switching = null;
      if (!switched) return nothing;
      // Every outcome of the file it left has been heard and applied: the compacted journal will hold them.
      retired.push(outcomeFileName(fileNumber));
      fileNumber += 1;
      const done = [...retired];
      return async () => {
        for (const name of done) await rm(join(dir, name), { force: true });
        retired = retired.filter((name) => !done.includes(name));
      };
    },
    async close() {
      closing = true;
      if (restartTimer !== null) clearTimeout(restartTimer);
      const proc = child;
      if (proc !== null) {
        // The end of its input: it finishes what it has (the spool aborted its attempts) and ends.
        proc.stdin?.end();
        let timer: NodeJS.Timeout | undefined;
        const inTime = await Promise.race([
          childEnded.then(() => true),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), options.finishWithinMs))),
        ]);
        clearTimeout(timer);
        if (!inTime) {
          logger?.log('warn', 'the notification delivery process does not end; killing it', { pid: proc.pid });
          proc.kill('SIGKILL');
          await childEnded;
        }
      }
      for (const p of pending.values()) p.resolve(ABORTED);
      pending.clear();
    },
    updateSettings() {
      send({ kind: 'settings', settings: options.settings() });
    },
    pid: () => child?.pid ?? null,
  };
}
