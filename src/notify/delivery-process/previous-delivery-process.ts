/**
 * The delivery process's pid file, `delivery.pid` in the spool's directory, and the wait of a
 * starting site for the delivery process of its previous incarnation: that one may still be
 * finishing attempts (the site was killed), and its outcomes must be in the outcomes file before
 * the spool reads it, or the spool would deliver them again.
 *
 * The site writes the pid file right after starting the process and before it sends any attempt,
 * so a process that may deliver always has its pid there. A pid is taken for a live delivery
 * process only when the process exists, is not a zombie, and (where /proc tells) runs our module:
 * a stale file whose pid was reused does not hold up a start.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../lib/logger.js';

/** The pid file's name in the spool's directory. */
export const DELIVERY_PID_FILE = 'delivery.pid';

/** What the command line of a delivery process contains (its module's name). */
export const DELIVERY_PROCESS_MARK = 'delivery-process-main';

/** Records `pid` as the spool's delivery process (atomically: a crash leaves the old file or the new). */
export function writeDeliveryPid(dir: string, pid: number): void {
  const temp = join(dir, `.${DELIVERY_PID_FILE}.tmp`);
  writeFileSync(temp, `${pid}\n`, { mode: 0o600 });
  renameSync(temp, join(dir, DELIVERY_PID_FILE));
}

/** The pid in the pid file, `null` when there is none. */
export function readDeliveryPid(dir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dir, DELIVERY_PID_FILE), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

/** Removes the pid file when it names `pid` (a later process's file stays). */
export function removeDeliveryPid(dir: string, pid: number): void {
  if (readDeliveryPid(dir) !== pid) return;
  try {
    unlinkSync(join(dir, DELIVERY_PID_FILE));
  } catch {
    // Gone already.
  }
}

/** Whether `pid` is a live delivery process. */
export function isDeliveryProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // `pid (comm) S ...`: the state follows the last `)`. A zombie has ended; its parent just has not reaped it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(DELIVERY_PROCESS_MARK);
  } catch {
    // No /proc (or the process just ended): the signal test decides.
    return true;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the delivery process named in `dir`'s pid file (if any) has ended, for at most
 * `boundMs`; one still running then is stuck and is killed (its attempts under way are
 * delivered again, flagged). Resolves with what it found.
 */
export async function waitForPreviousDeliveryProcess(
  dir: string,
  boundMs: number,
  logger?: Logger,
): Promise<'none' | 'ended' | 'killed'> {
  const pid = readDeliveryPid(dir);
  if (pid === null || pid === process.pid || !isDeliveryProcessAlive(pid)) return 'none';
  logger?.log('info', 'waiting for the delivery process of the previous start to finish', { pid });
  const deadline = Date.now() + boundMs;
  while (isDeliveryProcessAlive(pid)) {
    if (Date.now() >= deadline) {
      logger?.log('warn', 'the delivery process of the previous start does not end; killing it', { pid, boundMs });
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Ended meanwhile.
      }
      for (let i = 0; i < 200 && isDeliveryProcessAlive(pid); i++) await sleep(10);
      return 'killed';
    }
    await sleep(20);
  }
  return 'ended';
}
