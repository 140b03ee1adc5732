/**
 * One running spawn helper process (native/spawn-helper.c) and the plugins in flight on it.
 * Requests written in the same tick go out in one write; results come back in batches.
 *
 * Contract: every `run()` resolves, never rejects. When the helper exits, fails to start, breaks
 * the protocol or stops answering, every plugin in flight on it resolves with `helper-failed`
 * and the helper is gone for good; starting a new one is the pool's business. An idle helper does
 * not keep the Node process alive; one with plugins in flight does.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { encodeCancel, encodeRun, HelperOutputDecoder, type HelperResult } from './helper-protocol.js';

/** How to start a helper. */
export interface SpawnHelperOptions {
  /** The compiled helper. */
  readonly helperPath: string;
  /** The helper's own environment; its `PATH` is where plugins without a slash are looked up. */
  readonly env: Readonly<Record<string, string>>;
  readonly outputLimit: number;
  readonly errorLimit: number;
  readonly exitGraceMs: number;
  /** Shortest time between two turns of the helper's loop: events and results gather in batches. */
  readonly batchMs: number;
  /**
   * How long past a plugin's timeout the helper may take to answer before it counts as hung and
   * is killed. The helper kills at the timeout itself; this only guards against a stuck helper.
   */
  readonly answerGraceMs: number;
  /** Called once when the helper is gone, with why (a phrase about the helper: "it exited (signal SIGKILL)"). */
  readonly onGone?: (reason: string) => void;
}

/** One plugin for the helper. */
export interface HelperJob {
  readonly argv: readonly string[];
  readonly env: readonly string[];
  readonly timeoutMs: number;
  /** Aborting asks the helper to kill the plugin's group; the result then says `cancelled`. */
  readonly signal?: AbortSignal;
}

/** The result from the helper, or why there is none. */
export type HelperOutcome =
  | { readonly kind: 'result'; readonly result: HelperResult }
  | { readonly kind: 'helper-failed'; readonly reason: string };

/** A running helper. */
export interface SpawnHelper {
  /** The helper's process id, `undefined` if it could not be started. */
  readonly pid: number | undefined;
  /** Plugins sent and not answered yet. */
  inFlight(): number;
  /** Whether the helper still takes work. */
  alive(): boolean;
  /** Whether the helper greeted with the right protocol: it started and works. */
  greeted(): boolean;
  /** Runs one plugin; resolves with its result or with why the helper failed. */
  run(job: HelperJob): Promise<HelperOutcome>;
  /**
   * Closes the helper's stdin: it kills the plugins still running, reports them as cancelled and
   * exits. Resolves when it has exited; kills it if it has not after `forceAfterMs`.
   */
  close(forceAfterMs?: number): Promise<void>;
}

interface Pending {
  readonly resolve: (outcome: HelperOutcome) => void;
  /** `performance.now()` after which a missing answer means the helper is hung. */
  readonly answerBy: number;
  readonly signal: AbortSignal | undefined;
}

/** One abort listener for all the plugins in flight under the same signal, and how many they are. */
interface SignalWatch {
  readonly listener: () => void;
  count: number;
}

const STDERR_KEPT = 2048;
const SWEEP_MS = 1000;

/** Starts a helper process. */
export function startSpawnHelper(options: SpawnHelperOptions): SpawnHelper {
  const args = [
    '--output-limit',
    String(options.outputLimit),
    '--error-limit',
    String(options.errorLimit),
    '--grace-ms',
    String(options.exitGraceMs),
    '--batch-ms',
    String(options.batchMs),
  ];
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(options.helperPath, args, {
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pending = new Map<number, Pending>();
  const decoder = new HelperOutputDecoder();
  let nextId = 1;
  let gone: string | null = null;
  let stderrTail = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // Only a helper with work keeps the event loop alive, like a socket with a request pending.
  const handles = [child.stdin, child.stdout, child.stderr].filter((s): s is Socket => s instanceof Socket);
  const keepAlive = (busy: boolean): void => {
    for (const handle of handles) {
      if (busy) handle.ref();
      else handle.unref();
    }
    if (busy) child.ref();
    else child.unref();
  };
  keepAlive(false);

  // The engine gives every check the same signal: one listener per signal, not one per plugin,
  // keeps adding and removing listeners out of the path of every result. A listener whose
  // plugins have all ended stays until the sweeper drops it (the next tick's checks reuse it).
  const signals = new Map<AbortSignal, SignalWatch>();
  const watchSignal = (signal: AbortSignal): void => {
    let watch = signals.get(signal);
    if (watch === undefined) {
      const listener = (): void => {
        for (const [id, entry] of pending) if (entry.signal === signal) send(encodeCancel(id));
      };
      watch = { listener, count: 0 };
      signals.set(signal, watch);
      signal.addEventListener('abort', listener, { once: true });
    }
    watch.count++;
  };
  const unwatchSignal = (signal: AbortSignal | undefined): void => {
    const watch = signal === undefined ? undefined : signals.get(signal);
    if (watch !== undefined) watch.count--;
  };
  const dropSignals = (all: boolean): void => {
    for (const [signal, watch] of signals) {
      if (!all && watch.count > 0) continue;
      signals.delete(signal);
      signal.removeEventListener('abort', watch.listener);
    }
  };

  const failAll = (reason: string): void => {
    if (gone !== null) return;
    gone = reason;
    clearInterval(sweeper);
    for (const entry of pending.values()) {
      unwatchSignal(entry.signal);
      entry.resolve({ kind: 'helper-failed', reason });
    }
    pending.clear();
    dropSignals(true);
    keepAlive(false);
    options.onGone?.(reason);
  };
  const stop = (reason: string): void => {
    failAll(reason);
    child.kill('SIGKILL');
  };

  child.on('error', (error: NodeJS.ErrnoException) => {
    if (child.pid === undefined) failAll(`it could not be started (${error.message})`);
    else stop(`it failed (${error.message}) and was killed`);
  });
  // 'close' rather than 'exit': by then the helper's last words on stderr have been read.
  child.on('close', (code, signal) => {
    const how = signal === null ? `exit code ${code ?? 'unknown'}` : `signal ${signal}`;
    const said = stderrTail.trim();
    failAll(`it exited (${how})${said === '' ? '' : `: ${said.split('\n').slice(-3).join(' / ')}`}`);
  });
  // A write to a helper that died fails here; its exit tells the pending plugins.
  child.stdin.on('error', () => undefined);
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_KEPT);
  });
  child.stdout.on('data', (chunk: Buffer) => {
    const step = decoder.push(chunk);
    if (!step.ok) {
      stop(`it broke the protocol (${step.error}); rebuild ${options.helperPath} with npm run build`);
      return;
    }
    for (const result of step.results) {
      const entry = pending.get(result.id);
      if (entry === undefined) continue;
      pending.delete(result.id);
      if (pending.size === 0) keepAlive(false);
      unwatchSignal(entry.signal);
      entry.resolve({ kind: 'result', result });
    }
  });

  // A timer callback can run before the I/O that waited behind a long stall of the event loop, so
  // an overdue answer is looked at again after that I/O (setImmediate) before the helper is killed.
  const overdue = (): boolean => {
    const now = performance.now();
    for (const entry of pending.values()) if (entry.answerBy < now) return true;
    return false;
  };
  const sweeper = setInterval(() => {
    dropSignals(false);
    if (!overdue()) return;
    setImmediate(() => {
      if (overdue()) stop('it stopped answering and was killed');
    });
  }, SWEEP_MS);
  sweeper.unref();

  // Frames sent in the same tick go out in one write: one stream write per tick, not per plugin.
  let outgoing: Buffer[] = [];
  const flushOutgoing = (): void => {
    const frames = outgoing;
    outgoing = [];
    if (frames.length > 0 && child.stdin.writable) child.stdin.write(Buffer.concat(frames));
  };
  const send = (frame: Buffer): void => {
    if (outgoing.length === 0) process.nextTick(flushOutgoing);
    outgoing.push(frame);
  };

  return {
    pid: child.pid,
    inFlight: () => pending.size,
    alive: () => gone === null,
    greeted: () => decoder.greeted(),
    run(job) {
      if (gone !== null) return Promise.resolve({ kind: 'helper-failed', reason: gone });
      const id = nextId;
      nextId = nextId >= 0xffffffff ? 1 : nextId + 1;
      return new Promise<HelperOutcome>((resolve) => {
        const signal = job.signal;
        if (signal !== undefined) watchSignal(signal);
        if (pending.size === 0) keepAlive(true);
        pending.set(id, { resolve, answerBy: performance.now() + job.timeoutMs + options.answerGraceMs, signal });
        send(encodeRun({ id, argv: job.argv, env: job.env, timeoutMs: job.timeoutMs }));
        if (signal?.aborted === true) send(encodeCancel(id));
      });
    },
    async close(forceAfterMs = 5000) {
      if (child.exitCode === null && child.signalCode === null) {
        flushOutgoing();
        child.stdin.end();
        const force = setTimeout(() => stop('it did not stop in time and was killed'), forceAfterMs);
        await exited;
        clearTimeout(force);
      }
      failAll('it was closed');
    },
  };
}
