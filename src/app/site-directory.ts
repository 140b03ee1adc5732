/**
 * The site directory's run-time parts (SPEC §9): var/, run/, log/ and the lock that keeps a
 * second daemon from running on the same directory.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The paths a running site uses, below its directory. */
export interface SitePaths {
  readonly root: string;
  readonly var: string;
  readonly run: string;
  readonly log: string;
  readonly daemonLog: string;
  readonly monitoringLog: string;
  readonly pidFile: string;
}

export function sitePaths(root: string): SitePaths {
  return {
    root,
    var: join(root, 'var'),
    run: join(root, 'run'),
    log: join(root, 'log'),
    daemonLog: join(root, 'log', 'watchpost.log'),
    monitoringLog: join(root, 'log', 'monitoring.log'),
    pidFile: join(root, 'run', 'watchpost.pid'),
  };
}

/** Creates var/, run/, log/ and log/archive/ if missing. */
export function prepareSiteDirectory(paths: SitePaths): void {
  for (const dir of [paths.var, paths.run, paths.log, join(paths.log, 'archive')]) mkdirSync(dir, { recursive: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type LockResult =
  { readonly ok: true; readonly release: () => void } | { readonly ok: false; readonly reason: string };

/**
 * Takes the site's pid file. A pid file left by a daemon that is gone (a crash, `kill -9`)
 * is taken over; one of a running daemon is refused.
 */
export function lockSite(paths: SitePaths, pid: number): LockResult {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(paths.pidFile, 'wx', 0o644);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return {
        ok: true,
        release: () => {
          const current = Number(readFileSync(paths.pidFile, { encoding: 'utf8', flag: 'r' }).trim());
          if (current === pid) rmSync(paths.pidFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { ok: false, reason: (error as Error).message };
      let other = NaN;
      try {
        other = Number(readFileSync(paths.pidFile, 'utf8').trim());
      } catch {
        // Vanished between open and read: try again.
      }
      if (Number.isInteger(other) && other > 0 && other !== pid && isRunning(other)) {
        return { ok: false, reason: `another watchpost (pid ${other}) runs on this site (${paths.pidFile})` };
      }
      rmSync(paths.pidFile, { force: true });
    }
  }
  return { ok: false, reason: `cannot take ${paths.pidFile}` };
}
