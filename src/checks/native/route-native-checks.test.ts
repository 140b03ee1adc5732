import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult, PluginRequest } from '../../model/check-result.js';
import { nativeCheckTypes } from './native-check-types.js';
import type { NativeCheck } from './native-check.js';
import { parseNativeCommand, routeNativeChecks } from './route-native-checks.js';

function request(commandLine: string, extra: Partial<PluginRequest> = {}): PluginRequest {
  return { commandLine, timeoutSeconds: 1, timeoutStatus: 3, ...extra };
}

const pluginResult: CheckResult = { status: 0, output: 'from plugin', longOutput: '', perfdata: '', durationMs: 1 };
const plugins = (): Promise<CheckResult> => Promise.resolve(pluginResult);

test('parses type and key=value parameters, quoted values kept whole', () => {
  assert.deepEqual(parseNativeCommand(`native:http port=443 uri='/a b' ssl=true`), {
    ok: true,
    type: 'http',
    parameters: new Map([
      ['port', '443'],
      ['uri', '/a b'],
      ['ssl', 'true'],
    ]),
  });
});

test('malformed native lines are refused with the reason', () => {
  const cases: [string, RegExp][] = [
    ['native:', /names no type/],
    ['native:tcp port', /"port" is not key=value/],
    ['native:tcp =1', /"=1" is not key=value/],
    ['native:tcp port=1 port=2', /"port" given twice/],
    ['native:tcp port=1 | cat', /cannot use a pipe/],
  ];
  for (const [line, expected] of cases) {
    const parsed = parseNativeCommand(line);
    assert.equal(parsed.ok, false, line);
    if (!parsed.ok) assert.match(parsed.message, expected, line);
  }
});

test('other lines go to the plugin runner; native ones run in-process', async () => {
  const run = routeNativeChecks(nativeCheckTypes(), plugins);
  assert.equal((await run(request('/usr/lib/nagios/plugins/check_dummy 0'))).output, 'from plugin');
  const dummy = await run(request(`native:dummy state=2 text='disk full|used=99%;80;90'`));
  assert.deepEqual(
    { status: dummy.status, output: dummy.output, perfdata: dummy.perfdata },
    { status: 2, output: 'CRITICAL: disk full', perfdata: 'used=99%;80;90' },
  );
  assert.equal((await run(request('native:dummy'))).output, 'OK');
});

test('unknown types and bad parameters are UNKNOWN results naming the problem', async () => {
  const run = routeNativeChecks(nativeCheckTypes(), plugins);
  const unknown = await run(request('native:nosuch'));
  assert.equal(unknown.status, 3);
  assert.match(unknown.output, /unknown native check type "nosuch" \(known: .*dummy/);
  const bad = await run(request('native:dummy state=7'));
  assert.equal(bad.status, 3);
  assert.match(bad.output, /state must be 0, 1, 2 or 3/);
});

test('a check that never ends is cut off at the timeout; one that throws is UNKNOWN', async () => {
  const hang: NativeCheck = () => new Promise(() => undefined);
  const boom: NativeCheck = () => Promise.reject(new Error('boom'));
  const run = routeNativeChecks(
    new Map([
      ['hang', hang],
      ['boom', boom],
    ]),
    plugins,
  );
  const timedOut = await run(request('native:hang', { timeoutSeconds: 0.05, timeoutStatus: 2 }));
  assert.deepEqual([timedOut.status, timedOut.output], [2, 'CHECK TIMED OUT after 0.05s']);
  const failed = await run(request('native:boom'));
  assert.deepEqual([failed.status, failed.output], [3, 'UNKNOWN - native check failed: boom']);
});

test('aborting ends a running native check at once with UNKNOWN', async () => {
  let seen: AbortSignal | undefined;
  const hang: NativeCheck = (_parameters, context) => {
    seen = context.signal;
    return new Promise(() => undefined);
  };
  const controller = new AbortController();
  const run = routeNativeChecks(new Map([['hang', hang]]), plugins);
  const pending = run(request('native:hang', { timeoutSeconds: 60, signal: controller.signal }));
  controller.abort();
  const result = await pending;
  assert.equal(result.status, 3);
  assert.match(result.output, /ABORTED/);
  assert.equal(seen?.aborted, true);
});

test('with a limit per type, checks of one type wait for a place; other types do not', async () => {
  let slowRunning = 0;
  let slowPeak = 0;
  const releases: (() => void)[] = [];
  const slow: NativeCheck = () => {
    slowRunning++;
    slowPeak = Math.max(slowPeak, slowRunning);
    return new Promise((resolve) =>
      releases.push(() => {
        slowRunning--;
        resolve(pluginResult);
      }),
    );
  };
  const run = routeNativeChecks(
    new Map([
      ['slow', slow],
      ['dummy', nativeCheckTypes().get('dummy') ?? slow],
    ]),
    plugins,
    { maxConcurrentPerType: 2 },
  );
  const pending = [1, 2, 3, 4, 5].map(() => run(request('native:slow', { timeoutSeconds: 10 })));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(slowRunning, 2);
  assert.equal((await run(request('native:dummy'))).status, 0, 'another type runs while slow ones wait');
  while (releases.length > 0 || slowRunning > 0) {
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal((await Promise.all(pending)).length, 5);
  assert.equal(slowPeak, 2);
});
