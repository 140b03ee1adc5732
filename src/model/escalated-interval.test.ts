import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notificationIntervalInForce } from './escalated-interval.js';
import type { Escalation } from './objects.js';

const escalation = (over: Partial<Escalation>): Escalation => ({
  hostName: 'h',
  serviceDescription: 's',
  firstNotification: 1,
  lastNotification: 0,
  notificationInterval: 60,
  escalationPeriod: null,
  escalationOptions: [],
  contacts: [],
  contactGroups: [],
  source: { file: 'a.cfg', line: 1 },
  ...over,
});

test('notificationIntervalInForce(): the smallest interval of the escalations that apply, else the object one', () => {
  const inPeriod = (name: string): boolean => name !== 'never';
  const rows: [string, Escalation[], number, string | null, number][] = [
    ['no escalations', [], 2, 'critical', 600],
    ['before first_notification', [escalation({ firstNotification: 3, notificationInterval: 60 })], 2, 'critical', 600],
    ['after last_notification', [escalation({ lastNotification: 1, notificationInterval: 60 })], 2, 'critical', 600],
    ['applies: replaces, also when longer', [escalation({ notificationInterval: 900 })], 2, 'critical', 900],
    [
      'several apply: the smallest',
      [escalation({ notificationInterval: 300 }), escalation({ notificationInterval: 120 })],
      2,
      'critical',
      120,
    ],
    ['outside its period', [escalation({ escalationPeriod: 'never' })], 2, 'critical', 600],
    ['state not in its options', [escalation({ escalationOptions: ['c'] })], 2, 'warning', 600],
    ['state in its options', [escalation({ escalationOptions: ['w'] })], 2, 'warning', 60],
    ['0: no more re-notifications while it applies', [escalation({ notificationInterval: 0 })], 2, 'critical', 0],
  ];
  for (const [label, escalations, number, problem, expected] of rows) {
    assert.equal(notificationIntervalInForce(600, escalations, { number, at: 0, problem }, inPeriod), expected, label);
  }
});
