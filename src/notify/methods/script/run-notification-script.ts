/**
 * The script method: runs a notification command line (a contact's Nagios
 * `host_notification_commands`/`service_notification_commands` or a rule's script) in its own
 * process group with the notification environment, no stdin (a bulk: one JSON line per
 * notification, and NOTIFY_BULK=N) and a time limit.
 *
 * Exit codes (Checkmk's convention, documented in the README): 0 delivered; 1 a temporary
 * failure, tried again later; 2 and above a permanent failure (dead-letter list). A script
 * killed at the time limit, or by a signal, failed temporarily; one that cannot be started
 * (not found, not executable) failed permanently.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { splitCommandLine } from '../../../checks/process/split-command-line.js';
import type { BulkItem, Deliver, DeliveryContext, DeliveryOutcome, NotificationJob } from '../../notification-job.js';
import { notificationEnvironment } from './notification-environment.js';

/** Tuning of the script method. */
export interface ScriptMethodOptions {
  /** Seconds a script may run before its process group is killed (default 60). */
  readonly timeoutSeconds?: number;
  /** `PATH` of the scripts (default the usual system directories). */
  readonly path?: string;
}

const OUTPUT_LIMIT = 4096;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is gone already.
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 500) ?? '';
}

/** What an exit of the script means for the notification. */
export function scriptOutcome(code: number | null, signal: string | null, output: string): DeliveryOutcome {
  const said = output === '' ? '' : `: ${output}`;
  if (code === 0) return { ok: true, detail: `script exited 0${said}` };
  if (code === null) return { ok: false, retryable: true, reason: `script killed by ${signal ?? 'a signal'}${said}` };
  if (code === 1) return { ok: false, retryable: true, reason: `script exited 1 (temporary failure)${said}` };
  return { ok: false, retryable: false, reason: `script exited ${code} (permanent failure)${said}` };
}

/** The variables of one notification of a bulk, as its stdin line lists them. */
export function bulkItemVariables(job: NotificationJob, item: BulkItem): Record<string, string> {
  const single = notificationEnvironment({
    ...job,
    id: item.id,
    what: item.what,
    macros: item.macros,
    bulk: undefined,
  });
  return Object.fromEntries(Object.entries(single).filter(([name]) => name.startsWith('NOTIFY_')));
}

/** Creates the script method. */
export function scriptMethod(options: ScriptMethodOptions = {}): Deliver {
  const timeoutMs = (options.timeoutSeconds ?? 60) * 1000;
  const path = options.path ?? DEFAULT_PATH;
  return (job: NotificationJob, signal: AbortSignal, context?: DeliveryContext): Promise<DeliveryOutcome> =>
    new Promise<DeliveryOutcome>((resolve) => {
      if (job.method.kind !== 'script') {
        resolve({ ok: false, retryable: false, reason: `not a script notification (${job.method.kind})` });
        return;
      }
      const line = job.method.commandLine;
      const split = splitCommandLine(line);
      const [file, ...args] = split.kind === 'argv' ? split.argv : ['/bin/sh', '-c', line];
      if (file === undefined) {
        resolve({ ok: false, retryable: false, reason: 'the command line is empty' });
        return;
      }
      if (signal.aborted) {
        resolve({ ok: false, retryable: true, reason: 'aborted' });
        return;
      }
      let child: ChildProcess;
      try {
        child = spawn(file, args, {
          detached: true,
          env: {
            PATH: path,
            LANG: 'C',
            ...notificationEnvironment(job),
            // The site stopped during an earlier run of this notification: the script may have sent it already.
            ...(context?.redelivery === true ? { NOTIFY_REDELIVERY: '1' } : {}),
            ...(job.bulk === undefined ? {} : { NOTIFY_BULK: String(job.bulk.length) }),
          },
          stdio: [job.bulk === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        });
        if (job.bulk !== undefined && child.stdin !== null) {
          // A bulk: one line of JSON per notification on stdin, its NOTIFY_ variables by name.
          child.stdin.on('error', () => undefined);
          child.stdin.end(job.bulk.map((item) => `${JSON.stringify(bulkItemVariables(job, item))}\n`).join(''));
        }
      } catch (error) {
        resolve({ ok: false, retryable: false, reason: `cannot start ${file}: ${String(error)}` });
        return;
      }
      let output = '';
      const collect = (chunk: Buffer): void => {
        if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - output.length);
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      let ended: 'timeout' | 'abort' | null = null;
      let done = false;
      const finish = (outcome: DeliveryOutcome): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        child.stdout?.destroy();
        child.stderr?.destroy();
        resolve(outcome);
      };
      const onAbort = (): void => {
        ended ??= 'abort';
        killGroup(child);
      };
      const timer = setTimeout(() => {
        ended ??= 'timeout';
        killGroup(child);
      }, timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (child.pid === undefined) {
          finish({ ok: false, retryable: false, reason: `cannot start ${file}: ${error.code ?? error.message}` });
        }
      });
      let exit: { code: number | null; signal: string | null } | null = null;
      child.on('exit', (code, sig) => {
        exit = { code, signal: sig };
        // A grandchild may keep the pipes open: the group goes with the script.
        killGroup(child);
      });
      child.on('close', () => {
        if (ended === 'timeout') {
          finish({ ok: false, retryable: true, reason: `script killed after ${timeoutMs / 1000} s (time limit)` });
        } else if (ended === 'abort') {
          finish({ ok: false, retryable: true, reason: 'aborted' });
        } else {
          finish(scriptOutcome(exit?.code ?? null, exit?.signal ?? null, firstLine(output)));
        }
      });
    });
}
