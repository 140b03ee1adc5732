import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginRequest } from '../../model/check-result.js';
import { requirePlugin } from '../process/plugins-for-tests.js';
import { createHelperPool, type HelperPool, type HelperPoolOptions } from './helper-pool.js';
import { spawnHelperForTests } from './helper-for-tests.js';

const dir = mkdtempSync(join(tmpdir(), 'watchpost-pool-'));
const pools: HelperPool[] = [];
const leftoverGroups: number[] = [];
after(async () => {
  await Promise.all(pools.map((p) => p.close()));
  for (const pgid of leftoverGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function pool(options: HelperPoolOptions = {}): HelperPool {
  const created = createHelperPool({ helperPath: spawnHelperForTests(), helpers: 1, ...options });
  pools.push(created);
  return created;
}

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const request = (commandLine: string, fields: Partial<PluginRequest> = {}): PluginRequest => ({
  commandLine,
  timeoutSeconds: 10,
  timeoutStatus: 3,
  ...fields,
});

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until a file has content: the plugin that writes it has started. */
async function started(file: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    try {
      const text = readFileSync(file, 'utf8').trim();
      if (text !== '') return Number(text);
    } catch {
      // not yet
    }
    await pause(10);
  }
  throw new Error(`${file} was never written`);
}

test('a helper that dies fails its plugins in flight with UNKNOWN, and the next check gets a new helper', async () => {
  const checkDummy = requirePlugin('check_dummy', 'monitoring-plugins-basic');
  const pidFile = join(dir, 'orphan.pid');
  const hang = script('hang', `echo $$ > ${pidFile}\nwhile true; do sleep 1; done`);
  const runner = pool();
  const pending = runner.run(request(hang, { timeoutSeconds: 60 }));
  // The plugin is its own group leader; the helper's death leaves it running, so the test ends it.
  leftoverGroups.push(await started(pidFile));
  const [helper] = runner.helperPids();
  assert.ok(helper !== undefined);
  process.kill(helper, 'SIGKILL');
  const lost = await pending;
  assert.equal(lost.status, 3);
  assert.equal(lost.output, 'UNKNOWN - no result from the spawn helper: it exited (signal SIGKILL)');
  const next = await runner.run(request(`${checkDummy} 0 back`));
  assert.equal(next.output, 'OK: back');
  assert.notDeepEqual(runner.helperPids(), [helper]);
});

test('a missing helper makes checks UNKNOWN at once, saying how to build it', async () => {
  const runner = pool({ helperPath: join(dir, 'no-such-helper') });
  for (let i = 0; i < 3; i++) {
    const result = await runner.run(request('/bin/true'));
    assert.equal(result.status, 3);
    assert.match(result.output, /^UNKNOWN - no result from the spawn helper: /);
    assert.match(result.output, /no-such-helper is missing or not executable; build it with npm run build/);
    assert.match(result.output, /Debian package gcc/);
  }
});

test('a helper that exits at start is reported with its last words and not restarted at every check', async () => {
  const broken = script('broken-helper', 'echo "cannot work here" >&2\nexit 4');
  const runner = pool({ helperPath: broken });
  const first = await runner.run(request('/bin/true'));
  assert.equal(first.output, 'UNKNOWN - no result from the spawn helper: it exited (exit code 4): cannot work here');
  const second = await runner.run(request('/bin/true'));
  assert.match(second.output, /none is running; it is started again shortly \(the last one: it exited/);
});

test('a helper that speaks another protocol is stopped, and its checks say to rebuild it', async () => {
  const stranger = script('stranger-helper', 'echo "HELLO I AM SOMETHING ELSE"\nsleep 30');
  const runner = pool({ helperPath: stranger });
  const result = await runner.run(request('/bin/true'));
  assert.equal(result.status, 3);
  assert.match(result.output, /it broke the protocol \(it greets with "HELL" version \d+, not WPSH version 1\)/);
  assert.match(result.output, /rebuild .*stranger-helper with npm run build$/);
});

test('a helper that stops answering is killed after the timeout and a grace, and its checks end', async () => {
  const checkDummy = requirePlugin('check_dummy', 'monitoring-plugins-basic');
  const runner = pool({ answerGraceMs: 200 });
  await runner.run(request(`${checkDummy} 0 warm`));
  const [helper] = runner.helperPids();
  assert.ok(helper !== undefined);
  process.kill(helper, 'SIGSTOP');
  const began = Date.now();
  const result = await runner.run(request(`${checkDummy} 0 never answered`, { timeoutSeconds: 1 }));
  assert.equal(result.output, 'UNKNOWN - no result from the spawn helper: it stopped answering and was killed');
  assert.ok(Date.now() - began < 4000, `ended after ${Date.now() - began} ms`);
  const next = await runner.run(request(`${checkDummy} 2 again`));
  assert.equal(next.output, 'CRITICAL: again');
});

test('close() ends running plugins as aborted, and later checks are refused at once', async () => {
  const checkDummy = requirePlugin('check_dummy', 'monitoring-plugins-basic');
  const pidFile = join(dir, 'closing.pid');
  const hang = script('hang_close', `echo $$ > ${pidFile}\nwhile true; do sleep 1; done`);
  const runner = createHelperPool({ helperPath: spawnHelperForTests(), helpers: 2 });
  const pending = runner.run(request(hang, { timeoutSeconds: 60 }));
  const plugin = await started(pidFile);
  await runner.close();
  const result = await pending;
  assert.equal(result.output, 'CHECK ABORTED: monitoring is stopping');
  assert.throws(() => process.kill(plugin, 0), /ESRCH/, 'the plugin was killed');
  assert.deepEqual(runner.helperPids(), []);
  const late = await runner.run(request(`${checkDummy} 0 late`));
  assert.equal(late.output, 'UNKNOWN - no result from the spawn helper: the plugin runner is closed');
});

test('the pool spreads plugins over its helpers once one has `fill` in flight', async () => {
  const runner = pool({ helpers: 2, fill: 10 });
  const pidFile = join(dir, 'spread.pids');
  const ppid = script('print_ppid', `echo $PPID >> ${pidFile}\necho OK`);
  await Promise.all(Array.from({ length: 20 }, () => runner.run(request(ppid))));
  const parents = new Set(readFileSync(pidFile, 'utf8').trim().split('\n'));
  assert.deepEqual([...parents].sort(), runner.helperPids().map(String).sort());
  assert.equal(parents.size, 2);
});

test('a pool keeps the process alive while a check is in flight, and not when idle', () => {
  const poolModule = new URL('./helper-pool.js', import.meta.url).href;
  const program = [
    `import { createHelperPool } from ${JSON.stringify(poolModule)};`,
    `const pool = createHelperPool({ helperPath: ${JSON.stringify(spawnHelperForTests())}, helpers: 1 });`,
    "const result = await pool.run({ commandLine: '/bin/sleep 0.3', timeoutSeconds: 5, timeoutStatus: 3 });",
    'console.log(`status ${result.status}`);',
    '// no close(): an idle pool must not hold the process',
  ].join('\n');
  const began = Date.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  assert.equal(child.stdout.trim(), 'status 0', child.stderr);
  assert.equal(child.status, 0, 'exited by itself');
  assert.ok(Date.now() - began < 5000);
});

test('the pool fills one helper up to `fill` plugins in flight before it gives work to the next', async () => {
  // Each plugin prints its parent: the helper that started it. It waits a little, so that all are in flight at once.
  const parent = script('parent.sh', 'echo $PPID; sleep 0.3');
  const cases = [
    { fill: 16, plugins: 3, helpersUsed: 1 },
    { fill: 2, plugins: 3, helpersUsed: 2 },
  ];
  for (const { fill, plugins, helpersUsed } of cases) {
    const p = pool({ helpers: 2, fill });
    const results = await Promise.all(Array.from({ length: plugins }, () => p.run(request(parent))));
    const parents = new Set(results.map((r) => r.output.trim()));
    assert.equal(parents.size, helpersUsed, `fill ${fill}: ${[...parents].join(', ')}`);
  }
});
