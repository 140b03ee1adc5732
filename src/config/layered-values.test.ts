import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeValue } from './definition.js';
import { KeyShape, LayeredValues, type Slot } from './layered-values.js';

/** The shape of `keys` from `root`, key by key. */
function shapeOf(root: KeyShape, keys: readonly string[]): KeyShape {
  let shape = root;
  for (const key of keys) shape = shape.with(key);
  return shape;
}

test('KeyShape: equal key sequences from one root share one shape; other roots and orders do not', () => {
  const root = KeyShape.root();
  const a = shapeOf(root, ['host_name', 'alias']);
  assert.equal(shapeOf(root, ['host_name', 'alias']), a);
  assert.notEqual(shapeOf(root, ['alias', 'host_name']), a);
  assert.notEqual(shapeOf(KeyShape.root(), ['host_name', 'alias']), a);
  assert.deepEqual(a.keys, ['host_name', 'alias']);
  assert.equal(a.indexOf('alias'), 1);
  assert.equal(a.indexOf('address'), -1);
  assert.deepEqual(root.keys, [], 'the root keeps no keys');
});

test('KeyShape: a shape of many keys is private and grows in place, so 100,000 keys stay linear', () => {
  const root = KeyShape.root();
  const keys = Array.from({ length: 100_000 }, (_, i) => `_K${i}`);
  const big = shapeOf(root, keys);
  assert.equal(big.size, keys.length);
  assert.equal(big.indexOf('_K99999'), 99_999);
  const short = shapeOf(root, keys.slice(0, 10));
  assert.equal(shapeOf(root, keys.slice(0, 10)), short, 'short prefixes are still shared');
  assert.notEqual(shapeOf(root, keys.slice(0, 100)), shapeOf(root, keys.slice(0, 100)), 'long ones are not');
});

/** Values with own keys and slots (stride 2: value, line) over `base`. */
function layered(
  own: readonly (readonly [string, Slot, number])[],
  base: ReadonlyMap<string, AttributeValue> | null,
): LayeredValues {
  const shape = shapeOf(
    KeyShape.root(),
    own.map(([key]) => key),
  );
  const slots: Slot[] = [];
  for (const [, value, line] of own) slots.push(value, line);
  return new LayeredValues(shape, slots, 2, base);
}

test('LayeredValues: own values over the base; an unset own slot hides the base value', () => {
  const base = new Map<string, AttributeValue>([
    ['check_interval', 300],
    ['notes', 'from the template'],
    ['contact_groups', ['admins']],
  ]);
  const values = layered(
    [
      ['host_name', ['web01'], 3],
      ['notes', null, 4],
      ['contact_groups', undefined, 5],
    ],
    base,
  );
  const cases: { key: string; value: AttributeValue | undefined }[] = [
    { key: 'host_name', value: ['web01'] },
    { key: 'check_interval', value: 300 },
    { key: 'notes', value: undefined },
    { key: 'contact_groups', value: undefined },
    { key: 'address', value: undefined },
  ];
  for (const c of cases) {
    assert.deepEqual(values.get(c.key), c.value, c.key);
    assert.equal(values.has(c.key), c.value !== undefined, c.key);
  }
  assert.deepEqual(
    [...values],
    [
      ['host_name', ['web01']],
      ['check_interval', 300],
    ],
  );
  assert.equal(values.size, 2);
  assert.deepEqual(Object.fromEntries(values.ownLines()), { host_name: 3 }, 'lines of set own values only');
});

test('LayeredValues.over(): a folder map under own values, refused where merging would differ', () => {
  const folder = new Map<string, AttributeValue>([
    ['site', 'dc1'],
    ['check_interval', 120],
  ]);
  const own = layered([['check_interval', 30, 2]], null);
  const layeredOver = own.over(folder);
  assert.ok(layeredOver !== null);
  assert.deepEqual(Object.fromEntries(layeredOver), { check_interval: 30, site: 'dc1' });
  assert.equal(layered([['notes', null, 2]], null).over(folder), null, 'an unset own value would hide the folder');
  assert.equal(own.over(folder)?.over(folder), null, 'values with a base already');
});
