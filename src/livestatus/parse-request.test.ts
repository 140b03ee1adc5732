import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TABLES } from './catalog.js';
import { parseRequest } from './parse-request.js';
import type { GetQuery, Request } from './query.js';

const NOW = 1_700_000_000_000;
const parse = (text: string): Request => parseRequest(text.split('\n'), { tables: TABLES, now: NOW });

function get(text: string): GetQuery {
  const request = parse(text);
  assert.equal(request.kind, 'get', text);
  if (request.kind !== 'get') throw new Error('not a GET');
  return request;
}

test('parseRequest() builds a query value with canonical column names', () => {
  const query = get(
    'GET services\nColumns: service_description host_name state\nFilter: service_state != 0\nLimit: 10\nKeepAlive: on',
  );
  assert.deepEqual(query.columns, ['description', 'host_name', 'state']);
  assert.deepEqual(query.filter, { kind: 'column', column: 'state', operator: '!=', value: '0' });
  assert.equal(query.limit, 10);
  assert.equal(query.keepAlive, true);
  assert.equal(query.columnHeaders, false);
  assert.equal(query.error, null);
});

test('parseRequest() reads the operator spellings, the value as the rest of the line, and defaults', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['Filter: state !< 1', '>=', '1'],
    ['Filter: state !> 1', '<=', '1'],
    ['Filter: state !<= 1', '>', '1'],
    ['Filter: state !>= 1', '<', '1'],
    ['Filter: plugin_output ~~   CPU  load ', '~~', 'CPU  load '],
    ['Filter: plugin_output =', '=', ''],
  ];
  for (const [line, operator, value] of cases) {
    const query = get(`GET services\n${line}`);
    assert.equal(query.filter.kind === 'column' && query.filter.operator, operator, line);
    assert.equal(query.filter.kind === 'column' && query.filter.value, value, line);
  }
  const plain = get('GET hosts');
  assert.equal(plain.outputFormat, 'csv');
  assert.equal(plain.responseHeader, 'off');
  assert.equal(plain.columnHeaders, true, 'no Columns and no Stats: all columns with headers');
  assert.ok(plain.columns.length > 100);
  assert.deepEqual(plain.filter, { kind: 'and', filters: [] });
});

test('parseRequest() negates like Checkmk: operators flip and And/Or swap', () => {
  const query = get('GET hosts\nFilter: state = 0\nFilter: name ~ ^srv\nOr: 2\nNegate:');
  assert.deepEqual(query.filter, {
    kind: 'and',
    filters: [
      { kind: 'column', column: 'state', operator: '!=', value: '0' },
      { kind: 'column', column: 'name', operator: '!~', value: '^srv' },
    ],
  });
});

test('parseRequest() bounds filter nesting', () => {
  const deep = ['GET hosts', 'Filter: name = a', ...Array.from({ length: 70 }, () => 'Filter: name = b\nAnd: 2')].join(
    '\n',
  );
  assert.match(get(deep).error?.message ?? '', /nested deeper than 64 levels/);
  const shallow = ['GET hosts', ...Array.from({ length: 1000 }, () => 'Filter: name = b'), 'Or: 1000'].join('\n');
  assert.equal(get(shallow).error, null);
});

test('parseRequest() turns Stats lines and StatsAnd/StatsOr/StatsNegate into count and aggregate columns', () => {
  const query = get(
    'GET services\nStats: state = 0\nStats: state = 1\nStatsOr: 2\nStats: avg execution_time\nStats: state = 2\nStatsNegate:',
  );
  assert.deepEqual(query.stats, [
    {
      kind: 'count',
      filter: {
        kind: 'or',
        filters: [
          { kind: 'column', column: 'state', operator: '=', value: '0' },
          { kind: 'column', column: 'state', operator: '=', value: '1' },
        ],
      },
    },
    { kind: 'aggregate', function: 'avg', column: 'execution_time' },
    { kind: 'count', filter: { kind: 'column', column: 'state', operator: '!=', value: '2' } },
  ]);
  assert.equal(query.columnHeaders, false);
});

test('parseRequest() reads Localtime as an offset rounded to half hours', () => {
  assert.equal(get('GET hosts\nLocaltime: 1700000000').timeOffset, 0);
  assert.equal(get('GET hosts\nLocaltime: 1700003700').timeOffset, 3600);
  assert.equal(get('GET hosts\nLocaltime: 1699998000').timeOffset, -1800);
});

test('parseRequest() reads the Wait headers into a wait spec', () => {
  const query = get(
    'GET services\nWaitObject: srv1;CPU load\nWaitCondition: last_check >= 5\nWaitTrigger: check\nWaitTimeout: 10000',
  );
  assert.deepEqual(query.wait, {
    object: 'srv1;CPU load',
    condition: { kind: 'column', column: 'last_check', operator: '>=', value: '5' },
    trigger: 'check',
    timeoutMs: 10000,
  });
  assert.equal(get('GET services').wait, null);
});

test('parseRequest() tells commands and invalid methods apart', () => {
  assert.equal(parse('COMMAND [1] ENABLE_NOTIFICATIONS').kind, 'command');
  assert.equal(parse('COMMAND [1] NOPE').kind, 'bad-command');
  const invalid = parse('POST hosts');
  assert.deepEqual(invalid, {
    kind: 'invalid',
    error: { code: 452, message: 'terminating client connection: invalid request method' },
  });
});

test('parseRequest() takes a wide Or: of 100,000 filters', () => {
  const lines = [
    'GET services',
    ...Array.from({ length: 100_000 }, (_, i) => `Filter: host_name = h${i}`),
    'Or: 100000',
  ];
  const query = parseRequest(lines, { tables: TABLES, now: NOW });
  assert.equal(query.kind === 'get' && query.error, null);
  assert.equal(query.kind === 'get' && query.filter.kind === 'or' && query.filter.filters.length, 100_000);
});
