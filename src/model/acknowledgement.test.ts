import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACKNOWLEDGEMENT_CLEARING,
  acknowledgedChange,
  acknowledgementEnds,
  acknowledgementExpired,
  type Acknowledgement,
} from './acknowledgement.js';

const ack = (kind: Acknowledgement['kind']): Acknowledgement => ({
  kind,
  notify: false,
  persistent: false,
  author: 'ann',
  comment: 'on it',
  at: 0,
  commentId: 1,
});

test('acknowledgementEnds(): normal ones end on any state change, sticky ones only on recovery', () => {
  const rows = [
    { kind: 'normal', previous: 'critical', current: 'critical', ends: false },
    { kind: 'normal', previous: 'critical', current: 'warning', ends: true },
    { kind: 'normal', previous: 'warning', current: null, ends: true },
    { kind: 'sticky', previous: 'critical', current: 'critical', ends: false },
    { kind: 'sticky', previous: 'critical', current: 'warning', ends: false },
    { kind: 'sticky', previous: 'down', current: 'unreachable', ends: false },
    { kind: 'sticky', previous: 'critical', current: null, ends: true },
  ] as const;
  for (const { kind, previous, current, ends } of rows) {
    assert.equal(
      acknowledgementEnds(ack(kind), acknowledgedChange(previous, current)),
      ends,
      `${kind} ${previous}→${current}`,
    );
  }
});

test('ACKNOWLEDGEMENT_CLEARING covers every kind and change once', () => {
  for (const kind of ['normal', 'sticky'] as const) {
    for (const change of ['same-problem', 'other-problem', 'recovered'] as const) {
      assert.equal(ACKNOWLEDGEMENT_CLEARING.filter((r) => r.kind === kind && r.change === change).length, 1);
    }
  }
});

test('acknowledgementExpired(): at and after its end time; never without one', () => {
  const cases: { expires: number | undefined; now: number; expired: boolean }[] = [
    { expires: undefined, now: 10 ** 15, expired: false },
    { expires: 5000, now: 4999, expired: false },
    { expires: 5000, now: 5000, expired: true },
    { expires: 5000, now: 6000, expired: true },
  ];
  for (const c of cases) {
    const acknowledgement = c.expires === undefined ? ack('normal') : { ...ack('normal'), expires: c.expires };
    assert.equal(acknowledgementExpired(acknowledgement, c.now), c.expired, `expires ${c.expires} at ${c.now}`);
  }
});
