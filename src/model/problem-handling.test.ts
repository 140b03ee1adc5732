import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problemHandling } from './problem-handling.js';

test('problemHandling(): a problem is unhandled unless in downtime, acknowledged, or its host has a problem', () => {
  const no = { problem: true, inDowntime: false, acknowledged: false, hostProblem: false };
  const rows = [
    { name: 'OK', facts: { ...no, problem: false, acknowledged: true }, expected: 'no-problem' },
    { name: 'a plain problem', facts: no, expected: 'unhandled' },
    { name: 'in downtime', facts: { ...no, inDowntime: true }, expected: 'in-downtime' },
    { name: 'acknowledged', facts: { ...no, acknowledged: true }, expected: 'acknowledged' },
    { name: 'a service of a host that is down', facts: { ...no, hostProblem: true }, expected: 'host-problem' },
    {
      name: 'downtime first',
      facts: { ...no, inDowntime: true, acknowledged: true, hostProblem: true },
      expected: 'in-downtime',
    },
  ];
  for (const { name, facts, expected } of rows) assert.equal(problemHandling(facts), expected, name);
});
