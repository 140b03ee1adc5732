/**
 * Runs Monitoring Plugins through a small pool of native spawn helpers instead of starting
 * processes from the site itself: the site's CPU per plugin drops to writing one short request
 * and reading one batched result. Same rules as the `node:child_process` runner (command-line
 * splitting, scrubbed environment, output caps, group kill at the timeout, grace for pipes held by
 * grandchildren, results mapped by `plugin-result.ts`), so the two are interchangeable behind the
 * engine's `RunPlugin` port.
 *
 * A helper that dies fails only the plugins in flight on it (UNKNOWN, saying so) and is started
 * again on the next check; one that keeps dying at start is retried with a growing delay, and the
 * checks in between get UNKNOWN at once instead of waiting.
 */
import { accessSync, constants } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Logger } from '../../lib/logger.js';
import type { CheckResult, PluginRequest } from '../../model/check-result.js';
import { abortedResult } from '../process/plugin-result.js';
import type { PluginRunner, PluginRunnerOptions } from '../process/run-plugin.js';
import { checkResultOfHelper, helperFailedResult } from './helper-check-result.js';
import { pluginCommand } from './plugin-command.js';
import { SPAWN_HELPER_PATH } from './spawn-helper-path.js';
import { startSpawnHelper, type SpawnHelper } from './spawn-helper.js';

/** Tuning of the pool; the plugin-facing fields mean what they mean for the process runner. */
export interface HelperPoolOptions extends PluginRunnerOptions {
  /** Helper processes; default: one per CPU, at most 4 (each helper is one thread). */
  readonly helpers?: number;
  /** The compiled helper; default: where `npm run build` puts it. */
  readonly helperPath?: string;
  /**
   * Milliseconds each helper lets events gather before it handles them (default 20): fewer
   * wake-ups and bigger result batches, for up to that much delay per step. Check latency (a
   * late start) is not affected: the engine starts a tick's checks together anyway.
   */
  readonly batchMs?: number;
  /**
   * Plugins in flight on one helper before the next one gets work (default 64): at low rates one
   * helper does everything, under load they share it. 64 keeps a whole 200 ms dispatch tick of a
   * site with 10,000 services a minute (33 checks) on one helper: a second helper doubled the
   * wake-ups, writes and result batches for the same work.
   */
  readonly fill?: number;
  /** Milliseconds past a plugin's timeout before a silent helper counts as hung (default 5000). */
  readonly answerGraceMs?: number;
  readonly logger?: Logger;
}

/** A pool of spawn helpers and the plugin runner over it. */
export interface HelperPool {
  /** Runs one plugin; resolves with its result and never rejects. */
  readonly run: PluginRunner;
  /** Process ids of the helpers running now (for CPU accounting). */
  helperPids(): number[];
  /**
   * Stops the helpers: plugins still running are killed and resolve as aborted. Call after the
   * engine has stopped; checks asked for afterwards resolve UNKNOWN at once.
   */
  close(): Promise<void>;
}

interface Slot {
  helper: SpawnHelper | null;
  /** No new helper before this `performance.now()`. */
  restartAt: number;
  /** Helpers in a row that died before they greeted. */
  quickDeaths: number;
  lastFailure: string;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const MAX_RESTART_DELAY_MS = 30_000;
const DEFAULT_FILL = 64;

/** Starts nothing yet: helpers start with the first checks. */
export function createHelperPool(options: HelperPoolOptions = {}): HelperPool {
  const path = options.path ?? DEFAULT_PATH;
  const pluginEnv = [`PATH=${path}`, 'LANG=C'];
  const helperPath = options.helperPath ?? SPAWN_HELPER_PATH;
  const count = Math.max(1, Math.floor(options.helpers ?? Math.min(availableParallelism(), 4)));
  const slots: Slot[] = Array.from({ length: count }, () => ({
    helper: null,
    restartAt: 0,
    quickDeaths: 0,
    lastFailure: '',
  }));
  let closed = false;
  const fill = Math.max(1, Math.floor(options.fill ?? DEFAULT_FILL));

  /** Notes why a slot's helper is gone; one that never greeted is started again only after a delay. */
  const gone = (slot: Slot, reason: string, greeted: boolean): void => {
    if (closed) return;
    const now = performance.now();
    slot.quickDeaths = greeted ? 0 : slot.quickDeaths + 1;
    const delay = slot.quickDeaths === 0 ? 0 : Math.min(100 * 2 ** (slot.quickDeaths - 1), MAX_RESTART_DELAY_MS);
    slot.restartAt = now + delay;
    slot.lastFailure = reason;
    options.logger?.log('warn', 'spawn helper gone; starting a new one', { reason, restartInMs: Math.round(delay) });
  };

  const start = (slot: Slot): SpawnHelper | null => {
    try {
      accessSync(helperPath, constants.X_OK);
    } catch {
      gone(
        slot,
        `it could not be started: ${helperPath} is missing or not executable; build it with npm run build ` +
          '(the build needs a C compiler: Debian package gcc)',
        false,
      );
      return null;
    }
    const helper = startSpawnHelper({
      helperPath,
      env: { PATH: path, LANG: 'C' },
      outputLimit: options.outputLimit ?? 64 * 1024,
      errorLimit: options.errorLimit ?? 4 * 1024,
      exitGraceMs: options.exitGraceMs ?? 200,
      batchMs: options.batchMs ?? 20,
      answerGraceMs: options.answerGraceMs ?? 5000,
      onGone: (reason) => gone(slot, reason, helper.greeted()),
    });
    slot.helper = helper;
    return helper;
  };

  /**
   * The first live helper with fewer than `fill` plugins in flight, else the one with the fewest;
   * helpers whose restart delay is over are started on the way. Filling one helper before the
   * next keeps the checks of one dispatch together: one write, one helper woken, one batch of
   * results, where spreading them would wake every helper for a plugin or two each.
   */
  const pick = (): SpawnHelper | null => {
    let best: SpawnHelper | null = null;
    const now = performance.now();
    for (const slot of slots) {
      let helper = slot.helper;
      if (helper === null || !helper.alive()) helper = now >= slot.restartAt ? start(slot) : null;
      if (helper === null || !helper.alive()) continue;
      if (helper.inFlight() < fill) return helper;
      if (best === null || helper.inFlight() < best.inFlight()) best = helper;
    }
    return best;
  };

  // Not an async function: one promise per check instead of two and a resumed generator.
  const run = (request: PluginRequest): Promise<CheckResult> => {
    try {
      return runOne(request);
    } catch (error) {
      // A bug, not a plugin's failure: rejected as the async function it replaces would.
      return Promise.reject(error);
    }
  };
  const runOne = (request: PluginRequest): Promise<CheckResult> => {
    const command = pluginCommand(request.commandLine);
    if (!command.ok) return Promise.resolve(command.result);
    if (request.signal?.aborted === true) return Promise.resolve(abortedResult(0));
    if (closed) return Promise.resolve(helperFailedResult('the plugin runner is closed'));
    const helper = pick();
    if (helper === null) {
      const last = slots.map((s) => s.lastFailure).find((f) => f !== '') ?? 'unknown';
      return Promise.resolve(
        helperFailedResult(`none is running; it is started again shortly (the last one: ${last})`),
      );
    }
    return helper
      .run({ argv: command.argv, env: pluginEnv, timeoutMs: request.timeoutSeconds * 1000, signal: request.signal })
      .then((outcome) => checkResultOfHelper(outcome, request, command.file));
  };

  return {
    run,
    helperPids: () =>
      slots.flatMap((s) => (s.helper !== null && s.helper.alive() && s.helper.pid !== undefined ? [s.helper.pid] : [])),
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.helper?.close()));
    },
  };
}
