import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeKind } from './attributes.js';
import { fromNagios, type Converted } from './attribute-value.js';
import { ConvertedCache } from './converted-cache.js';

const LIST: AttributeKind = { kind: 'list' };
const NAME: AttributeKind = { kind: 'name' };

/** A converter that counts its calls. */
function counting(): { convert: (kind: AttributeKind, text: string) => Converted; calls: () => number } {
  let calls = 0;
  return {
    convert: (kind, text) => {
      calls++;
      return fromNagios(kind, text, 60);
    },
    calls: () => calls,
  };
}

test('ConvertedCache: the same text of a kind is converted once and its value shared', () => {
  const cache = new ConvertedCache();
  const counter = counting();
  const first = cache.get(LIST, 'web01,web02', counter.convert);
  const again = cache.get(LIST, 'web01,web02', counter.convert);
  assert.equal(again, first);
  assert.equal(counter.calls(), 1);
  assert.notEqual(cache.get(NAME, 'web01,web02', counter.convert), first, 'kinds are kept apart');
  assert.deepEqual(first, { ok: true, value: ['web01', 'web02'] });
});

test('ConvertedCache: a failure is shared too, for the caller to report at each place', () => {
  const cache = new ConvertedCache();
  const counter = counting();
  const failed = cache.get(NAME, '', counter.convert);
  assert.equal(failed.ok, false);
  assert.equal(cache.get(NAME, '', counter.convert), failed);
});

test('ConvertedCache: a kind whose texts do not repeat is given up; one that repeats is kept', () => {
  const cache = new ConvertedCache();
  const unique = counting();
  for (let i = 0; i < 20_000; i++) cache.get(NAME, `group${i}`, unique.convert);
  cache.get(NAME, 'group1', unique.convert);
  assert.equal(unique.calls(), 20_001, 'given up: group1 converted again');

  const repeated = counting();
  for (let i = 0; i < 20_000; i++) {
    for (let copy = 0; copy < 2; copy++) cache.get(LIST, `host${i}`, repeated.convert);
  }
  assert.equal(repeated.calls(), 20_000, 'kept: each text converted once');
});

test('ConvertedCache: long texts are converted each time', () => {
  const cache = new ConvertedCache();
  const counter = counting();
  const long = 'x'.repeat(300);
  cache.get(NAME, long, counter.convert);
  cache.get(NAME, long, counter.convert);
  assert.equal(counter.calls(), 2);
});
