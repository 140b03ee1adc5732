/**
 * Runs Monitoring Plugins as child processes. Each plugin gets its own process group, a scrubbed
 * environment and no stdin; a timeout or an abort kills the whole group; output beyond a cap is
 * read and dropped so that a chatty plugin costs no memory. The promise always resolves with a
 * result, also when the plugin cannot be started, and also when a grandchild keeps the pipes
 * open after the plugin exited (the pipes are then closed after a short grace).
 *
 * This is the `node:child_process` implementation of the engine's `RunPlugin` port; a native
 * spawn helper can replace it behind the same function type.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { CheckResult, PluginRequest } from '../../model/check-result.js';
import { abortedResult, resultOfExit, spawnFailedResult, timedOutResult } from './plugin-result.js';
import { splitCommandLine } from './split-command-line.js';

/** Tuning of the plugin runner; every field has a default. */
export interface PluginRunnerOptions {
  /** `PATH` of the plugins' environment. */
  readonly path?: string;
  /** Bytes of stdout kept (default 64 KiB); the rest is read and dropped. */
  readonly outputLimit?: number;
  /** Bytes of stderr kept (default 4 KiB); stderr is shown only when stdout is empty. */
  readonly errorLimit?: number;
  /** Milliseconds to wait for the pipes to close after the plugin exited (default 200). */
  readonly exitGraceMs?: number;
}

/** A function that runs one plugin and resolves with its result; it never rejects. */
export type PluginRunner = (request: PluginRequest) => Promise<CheckResult>;

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Text of a stream up to a byte limit; what comes after the limit is counted and dropped. */
class CappedText {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  constructor(readonly limit: number) {}

  add(chunk: Buffer): void {
    const room = this.limit - this.#kept;
    if (room <= 0) return;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.#chunks.push(part);
    this.#kept += part.length;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    // The negative pid is the process group that `detached` gave the plugin: its children die too.
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Creates the function that runs plugins, with the given tuning. */
export function createPluginRunner(options: PluginRunnerOptions = {}): PluginRunner {
  const env = { PATH: options.path ?? DEFAULT_PATH, LANG: 'C' };
  const outputLimit = options.outputLimit ?? 64 * 1024;
  const errorLimit = options.errorLimit ?? 4 * 1024;
  const exitGraceMs = options.exitGraceMs ?? 200;

  return (request) =>
    new Promise<CheckResult>((resolve) => {
      const started = performance.now();
      const elapsed = (): number => Math.round(performance.now() - started);
      const split = splitCommandLine(request.commandLine);
      const argv = split.kind === 'argv' ? split.argv : ['/bin/sh', '-c', request.commandLine];
      const [file, ...args] = argv;
      if (file === undefined) {
        resolve(spawnFailedResult('(none)', undefined, 'the command line is empty'));
        return;
      }
      if (request.signal?.aborted === true) {
        resolve(abortedResult(0));
        return;
      }

      let child: ChildProcess;
      try {
        child = spawn(file, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        // Thrown synchronously for arguments the OS cannot take, such as a NUL byte.
        resolve(spawnFailedResult(file, undefined, error instanceof Error ? error.message : String(error)));
        return;
      }

      const stdout = new CappedText(outputLimit);
      const stderr = new CappedText(errorLimit);
      child.stdout?.on('data', (chunk: Buffer) => stdout.add(chunk));
      child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk));

      let ended: 'timeout' | 'abort' | null = null;
      let exit: { code: number | null; signal: string | null } | null = null;
      let graceTimer: NodeJS.Timeout | undefined;
      let settled = false;

      const onAbort = (): void => {
        ended ??= 'abort';
        killGroup(child);
      };
      const timeoutTimer = setTimeout(() => {
        ended ??= 'timeout';
        killGroup(child);
      }, request.timeoutSeconds * 1000);
      request.signal?.addEventListener('abort', onAbort, { once: true });

      const finish = (result: CheckResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timeoutTimer);
        clearTimeout(graceTimer);
        request.signal?.removeEventListener('abort', onAbort);
        child.stdout?.destroy();
        child.stderr?.destroy();
        resolve(result);
      };
      const complete = (): void => {
        const durationMs = elapsed();
        if (ended === 'timeout') finish(timedOutResult(request.timeoutSeconds, request.timeoutStatus, durationMs));
        else if (ended === 'abort') finish(abortedResult(durationMs));
        else {
          const { code, signal } = exit ?? { code: null, signal: null };
          finish(resultOfExit({ exitCode: code, signal, stdout: stdout.text(), stderr: stderr.text(), durationMs }));
        }
      };

      child.on('error', (error: NodeJS.ErrnoException) => {
        // Without a pid the plugin never started (ENOENT, EACCES, ...); other errors end in 'exit'.
        if (child.pid === undefined) finish(spawnFailedResult(file, error.code, error.message));
      });
      child.on('exit', (code, signal) => {
        exit = { code, signal };
        clearTimeout(timeoutTimer);
        // A grandchild may hold the pipes open for long: wait a little for them, not for it.
        graceTimer = setTimeout(complete, exitGraceMs);
      });
      child.on('close', () => {
        if (exit !== null) complete();
      });
    });
}

/** Runs one plugin with the default tuning. */
export const runPlugin: PluginRunner = createPluginRunner();
