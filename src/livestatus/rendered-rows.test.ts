import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceState } from '../model/check-state.js';
import { RecordingCommandSink } from '../testing/fake-status-source.js';
import { FIXTURE_NOW, fixtureSource } from '../testing/livestatus-fixture.js';
import { ANSWER_DEFAULTS, answerRequest, type AnswerContext } from './answer-request.js';
import type { StatusSource } from './ports.js';
import { joinedText } from './render-result.js';
import { RenderedRowCache, RenderedRows } from './rendered-rows.js';
import { OWN_ROW_CHECKABLE_COLUMNS } from './tables/checkable-columns.js';
import { SERVICES_TABLE } from './tables/services-table.js';

function context(source: StatusSource, renderedRows?: RenderedRowCache, now = FIXTURE_NOW): AnswerContext {
  return {
    source,
    commands: new RecordingCommandSink(),
    logger: { log: () => undefined },
    now: () => now,
    sleep: () => Promise.resolve(),
    counters: () => ({ requests: 0, connections: 0, activeConnections: 0 }),
    ...ANSWER_DEFAULTS,
    ...(renderedRows === undefined ? {} : { renderedRows }),
  };
}

async function ask(request: string, ctx: AnswerContext): Promise<string> {
  const answer = await answerRequest(
    request.split('\n'),
    { listener: 'test', connection: 1 },
    ctx,
    AbortSignal.timeout(5000),
  );
  return joinedText(answer.bytes);
}

const CRITICAL: ServiceState = {
  kind: 'hard-problem',
  problem: 'critical',
  attempt: 3,
  lastCheck: FIXTURE_NOW - 5000,
  lastStateChange: FIXTURE_NOW - 5000,
  lastHardStateChange: FIXTURE_NOW - 5000,
  previousProblem: null,
  output: 'CRITICAL - load 42',
  longOutput: 'line 2\nline 3',
  perfdata: 'load1=42;5;10;0',
};

test('RenderedRows gives a text back only for the version it was rendered at', () => {
  const rows = new RenderedRows();
  assert.equal(rows.get(3, 7), undefined);
  rows.set(3, 7, 'text');
  assert.equal(rows.get(3, 7), 'text');
  assert.equal(rows.get(3, 8), undefined, 'a new version of the row or its status');
  assert.equal(rows.get(2, 7), undefined);
  assert.equal(rows.get(4000, 7), undefined, 'beyond the rows kept');
  rows.set(3, NaN, 'never kept');
  assert.equal(rows.get(3, NaN), undefined, 'a row without a version is not kept');
  rows.set(5000, 9, 'far');
  assert.equal(rows.get(5000, 9), 'far');
  for (const id of [-1, 1.5]) {
    rows.set(id, 9, 'ignored');
    assert.equal(rows.get(id, 9), undefined);
  }
  rows.set(1, 0, 'ignored');
  assert.equal(rows.get(1, 0), undefined, 'version 0 marks an empty slot');
});

test('RenderedRowCache keeps rows from the second request on and drops the least recently used list', () => {
  const cache = new RenderedRowCache(2);
  assert.equal(cache.rowsFor('a'), null, 'a column list asked for once keeps nothing');
  const a = cache.rowsFor('a');
  assert.ok(a instanceof RenderedRows);
  assert.equal(cache.rowsFor('a'), a);
  cache.rowsFor('b');
  const b = cache.rowsFor('b');
  cache.rowsFor('a');
  cache.rowsFor('c');
  cache.rowsFor('c');
  // Three lists kept rows; b was used least recently.
  assert.equal(cache.rowsFor('a'), a);
  assert.notEqual(cache.rowsFor('b'), b);
});

test('a kept row follows its service: a new status is rendered anew, in every format apart', async () => {
  const source = fixtureSource();
  const cache = new RenderedRowCache();
  // A regular expression, not `=`: the scan goes over the whole table, where rows are kept.
  const request = 'GET services\nColumns: host_name description state plugin_output\nFilter: host_name ~ ^srv1$';
  const before = await ask(request, context(source, cache));
  assert.equal(await ask(request, context(source, cache)), before);
  assert.equal(await ask(request, context(source, cache)), before, 'taken from the kept rows');
  source.set({ object: 'service', hostName: 'srv1', description: 'CPU load', state: CRITICAL });
  const after = await ask(request, context(source, cache));
  assert.match(after, /^srv1;CPU load;2;CRITICAL - load 42$/m);
  assert.equal(after, await ask(request, context(source)), 'the same as without kept rows');
  // The same columns in another format or with Localtime are other lists.
  for (const extra of [
    'OutputFormat: json',
    'OutputFormat: python3',
    'Localtime: ' + String(FIXTURE_NOW / 1000 + 7200),
  ]) {
    const asked = `${request.replace('plugin_output', 'plugin_output last_check')}\n${extra}`;
    const plain = await ask(asked, context(source));
    for (let i = 0; i < 3; i++) assert.equal(await ask(asked, context(source, cache)), plain, extra);
  }
});

test('a column that reads more than its row is never kept: host, clock, downtimes and switches show through', async () => {
  const source = fixtureSource();
  const cache = new RenderedRowCache();
  const request = 'GET services\nColumns: host_name description host_state staleness scheduled_downtime_depth';
  const first = await ask(request, context(source, cache));
  await ask(request, context(source, cache));
  source.setDowntimes([]);
  const later = FIXTURE_NOW + 86_400_000;
  const now = await ask(request, context(source, cache, later));
  assert.notEqual(now, first);
  assert.equal(now, await ask(request, context(source, undefined, later)));
});

test('every column marked as reading only its row is rendered the same from kept rows after everything else changed', async () => {
  const base = fixtureSource();
  const marked = SERVICES_TABLE.columns.filter((c) => c.ownRow === true).map((c) => c.name);
  for (const name of OWN_ROW_CHECKABLE_COLUMNS) assert.ok(marked.includes(name), `${name} is a services column`);
  const request = `GET services\nColumns: ${marked.join(' ')}\nOutputFormat: json`;
  const cache = new RenderedRowCache();
  await ask(request, context(base, cache));
  await ask(request, context(base, cache));
  // Everything but the services' own statuses changes: hosts, time, downtimes, comments, program.
  const changed: StatusSource = {
    configuration: () => base.configuration(),
    hostStatus: () => undefined,
    serviceStatus: (service) => base.serviceStatus(service),
    downtimes: () => [],
    comments: () => [],
    schedule: () => ({ nextCheck: FIXTURE_NOW + 1, executing: true, latencyMs: 1500 }),
    logArchive: () => base.logArchive(),
    program: () => ({
      ...base.program(),
      intervalLength: 1,
      startedAt: FIXTURE_NOW + 1,
      timeZone: 'Pacific/Kiritimati',
      switches: {
        notifications: false,
        activeHostChecks: false,
        activeServiceChecks: false,
        passiveHostChecks: false,
        passiveServiceChecks: false,
        eventHandlers: false,
        flapDetection: false,
        performanceData: false,
      },
    }),
  };
  const later = FIXTURE_NOW + 3 * 86_400_000;
  const kept = await ask(request, context(changed, cache, later));
  assert.equal(kept, await ask(request, context(changed, undefined, later)));
  assert.ok(marked.length >= 60, `${marked.length} columns marked`);
});
