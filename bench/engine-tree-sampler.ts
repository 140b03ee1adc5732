/**
 * CPU and memory of a daemon's process tree, read from /proc once a second, the way the
 * project's performance reference measures Nagios and Icinga: the daemon's own CPU is utime +
 * stime of the main process and its direct children (spawn helpers, Nagios workers); the plugins'
 * CPU is cutime + cstime of the same processes (the plugins they reaped). RSS is the main
 * process's and the tree's, with their peaks.
 */
import { readFileSync } from 'node:fs';
import { childPids, machineBusyMs, processCpu } from './process-cpu.js';

/** CPU of the tree at one moment, in milliseconds since each process started. */
export interface TreeCpu {
  readonly at: number;
  readonly ownMs: number;
  readonly pluginMs: number;
  readonly machineMs: number;
}

/** What the sampler saw between two moments. */
export interface TreeWindow {
  readonly seconds: number;
  readonly ownMs: number;
  readonly pluginMs: number;
  /** CPUs other processes on the machine kept busy meanwhile. */
  readonly backgroundCores: number;
}

/** Resident memory in bytes, `null` when the process is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

/** Samples a tree every `everyMs` until stopped; CPU is read on demand too. */
export class TreeSampler {
  readonly #root: number;
  #children: number[] = [];
  /** CPU of children seen before and now gone, so that a restarted helper does not lower the sums. */
  #goneOwnMs = 0;
  #gonePluginMs = 0;
  #last = new Map<number, { own: number; plugin: number }>();
  #timer: NodeJS.Timeout;
  peakRootRss = 0;
  peakTreeRss = 0;

  constructor(root: number, everyMs = 1000) {
    this.#root = root;
    this.sample();
    this.#timer = setInterval(() => this.sample(), everyMs);
  }

  /** Reads the tree now: CPU sums and RSS peaks. */
  sample(): TreeCpu {
    const at = performance.now();
    const machineMs = machineBusyMs();
    this.#children = childPids(this.#root);
    let ownMs = this.#goneOwnMs;
    let pluginMs = this.#gonePluginMs;
    let treeRss = 0;
    const seen = new Map<number, { own: number; plugin: number }>();
    for (const pid of [this.#root, ...this.#children]) {
      const cpu = processCpu(pid);
      const rss = rssBytes(pid);
      if (cpu === null || rss === null) continue;
      seen.set(pid, { own: cpu.ownMs, plugin: cpu.childrenMs });
      ownMs += cpu.ownMs;
      pluginMs += cpu.childrenMs;
      treeRss += rss;
      if (pid === this.#root) this.peakRootRss = Math.max(this.peakRootRss, rss);
    }
    for (const [pid, last] of this.#last) {
      if (seen.has(pid)) continue;
      this.#goneOwnMs += last.own;
      this.#gonePluginMs += last.plugin;
      ownMs += last.own;
      pluginMs += last.plugin;
    }
    this.#last = seen;
    this.peakTreeRss = Math.max(this.peakTreeRss, treeRss);
    return { at, ownMs, pluginMs, machineMs };
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** The difference of two samples. */
export function treeWindow(before: TreeCpu, after: TreeCpu): TreeWindow {
  const wallMs = after.at - before.at;
  const ownMs = after.ownMs - before.ownMs;
  const pluginMs = after.pluginMs - before.pluginMs;
  return {
    seconds: wallMs / 1000,
    ownMs,
    pluginMs,
    backgroundCores: Math.max(0, after.machineMs - before.machineMs - ownMs - pluginMs) / wallMs,
  };
}
