import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePerfdata, parseRange, rangeAlerts, type ThresholdRange } from './perfdata.js';

test('parseRange() reads every range form of the plugin guidelines', () => {
  const cases: { text: string; range: ThresholdRange | null }[] = [
    { text: '10', range: { start: 0, end: 10, alertInside: false } },
    { text: '10:', range: { start: 10, end: Infinity, alertInside: false } },
    { text: '~:10', range: { start: -Infinity, end: 10, alertInside: false } },
    { text: '10:20', range: { start: 10, end: 20, alertInside: false } },
    { text: '@10:20', range: { start: 10, end: 20, alertInside: true } },
    { text: '-5:-1', range: { start: -5, end: -1, alertInside: false } },
    { text: '0.5:1.5', range: { start: 0.5, end: 1.5, alertInside: false } },
    { text: ':10', range: { start: 0, end: 10, alertInside: false } },
    { text: '20:10', range: null },
    { text: 'abc', range: null },
    { text: '10:x', range: null },
    { text: '', range: null },
  ];
  for (const { text, range } of cases) assert.deepEqual(parseRange(text), range, text);
});

test('rangeAlerts() alerts outside a range, and inside one written with @', () => {
  const cases: { range: string; value: number; alerts: boolean }[] = [
    { range: '10', value: 5, alerts: false },
    { range: '10', value: 11, alerts: true },
    { range: '10', value: -1, alerts: true },
    { range: '10:', value: 9, alerts: true },
    { range: '~:10', value: -1000, alerts: false },
    { range: '10:20', value: 20, alerts: false },
    { range: '@10:20', value: 15, alerts: true },
    { range: '@10:20', value: 21, alerts: false },
  ];
  for (const { range, value, alerts } of cases) {
    const parsed = parseRange(range);
    assert.ok(parsed, range);
    assert.equal(rangeAlerts(parsed, value), alerts, `${range} with ${value}`);
  }
});

test('parsePerfdata() reads labels, values, units, thresholds and limits', () => {
  const { values, errors } = parsePerfdata(
    "time=0.001s;1.000;2.000;0.000;10.000 'free space'=35%;20:;10:;0;100 'it''s'=U load1=0.5 size=1,5MB;;;0",
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(values, [
    {
      label: 'time',
      value: 0.001,
      unit: 's',
      warn: { text: '1.000', range: { start: 0, end: 1, alertInside: false } },
      crit: { text: '2.000', range: { start: 0, end: 2, alertInside: false } },
      min: 0,
      max: 10,
    },
    {
      label: 'free space',
      value: 35,
      unit: '%',
      warn: { text: '20:', range: { start: 20, end: Infinity, alertInside: false } },
      crit: { text: '10:', range: { start: 10, end: Infinity, alertInside: false } },
      min: 0,
      max: 100,
    },
    { label: "it's", value: null, unit: '', warn: null, crit: null, min: null, max: null },
    { label: 'load1', value: 0.5, unit: '', warn: null, crit: null, min: null, max: null },
    { label: 'size', value: 1.5, unit: 'MB', warn: null, crit: null, min: 0, max: null },
  ]);
});

test('parsePerfdata() keeps thresholds it cannot parse as text', () => {
  const { values } = parsePerfdata('x=1;foo;@5:1');
  assert.deepEqual(values[0]?.warn, { text: 'foo', range: null });
  assert.deepEqual(values[0]?.crit, { text: '@5:1', range: null });
});

test('parsePerfdata() skips bad items, reports each, and never throws', () => {
  const cases: { text: string; labels: string[]; errors: number }[] = [
    { text: '', labels: [], errors: 0 },
    { text: '   ', labels: [], errors: 0 },
    { text: 'garbage a=1', labels: ['a'], errors: 1 },
    { text: 'a=abc b=2', labels: ['b'], errors: 1 },
    { text: '=5 c=3', labels: ['c'], errors: 1 },
    { text: "'unterminated=5", labels: [], errors: 1 },
    { text: "'' =5 d=1", labels: ['d'], errors: 2 },
    { text: "'quoted' =1 e=2", labels: ['e'], errors: 2 },
    { text: 'a= b=1', labels: ['b'], errors: 1 },
    { text: ';;;; ||| f=1', labels: ['f'], errors: 2 },
  ];
  for (const { text, labels, errors } of cases) {
    const parsed = parsePerfdata(text);
    assert.deepEqual(
      parsed.values.map((v) => v.label),
      labels,
      text,
    );
    assert.equal(parsed.errors.length, errors, `${text}: ${parsed.errors.join(' / ')}`);
  }
});
