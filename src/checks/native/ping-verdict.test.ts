import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFpingSummaries, readPingThreshold } from './ping-verdict.js';

test('fping summaries and check_ping thresholds are read', () => {
  const output = [
    '127.0.0.1    : xmt/rcv/%loss = 3/3/0%, min/avg/max = 0.038/0.050/0.065',
    '10.0.0.1 : xmt/rcv/%loss = 3/0/100%',
    'ICMP Network Unreachable from 10.0.0.2 for ICMP Echo sent to 10.0.0.1',
  ].join('\n');
  assert.deepEqual(readFpingSummaries(output), [
    { host: '127.0.0.1', sent: 3, received: 3, lossPercent: 0, rtaMs: 0.05 },
    { host: '10.0.0.1', sent: 3, received: 0, lossPercent: 100, rtaMs: null },
  ]);
  const rows: [string, ReturnType<typeof readPingThreshold>][] = [
    ['100.0,20%', { rtaMs: 100, lossPercent: 20 }],
    ['5000,100%', { rtaMs: 5000, lossPercent: 100 }],
    ['100', null],
    ['100,20', null],
    ['1,101%', null],
  ];
  for (const [text, expected] of rows) assert.deepEqual(readPingThreshold(text), expected, text);
});
