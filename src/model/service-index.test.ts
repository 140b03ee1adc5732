import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceKey } from './objects.js';
import { lookupService, ServiceIndex } from './service-index.js';

interface Svc {
  readonly hostName: string;
  readonly description: string;
  readonly n: number;
}

const svc = (hostName: string, description: string, n = 0): Svc => ({ hostName, description, n });

test('services are found by host and description and kept in the order they were added', () => {
  const index = new ServiceIndex<Svc>();
  assert.equal(index.add(svc('web', 'HTTP')), 0);
  assert.equal(index.add(svc('db', 'PING')), 1);
  assert.equal(index.add(svc('web', 'PING')), 2);
  assert.equal(index.size, 3);
  assert.equal(index.find('web', 'PING')?.n, 0);
  assert.equal(index.positionOf('db', 'PING'), 1);
  assert.equal(index.positionOf('db', 'HTTP'), -1);
  assert.equal(index.find('nohost', 'PING'), undefined);
  assert.deepEqual(
    [...index.values()].map((s) => serviceKey(s.hostName, s.description)),
    ['web;HTTP', 'db;PING', 'web;PING'],
  );
  assert.deepEqual([...index.keys()], ['web;HTTP', 'db;PING', 'web;PING']);
  assert.deepEqual(
    [...index].map(([key, s]) => [key, s.hostName]),
    [
      ['web;HTTP', 'web'],
      ['db;PING', 'db'],
      ['web;PING', 'web'],
    ],
  );
  const seen: string[] = [];
  index.forEach((s, key, map) => {
    assert.equal(map, index);
    seen.push(`${key}=${s.description}`);
  });
  assert.deepEqual(seen, ['web;HTTP=HTTP', 'db;PING=PING', 'web;PING=PING']);
  assert.equal(Object.prototype.toString.call(index), '[object ServiceIndex]');
});

test('the index reads as a map keyed by host;description, a map of the same entries', () => {
  const index = new ServiceIndex<Svc>();
  index.add(svc('web', 'Disk /'));
  index.add(svc('db', 'Load'));
  const copy = new Map(index);
  assert.deepEqual([...copy.keys()], ['web;Disk /', 'db;Load']);
  assert.equal(index.get('web;Disk /')?.description, 'Disk /');
  assert.equal(index.has('db;Load'), true);
  assert.equal(index.has('db;load'), false);
  for (const hostile of ['', ';', 'web', 'web;', ';Disk /', 'web;Disk /;', 'x'.repeat(100_000)]) {
    assert.equal(index.get(hostile), undefined, JSON.stringify(hostile.slice(0, 20)));
  }
});

test('a host or description holding the separator is still found by its key', () => {
  const index = new ServiceIndex<Svc>();
  index.add(svc('a;b', 'c', 1));
  index.add(svc('a', 'b;c', 2));
  index.add(svc('x', 'y;z;w', 3));
  // The left-most split that names a service wins, as one map by key could hold only one of the two.
  assert.equal(index.get('a;b;c')?.n, 2);
  assert.equal(index.find('a;b', 'c')?.n, 1);
  assert.equal(index.get('x;y;z;w')?.n, 3);
  assert.equal(index.size, 3);
});

test('a service is replaced in its place; adding one twice or replacing a missing one throws', () => {
  const index = new ServiceIndex<Svc>();
  index.add(svc('web', 'HTTP', 1));
  index.add(svc('web', 'SSH', 2));
  assert.equal(index.replace(svc('web', 'HTTP', 9)), 0);
  assert.deepEqual(
    [...index.values()].map((s) => s.n),
    [9, 2],
  );
  assert.equal(index.at(0)?.n, 9);
  assert.throws(() => index.add(svc('web', 'SSH')), /'web;SSH' is held already/);
  assert.throws(() => index.replace(svc('db', 'SSH')), /'db;SSH' is not held/);
  assert.equal(index.size, 2);
});

test('lookupService finds a service in an index and in a plain map keyed by host;description', () => {
  const index = new ServiceIndex<Svc>();
  index.add(svc('web', 'HTTP', 1));
  const plain = new Map([[serviceKey('web', 'HTTP'), svc('web', 'HTTP', 2)]]);
  assert.equal(lookupService(index, 'web', 'HTTP')?.n, 1);
  assert.equal(lookupService(plain, 'web', 'HTTP')?.n, 2);
  assert.equal(lookupService(index, 'web', 'SSH'), undefined);
  assert.equal(lookupService(plain, 'web', 'SSH'), undefined);
});
