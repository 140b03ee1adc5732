// THE crash test of retention: a site of 1,000 services (src/testing/retention-crash-harness.ts)
// is killed with SIGKILL at random moments, 50 times, while commands (acknowledgements,
// downtimes, comments, switches) arrive. The site answers a command only once retention has
// made it durable; after each kill every answered command must be found in what a restart
// loads, and the files must never be damaged (a torn last write is allowed: it held nothing
// that was answered). Commands still unanswered at the kill may or may not have happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { MonitoringCommand } from '../../model/monitoring-command.js';
import type { MonitoringSnapshot } from '../../model/monitoring-snapshot.js';
import { objectKey, serviceRef } from '../../model/object-ref.js';
import { CRASH_SITE, crashServiceName } from '../../testing/retention-crash-site.js';
import { openRetention } from './open-retention.js';

const HARNESS = fileURLToPath(new URL('../../testing/retention-crash-harness.js', import.meta.url));
const KILLS = 50;
const IN_FLIGHT = 32;
/** Small, so that kills also hit compactions (new segment, snapshot, deletion of old segments). */
const COMPACT_AFTER_BYTES = 256 * 1024;

/** A small seeded generator (mulberry32), so that a failing run can be repeated with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a command changes: an entity (`comment:7`, `ack:host1;svc4`, ...) and its value after it. */
interface Effect {
  readonly entity: string;
  readonly value: string;
}

interface Sent {
  readonly n: number;
  readonly command: MonitoringCommand;
  /** Known before the answer (deletions, acknowledgements, switches); `null` when the answer names it. */
  readonly effect: Effect | null;
}

type Answer =
  { n: number; ok: true; ids: number[] } | { n: number; ok: false; error: string } | { n: number; durable: false };

interface Counts {
  sent: number;
  acknowledged: number;
  refused: number;
  notDurable: number;
  found: number;
  lost: number;
  tornWrites: number;
  killedBeforeReady: number;
}

/** The values each entity may have after a restart, and what the parent knows exists. */
class Expectations {
  readonly allowed = new Map<string, Set<string>>();
  readonly #rng: () => number;
  #n = 0;

  constructor(rng: () => number) {
    this.#rng = rng;
  }

  #service(group: number): { key: string; command: ReturnType<typeof serviceRef> } {
    const host = Math.floor(this.#rng() * CRASH_SITE.hosts);
    const i = Math.floor((this.#rng() * CRASH_SITE.servicesPerHost) / 4) * 4 + group;
    const ref = serviceRef(`host${host}`, crashServiceName(i));
    return { key: objectKey(ref), command: ref };
  }

  #present(prefix: string): number | null {
    const ids = [...this.allowed].filter(([e, v]) => e.startsWith(prefix) && v.size === 1 && v.has('present'));
    const pick = ids[Math.floor(this.#rng() * ids.length)];
    return pick === undefined ? null : Number(pick[0].slice(prefix.length));
  }

  /** The next command to send. */
  next(): Sent {
    const n = ++this.#n;
    const roll = this.#rng();
    if (roll < 0.25) {
      const { command: target } = this.#service(1);
      return {
        n,
        effect: null,
        command: { kind: 'add-comment', target, persistent: true, author: 'crash', comment: `c${n}` },
      };
    }
    if (roll < 0.35) {
      const id = this.#present('comment:');
      if (id !== null)
        return { n, effect: { entity: `comment:${id}`, value: 'absent' }, command: { kind: 'delete-comment', id } };
    }
    if (roll < 0.5) {
      const { command: target } = this.#service(1);
      const now = Date.now();
      const command: MonitoringCommand = {
        kind: 'schedule-downtime',
        target,
        start: now - 1000,
        end: now + 86_400_000,
        fixed: true,
        durationMs: 0,
        triggeredBy: null,
        author: 'crash',
        comment: `d${n}`,
      };
      return { n, effect: null, command };
    }
    if (roll < 0.58) {
      const id = this.#present('downtime:');
      if (id !== null)
        return { n, effect: { entity: `downtime:${id}`, value: 'absent' }, command: { kind: 'delete-downtime', id } };
    }
    if (roll < 0.8) {
      const { key, command: target } = this.#service(0);
      const command: MonitoringCommand = {
        kind: 'acknowledge',
        target,
        sticky: true,
        notify: false,
        persistent: true,
        author: 'crash',
        comment: `a${n}`,
      };
      return { n, effect: { entity: `ack:${key}`, value: `a${n}` }, command };
    }
    if (roll < 0.85) {
      const { key, command: target } = this.#service(0);
      return {
        n,
        effect: { entity: `ack:${key}`, value: 'none' },
        command: { kind: 'remove-acknowledgement', target },
      };
    }
    const { key, command: scope } = this.#service(2);
    const enabled = this.#rng() < 0.5;
    return {
      n,
      effect: { entity: `switch:${key}`, value: enabled ? 'on' : 'off' },
      command: { kind: 'set-switch', scope, name: 'notifications', enabled },
    };
  }

  /** The effect of an answered command, `null` when it was refused. */
  static effectOf(sent: Sent, answer: Answer): Effect | null {
    if (!('ok' in answer) || !answer.ok) return null;
    if (sent.effect !== null) return sent.effect;
    const kind = sent.command.kind === 'add-comment' ? 'comment' : 'downtime';
    return { entity: `${kind}:${answer.ids[0] ?? -1}`, value: 'present' };
  }

  /** An answered command: its value is now the only one allowed. */
  answered(effect: Effect): void {
    this.allowed.set(effect.entity, new Set([effect.value]));
  }

  /** A command unanswered at the kill: it may have happened. */
  maybe(effect: Effect): void {
    const values = this.allowed.get(effect.entity) ?? new Set([this.#initial(effect.entity)]);
    values.add(effect.value);
    this.allowed.set(effect.entity, values);
  }

  #initial(entity: string): string {
    return entity.startsWith('ack:') ? 'none' : entity.startsWith('switch:') ? 'on' : 'absent';
  }

  /** The value of an entity in a restored state. */
  static actual(entity: string, restored: MonitoringSnapshot | undefined): string {
    const [kind = '', ...rest] = entity.split(':');
    const name = rest.join(':');
    const status = restored?.objects.find((o) => objectKey(o) === name);
    switch (kind) {
      case 'comment':
        return restored?.comments.some((c) => c.id === Number(name)) === true ? 'present' : 'absent';
      case 'downtime':
        return restored?.downtimes.some((d) => d.id === Number(name)) === true ? 'present' : 'absent';
      case 'ack':
        return status?.acknowledgement?.comment ?? 'none';
      default:
        return status?.overrides.notifications === false ? 'off' : 'on';
    }
  }
}

interface Run {
  readonly answered: { readonly sent: Sent; readonly answer: Answer }[];
  readonly unanswered: readonly Sent[];
  /** How long the site took to be ready (ms), `null` when it was killed before. */
  readonly ready: number | null;
}

/** When to kill: `at` ms after the start, or `at` ms after the site is ready. */
type KillPlan = { readonly from: 'start' | 'ready'; readonly at: number };

/** Runs the site until it is killed as planned, sending commands once it is ready. */
function runUntilKilled(dir: string, expectations: Expectations, plan: KillPlan): Promise<Run> {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [HARNESS, dir, String(COMPACT_AFTER_BYTES)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pending = new Map<number, Sent>();
  const answered: { sent: Sent; answer: Answer }[] = [];
  let ready: number | null = null;
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  const killIn = (ms: number): void => {
    timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, ms);
  };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.on('error', () => undefined);
  const send = (): void => {
    while (!killed && pending.size < IN_FLIGHT) {
      const sent = expectations.next();
      pending.set(sent.n, sent);
      child.stdin.write(`${JSON.stringify({ n: sent.n, command: sent.command })}\n`);
    }
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as Answer | { ready: true };
    if ('ready' in message) {
      ready = Date.now() - startedAt;
      if (plan.from === 'ready') killIn(plan.at);
      return send();
    }
    const sent = pending.get(message.n);
    assert.ok(sent !== undefined, `an answer to a command not sent: ${line}`);
    pending.delete(message.n);
    answered.push({ sent, answer: message });
    send();
  });
  if (plan.from === 'start') killIn(plan.at);
  return new Promise((resolve, reject) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the site ended by itself (${code}): ${stderr}`));
      else resolve({ answered, unanswered: [...pending.values()], ready });
    });
  });
}

/** What a restart would start from, read as the site reads it (without changing the files). */
async function restart(dir: string): Promise<Awaited<ReturnType<typeof openRetention>>> {
  return openRetention({ dir, clock: { now: () => Date.now(), setTimer: () => () => undefined } });
}

test(
  `retention crash test: ${KILLS} kills with SIGKILL while commands arrive lose no acknowledged command`,
  { timeout: 180_000 },
  async (t) => {
    const seed = Date.now() % 1_000_000;
    const rng = random(seed);
    const root = mkdtempSync(join(tmpdir(), 'watchpost-crash-'));
    const dir = join(root, 'var');
    const expectations = new Expectations(rng);
    const counts: Counts = {
      sent: 0,
      acknowledged: 0,
      refused: 0,
      notDurable: 0,
      found: 0,
      lost: 0,
      tornWrites: 0,
      killedBeforeReady: 0,
    };
    const lost: string[] = [];
    const started = Date.now();
    let startup = 600;
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        // One kill in five lands during start-up (reading the files, starting), the others while
        // commands arrive (and the first snapshot after start is written, and compactions run).
        const plan: KillPlan =
          rng() < 0.2 ? { from: 'start', at: rng() * startup } : { from: 'ready', at: 20 + rng() * 380 };
        const run = await runUntilKilled(dir, expectations, plan);
        if (run.ready === null) counts.killedBeforeReady++;
        else startup = (startup + run.ready) / 2;
        counts.sent += run.answered.length + run.unanswered.length;
        const effects: Effect[] = [];
        for (const { sent, answer } of run.answered) {
          if (!('ok' in answer)) {
            counts.notDurable++;
            continue;
          }
          counts.acknowledged++;
          const effect = Expectations.effectOf(sent, answer);
          if (effect === null) counts.refused++;
          else {
            expectations.answered(effect);
            effects.push(effect);
          }
        }
        for (const sent of run.unanswered) if (sent.effect !== null) expectations.maybe(sent.effect);

        const restarted = await restart(dir);
        for (const problem of restarted.problems) {
          assert.ok(
            problem.torn,
            `after kill ${kill + 1} (seed ${seed}) a retention file is damaged: ${JSON.stringify(problem)}`,
          );
          counts.tornWrites++;
        }
        for (const effect of effects) {
          const actual = Expectations.actual(effect.entity, restarted.restored);
          if (expectations.allowed.get(effect.entity)?.has(actual) === true) counts.found++;
          else {
            counts.lost++;
            lost.push(`kill ${kill + 1}: ${effect.entity} is ${actual}, expected ${effect.value}`);
          }
        }
        // What the restart holds is what the next run starts from.
        for (const [entity, values] of expectations.allowed) {
          const actual = Expectations.actual(entity, restarted.restored);
          if (values.size > 1 && values.has(actual)) expectations.allowed.set(entity, new Set([actual]));
        }
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    t.diagnostic(
      `seed ${seed}, ${KILLS} kills in ${seconds} s (${counts.killedBeforeReady} before the site was ready): ` +
        `commands sent ${counts.sent}, acknowledged ${counts.acknowledged} (refused by the engine ${counts.refused}), ` +
        `not durable ${counts.notDurable}, found after restart ${counts.found}, lost ${counts.lost}; ` +
        `torn last writes ${counts.tornWrites}, damaged files 0`,
    );
    assert.deepEqual(lost, []);
    assert.equal(counts.notDurable, 0);
    assert.ok(counts.found > 500, `too few commands were acknowledged to mean anything: ${counts.found}`);
  },
);
