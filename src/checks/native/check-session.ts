/**
 * The life of one native check: its deadline, its abort signal and the sockets it opened. Every
 * wait of a check ends when the session ends, and `runSession` closes every socket the check
 * opened on every path (success, failure, timeout, abort, a bug that throws), so a slow or
 * hostile server can hold a check no longer than its timeout and leaves nothing open.
 */
import type { CheckResult } from '../../model/check-result.js';
import type { NativeCheckContext } from './native-check.js';

/** Why a session ended before its check did. */
export type SessionEnd = 'timeout' | 'aborted';

/** The deadline and resources of one running check. */
export class CheckSession {
  /** `performance.now()` when the check started. */
  readonly started = performance.now();
  private readonly closers = new Set<() => void>();
  private readonly listeners = new Set<(end: SessionEnd) => void>();
  private endedBy: SessionEnd | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort = (): void => this.end('aborted');

  constructor(readonly context: NativeCheckContext) {
    this.timer = setTimeout(() => this.end('timeout'), context.timeoutMs);
    if (context.signal.aborted) this.endedBy = 'aborted';
    else context.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Why the session ended, or `null` while it runs. */
  get ended(): SessionEnd | null {
    return this.endedBy;
  }

  /** The timeout in seconds, as outputs and performance data state it. */
  get timeoutSeconds(): number {
    return this.context.timeoutMs / 1000;
  }

  /** Seconds since the check started. */
  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Calls `listener` once when the session ends (at once if it has); returns an unsubscribe. */
  onEnd(listener: (end: SessionEnd) => void): () => void {
    const ended = this.endedBy;
    if (ended !== null) {
      queueMicrotask(() => listener(ended));
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers a resource to close when the session closes (a socket's `destroy`). */
  track(close: () => void): void {
    this.closers.add(close);
  }

  /** Ends the session: the timer stops, the signal is let go, every tracked resource is closed. */
  close(): void {
    clearTimeout(this.timer);
    this.context.signal.removeEventListener('abort', this.onAbort);
    this.listeners.clear();
    // Newest first: a TLS socket goes before the TCP socket under it. The other order crashes
    // Node 20 (a segmentation fault when the wrapped socket is destroyed first).
    for (const close of [...this.closers].reverse()) close();
    this.closers.clear();
  }

  private end(reason: SessionEnd): void {
    if (this.endedBy !== null) return;
    this.endedBy = reason;
    for (const listener of [...this.listeners]) listener(reason);
    this.listeners.clear();
  }
}

/** Runs `body` in a new session and closes the session however `body` ends. */
export async function runSession(
  context: NativeCheckContext,
  body: (session: CheckSession) => Promise<CheckResult>,
): Promise<CheckResult> {
  const session = new CheckSession(context);
  try {
    return await body(session);
  } finally {
    session.close();
  }
}
