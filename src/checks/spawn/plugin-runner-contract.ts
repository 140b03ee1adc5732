/**
 * The contract every implementation of the engine's `RunPlugin` port keeps, as one suite that
 * each implementation's test file runs: real Monitoring Plugins and hostile scripts (one that
 * never ends, one whose grandchild holds the pipe, 10 MB of output, binary output, exit 255, a
 * missing plugin, hundreds at once). Results must be the same whichever runner produced them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PluginRequest, PluginStatus } from '../../model/check-result.js';
import { requirePlugin } from '../process/plugins-for-tests.js';
import type { PluginRunner, PluginRunnerOptions } from '../process/run-plugin.js';

/** A runner under test and how to stop it. */
export interface RunnerUnderTest {
  readonly run: PluginRunner;
  close(): Promise<void>;
}

/** Makes a runner with the given tuning. */
export type RunnerFactory = (options: PluginRunnerOptions) => RunnerUnderTest;

const request = (commandLine: string, fields: Partial<PluginRequest> = {}): PluginRequest => ({
  commandLine,
  timeoutSeconds: 10,
  timeoutStatus: 3,
  ...fields,
});

/** Whether a process runs; a zombie (killed, not yet reaped by whoever adopted it) does not. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers the contract tests for one runner; `name` starts every test name. */
export function pluginRunnerContract(name: string, create: RunnerFactory): void {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-contract-'));
  const leftovers: number[] = [];
  const runners: RunnerUnderTest[] = [];
  const make = (options: PluginRunnerOptions = {}): PluginRunner => {
    const runner = create(options);
    runners.push(runner);
    return runner.run;
  };
  let run: PluginRunner = () => Promise.reject(new Error('the contract suite has not started'));
  before(() => {
    run = make();
  });
  after(async () => {
    await Promise.all(runners.map((r) => r.close()));
    for (const pid of leftovers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const script = (file: string, body: string, mode = 0o755): string => {
    const path = join(dir, file);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, mode);
    return path;
  };

  test(`${name}: runs check_dummy and maps its exit codes 0..3`, async () => {
    const checkDummy = requirePlugin('check_dummy', 'monitoring-plugins-basic');
    const cases: { status: PluginStatus; output: string }[] = [
      { status: 0, output: 'OK: all good' },
      { status: 1, output: 'WARNING: all good' },
      { status: 2, output: 'CRITICAL: all good' },
      { status: 3, output: 'UNKNOWN: all good' },
    ];
    for (const { status, output } of cases) {
      const result = await run(request(`${checkDummy} ${status} 'all good'`));
      assert.equal(result.status, status);
      assert.equal(result.output, output);
      assert.ok(result.durationMs >= 0);
    }
  });

  test(`${name}: runs hundreds of plugins at once and gives each its own result`, async () => {
    const checkDummy = requirePlugin('check_dummy', 'monitoring-plugins-basic');
    const labels = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => run(request(`${checkDummy} ${i % 4} number${i}`))),
    );
    results.forEach((result, i) => {
      assert.equal(result.status, i % 4);
      assert.equal(result.output, `${labels[i % 4] ?? ''}: number${i}`);
    });
  });

  test(`${name}: kills the whole process group of a plugin that does not end, and reports the timeout`, async () => {
    const pidFile = join(dir, 'hang.pid');
    const hang = script('hang', `sleep 300 &\necho $! > ${pidFile}\nwhile true; do sleep 1; done`);
    for (const [timeoutStatus, expected] of [
      [3, 3],
      [2, 2],
    ] as const) {
      const started = Date.now();
      const result = await run(request(hang, { timeoutSeconds: 1, timeoutStatus }));
      assert.equal(result.status, expected);
      assert.equal(result.output, 'CHECK TIMED OUT after 1s');
      assert.ok(Date.now() - started < 5000, 'resolved soon after the timeout');
      const child = Number(readFileSync(pidFile, 'utf8'));
      leftovers.push(child);
      // SIGKILL to the group reaches the plugin's own children too.
      for (let i = 0; i < 50 && isAlive(child); i++) await pause(20);
      assert.equal(isAlive(child), false, 'the plugin child was killed with its group');
    }
  });

  test(`${name}: keeps 64 KiB of a plugin that prints 10 MB and drops the rest`, async () => {
    const chatty = script('chatty', 'head -c 10485760 /dev/zero | tr "\\\\0" "x"\necho\necho second line');
    const result = await run(request(chatty));
    assert.equal(result.status, 0);
    assert.equal(result.output.length, 64 * 1024);
    assert.match(result.output, /^x+$/);
    const small = await make({ outputLimit: 10 })(request(chatty));
    assert.equal(small.output, 'xxxxxxxxxx');
  });

  test(`${name}: survives a plugin that prints binary and still reads its exit code`, async () => {
    const random = script('random', 'head -c 300000 /dev/urandom\nexit 1');
    const mixed = script('mixed', "printf 'OK \\000\\001\\377 half\\n'\nexit 0");
    const noisy = await run(request(random));
    assert.equal(noisy.status, 1);
    assert.ok(Buffer.byteLength(noisy.output) <= 3 * 64 * 1024, 'at most the cap, even as replacement characters');
    const half = await run(request(mixed));
    assert.equal(half.status, 0);
    assert.ok(half.output.startsWith('OK \0\u0001'), JSON.stringify(half.output));
  });

  test(`${name}: makes an exit code outside 0..3 UNKNOWN and names the code`, async () => {
    const odd = script('odd', 'echo "strange things"\nexit 255');
    const result = await run(request(odd));
    assert.equal(result.status, 3);
    assert.equal(result.output, 'strange things (exit code 255)');
  });

  test(`${name}: names the signal that killed a plugin`, async () => {
    const killed = script('killed', 'echo "going"\nkill -KILL $$');
    const result = await run(request(killed));
    assert.equal(result.status, 3);
    assert.equal(result.output, 'going (plugin killed by signal SIGKILL)');
  });

  test(`${name}: resolves when the plugin exits although a grandchild keeps stdout open`, async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const forking = script('forking', `sleep 300 &\necho $! > ${pidFile}\necho "OK - parent done"\nexit 0`);
    const started = Date.now();
    const result = await run(request(forking, { timeoutSeconds: 30 }));
    leftovers.push(Number(readFileSync(pidFile, 'utf8')));
    assert.equal(result.status, 0);
    assert.equal(result.output, 'OK - parent done');
    assert.ok(Date.now() - started < 3000, `resolved after ${Date.now() - started} ms, not at the grandchild's end`);
  });

  test(`${name}: reports a plugin that cannot be started, naming the file`, async () => {
    const missing = join(dir, 'check_missing');
    const notExecutable = script('not_executable', 'echo never', 0o644);
    const cases: { line: string; output: string }[] = [
      { line: `${missing} -H x`, output: `UNKNOWN - cannot run plugin ${missing}: no such file (ENOENT)` },
      {
        line: notExecutable,
        output: `UNKNOWN - cannot run plugin ${notExecutable}: permission denied (is it executable?) (EACCES)`,
      },
      { line: '   ', output: 'UNKNOWN - cannot run plugin (none): the command line is empty' },
    ];
    for (const { line, output } of cases) {
      const result = await run(request(line));
      assert.equal(result.status, 3, line);
      assert.equal(result.output, output, line);
    }
  });

  test(`${name}: looks up a program without a slash in PATH, and names a missing one`, async () => {
    const pluginDir = dirname(requirePlugin('check_dummy', 'monitoring-plugins-basic'));
    script('not_executable_in_path', 'echo never', 0o644);
    // An empty entry is the current directory; a directory holding a file it may not run does not end the search.
    const runInPath = make({ path: `${dir}::${pluginDir}:/usr/bin:/bin` });
    const found = await runInPath(request('check_dummy 1 found'));
    assert.equal(found.status, 1);
    assert.equal(found.output, 'WARNING: found');
    const missing = await runInPath(request('check_not_there -H x'));
    assert.equal(missing.status, 3);
    assert.equal(missing.output, 'UNKNOWN - cannot run plugin check_not_there: no such file (ENOENT)');
    const denied = await runInPath(request('not_executable_in_path'));
    assert.equal(denied.status, 3);
    assert.equal(
      denied.output,
      'UNKNOWN - cannot run plugin not_executable_in_path: permission denied (is it executable?) (EACCES)',
    );
  });

  test(`${name}: runs a line with shell syntax through /bin/sh`, async () => {
    const checkDummy = requirePlugin('check_dummy', 'monitoring-plugins-basic');
    const result = await run(request(`${checkDummy} 1 piped | tr a-z A-Z; exit 2`));
    assert.equal(result.status, 2);
    assert.equal(result.output, 'WARNING: PIPED');
    const missing = await run(request(`${join(dir, 'nope')} > /dev/null`));
    assert.equal(missing.status, 3);
    assert.match(missing.output, /nope: not found \(exit code 127: does the plugin exist\?\)$/);
  });

  test(`${name}: gives plugins a scrubbed environment: PATH and LANG=C`, async () => {
    const printEnv = script('print_env', 'echo "env: $(env | cut -d= -f1 | sort | tr "\\n" " ")| lang=$LANG"');
    const result = await make({ path: '/usr/bin:/bin' })(request(printEnv));
    const names = result.output
      .replace(/^env: /, '')
      .trim()
      .split(' ');
    assert.ok(names.includes('PATH') && names.includes('LANG'), result.output);
    // The shell running the script adds PWD of its own; nothing of ours leaks in.
    assert.deepEqual(
      names.filter((n) => !['PATH', 'LANG', 'PWD'].includes(n)),
      [],
    );
    assert.equal(result.perfdata, 'lang=C');
  });

  test(`${name}: ends a running plugin when its signal aborts, and does not start an aborted one`, async () => {
    const hang = script('hang_abort', 'while true; do sleep 1; done');
    const controller = new AbortController();
    const pending = run(request(hang, { signal: controller.signal, timeoutSeconds: 60 }));
    setTimeout(() => controller.abort(), 100);
    const result = await pending;
    assert.equal(result.status, 3);
    assert.equal(result.output, 'CHECK ABORTED: monitoring is stopping');
    const early = await run(request(hang, { signal: AbortSignal.abort(), timeoutSeconds: 60 }));
    assert.deepEqual(early, { ...result, durationMs: 0 });
  });
}
