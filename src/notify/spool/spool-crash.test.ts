// The spool under kill -9: a child process accepts and delivers notifications and is killed at
// random moments, about twenty times; a last run delivers what is left. Nothing accepted may be
// lost; a notification may arrive twice only when the kill fell between its delivery and the
// durable record of it (at least once), which the id lets a receiver recognise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { aJob, tempDir } from '../fixtures-for-tests.js';

const CHILD = fileURLToPath(new URL('./crash-child-for-tests.js', import.meta.url));
const ROUNDS = 20;
const PER_ROUND = 30;

/**
 * Runs the child; with `killAfterMs`, kills it that long after it first accepted a notification
 * (so that the kill falls among acceptances and deliveries, not into Node's start-up).
 */
function runChild(
  dir: string,
  receiver: string,
  from: number,
  count: number,
  killAfterMs: number | null,
): Promise<{ accepted: number[]; settled: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, receiver, String(from), String(count)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killAfterMs !== null && timer === undefined && out.includes('accepted ')) {
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      clearTimeout(guard);
      const lines = out.split('\n');
      resolve({
        accepted: lines.flatMap((l) => (l.startsWith('accepted ') ? [Number(l.slice(9))] : [])),
        settled: lines.includes('settled'),
      });
    });
  });
}

test(
  'the spool loses nothing accepted across about twenty kill -9 and delivers each id at most once more per kill',
  { timeout: 120_000 },
  async () => {
    const tmp = tempDir();
    try {
      const spoolDir = join(tmp.dir, 'spool');
      const receiver = join(tmp.dir, 'received');
      const accepted = new Set<string>();
      let kills = 0;
      for (let round = 0; round < ROUNDS; round++) {
        // Killed 0-80 ms after its first acceptance: among acceptances, deliveries, retries and compactions.
        const result = await runChild(spoolDir, receiver, round * PER_ROUND, PER_ROUND, Math.random() * 80);
        for (const n of result.accepted) accepted.add(aJob(n).id);
        if (!result.settled) kills++;
      }
      const last = await runChild(spoolDir, receiver, 0, 0, null);
      assert.ok(last.settled, 'the last run delivers everything and ends');
      const received = existsSync(receiver)
        ? readFileSync(receiver, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
        : [];
      const distinct = new Set(received);
      const lost = [...accepted].filter((id) => !distinct.has(id));
      const duplicated = received.length - distinct.size;
      const unexpected = [...distinct].filter((id) => !accepted.has(id));
      console.log(
        `spool crash test: rounds=${ROUNDS} kills=${kills} expected=${accepted.size} delivered=${distinct.size} duplicated=${duplicated} lost=${lost.length}`,
      );
      assert.deepEqual(lost, []);
      // A kill can fall after acceptance was written but before `accepted N` reached the test.
      assert.ok(unexpected.length <= kills, `delivered but never reported accepted: ${unexpected.length}`);
      assert.ok(duplicated <= kills, `${duplicated} duplicates for ${kills} kills`);
      assert.ok(kills >= ROUNDS / 2, `only ${kills} of ${ROUNDS} rounds were killed before they ended`);
    } finally {
      tmp.remove();
    }
  },
);
