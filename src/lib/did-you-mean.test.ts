import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatch, didYouMean, editDistance } from './did-you-mean.js';

test('editDistance() counts insertions, deletions and substitutions', () => {
  const cases: [string, string, number][] = [
    ['', '', 0],
    ['address', 'adress', 1],
    ['kitten', 'sitting', 3],
    ['prot', 'port', 1],
    ['HOST', 'host', 0],
  ];
  for (const [a, b, d] of cases) assert.equal(editDistance(a, b), d, `${a} → ${b}`);
});

test('closestMatch() suggests a likely typo and nothing for an unrelated word', () => {
  assert.equal(closestMatch('adress', ['address', 'alias', 'parents']), 'address');
  assert.equal(closestMatch('check_intervall', ['check_interval', 'retry_interval']), 'check_interval');
  assert.equal(closestMatch('zzzzzz', ['address', 'alias']), null);
  assert.equal(didYouMean('hostgroup', ['hostgroups']), " (did you mean 'hostgroups'?)");
});
