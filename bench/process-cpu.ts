/**
 * CPU accounting from /proc for the check benchmarks: a process's own CPU and the CPU of the
 * children it has reaped (its plugins), the processes a daemon started, and the whole machine's
 * busy time (to tell how much of the 2 CPUs something else used during a measurement).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU of one process, in milliseconds. */
export interface ProcessCpu {
  /** utime + stime: the process itself. */
  readonly ownMs: number;
  /** cutime + cstime: the children it has waited for (for a spawner: its plugins). */
  readonly childrenMs: number;
}

const ticksPerSecond = ((): number => {
  const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const value = Number(answer.stdout.trim());
  return Number.isInteger(value) && value > 0 ? value : 100;
})();

const ticksToMs = (ticks: number): number => (ticks * 1000) / ticksPerSecond;

/** The fields after the command name of /proc/<pid>/stat (the name may hold spaces and parentheses). */
function statFields(pid: number | 'self'): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** A process's CPU, or `null` when it is gone. */
export function processCpu(pid: number | 'self'): ProcessCpu | null {
  const f = statFields(pid);
  if (f === null) return null;
  // Field 14 of proc(5) is utime; the slice starts at field 3.
  const at = (field: number): number => Number(f[field - 3] ?? 0);
  return { ownMs: ticksToMs(at(14) + at(15)), childrenMs: ticksToMs(at(16) + at(17)) };
}

/** The sum over several processes; gone ones count nothing. */
export function totalCpu(pids: readonly number[]): ProcessCpu {
  let ownMs = 0;
  let childrenMs = 0;
  for (const pid of pids) {
    const cpu = processCpu(pid);
    ownMs += cpu?.ownMs ?? 0;
    childrenMs += cpu?.childrenMs ?? 0;
  }
  return { ownMs, childrenMs };
}

/** The processes whose parent is `pid`. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f !== null && Number(f[1]) === pid) children.push(Number(entry));
  }
  return children;
}

/** Busy CPU time of the whole machine since boot, all CPUs added, in milliseconds. */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const ticks = values.map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const busy = [0, 1, 2, 5, 6, 7].reduce((sum, i) => sum + (ticks[i] ?? 0), 0);
  return ticksToMs(busy);
}
