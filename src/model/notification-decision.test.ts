import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GENERAL_RULES,
  NEVER_NOTIFIED,
  RULES_BY_TYPE,
  notificationDecision,
  recordNotification,
  type NotificationFacts,
  type NotificationType,
  type SuppressionReason,
} from './notification-decision.js';

const NOW = 1_700_000_000_000;
const MINUTE = 60_000;

/** A HARD CRITICAL service problem that notifies: every row below changes one fact. */
const PROBLEM: NotificationFacts = {
  type: 'problem',
  object: 'service',
  problem: 'critical',
  stateType: 'hard',
  notificationOptions: ['w', 'u', 'c', 'r', 'f', 's'],
  enabledGlobally: true,
  enabledForObject: true,
  inNotificationPeriod: true,
  acknowledged: false,
  flapping: false,
  inDowntime: false,
  hostInDowntime: false,
  hostProblem: false,
  allParentsDown: false,
  dependencyFailed: false,
  volatile: false,
  record: NEVER_NOTIFIED,
  lastHardStateChange: NOW - 10 * MINUTE,
  firstNotificationDelayMs: 0,
  notificationIntervalMs: 30 * MINUTE,
  now: NOW,
};

const HOST_DOWN: NotificationFacts = {
  ...PROBLEM,
  object: 'host',
  problem: 'down',
  notificationOptions: ['d', 'u', 'r', 'f', 's'],
};
const RECOVERY: NotificationFacts = {
  ...PROBLEM,
  type: 'recovery',
  problem: null,
  record: { number: 1, lastAt: null, notifiedProblem: true },
};

const rows: readonly { name: string; facts: NotificationFacts; expected: SuppressionReason | 'notify' }[] = [
  { name: 'a HARD problem notifies', facts: PROBLEM, expected: 'notify' },
  { name: 'a host DOWN notifies', facts: HOST_DOWN, expected: 'notify' },
  { name: 'a recovery after a notified problem notifies', facts: RECOVERY, expected: 'notify' },
  {
    name: 'a dependency fails its notification_failure_criteria',
    facts: { ...PROBLEM, dependencyFailed: true },
    expected: 'dependency',
  },
  {
    name: 'a recovery while a dependency fails',
    facts: { ...RECOVERY, dependencyFailed: true },
    expected: 'dependency',
  },
  {
    name: 'notifications disabled globally',
    facts: { ...PROBLEM, enabledGlobally: false },
    expected: 'disabled-globally',
  },
  {
    name: 'notifications disabled for the object',
    facts: { ...PROBLEM, enabledForObject: false },
    expected: 'disabled-for-object',
  },
  {
    name: 'state not in the notification options (no c)',
    facts: { ...PROBLEM, notificationOptions: ['w', 'u', 'r'] },
    expected: 'state-not-in-options',
  },
  {
    name: 'a WARNING without w',
    facts: { ...PROBLEM, problem: 'warning', notificationOptions: ['c'] },
    expected: 'state-not-in-options',
  },
  {
    name: 'UNREACHABLE without u',
    facts: { ...HOST_DOWN, problem: 'unreachable', notificationOptions: ['d', 'r'] },
    expected: 'state-not-in-options',
  },
  {
    name: 'a recovery without r',
    facts: { ...RECOVERY, notificationOptions: ['w', 'c'] },
    expected: 'state-not-in-options',
  },
  {
    name: 'a service whose host is DOWN or UNREACHABLE',
    facts: { ...PROBLEM, hostProblem: true },
    expected: 'host-problem',
  },
  {
    name: 'a host whose parents are all down',
    facts: { ...HOST_DOWN, problem: 'unreachable', allParentsDown: true },
    expected: 'parents-down',
  },
  {
    name: 'outside the notification period',
    facts: { ...PROBLEM, inNotificationPeriod: false },
    expected: 'outside-notification-period',
  },
  { name: 'flapping', facts: { ...PROBLEM, flapping: true }, expected: 'flapping' },
  { name: 'a recovery while flapping', facts: { ...RECOVERY, flapping: true }, expected: 'flapping' },
  { name: 'in a downtime of the object', facts: { ...PROBLEM, inDowntime: true }, expected: 'in-downtime' },
  { name: 'in a downtime of the service’s host', facts: { ...PROBLEM, hostInDowntime: true }, expected: 'in-downtime' },
  { name: 'acknowledged', facts: { ...PROBLEM, acknowledged: true }, expected: 'acknowledged' },
  { name: 'a SOFT state', facts: { ...PROBLEM, stateType: 'soft' }, expected: 'soft-state' },
  {
    name: 're-notification interval not elapsed',
    facts: { ...PROBLEM, record: { number: 1, lastAt: NOW - 29 * MINUTE, notifiedProblem: true } },
    expected: 'renotification-interval',
  },
  {
    name: 're-notification interval elapsed',
    facts: { ...PROBLEM, record: { number: 1, lastAt: NOW - 30 * MINUTE, notifiedProblem: true } },
    expected: 'notify',
  },
  {
    name: 'notification interval 0: once per problem',
    facts: {
      ...PROBLEM,
      notificationIntervalMs: 0,
      record: { number: 1, lastAt: NOW - 999 * MINUTE, notifiedProblem: true },
    },
    expected: 'renotification-interval',
  },
  {
    name: 'a volatile service notifies every HARD problem result',
    facts: { ...PROBLEM, volatile: true, record: { number: 1, lastAt: NOW - MINUTE, notifiedProblem: true } },
    expected: 'notify',
  },
  {
    name: 'first_notification_delay not elapsed',
    facts: { ...PROBLEM, firstNotificationDelayMs: 15 * MINUTE },
    expected: 'first-notification-delay',
  },
  {
    name: 'first_notification_delay elapsed',
    facts: { ...PROBLEM, firstNotificationDelayMs: 10 * MINUTE },
    expected: 'notify',
  },
  {
    name: 'first_notification_delay only holds back the first notification',
    facts: {
      ...PROBLEM,
      firstNotificationDelayMs: 15 * MINUTE,
      record: { number: 1, lastAt: NOW - 40 * MINUTE, notifiedProblem: true },
    },
    expected: 'notify',
  },
  {
    name: 'a recovery of a problem that never notified',
    facts: { ...RECOVERY, record: NEVER_NOTIFIED },
    expected: 'problem-not-notified',
  },
  {
    name: 'a recovery is not held back by a downtime',
    facts: { ...RECOVERY, inDowntime: true },
    expected: 'notify',
  },
  {
    name: 'an acknowledgement of a problem',
    facts: { ...PROBLEM, type: 'acknowledgement', acknowledged: true },
    expected: 'notify',
  },
  {
    name: 'an acknowledgement without a problem',
    facts: { ...RECOVERY, type: 'acknowledgement' },
    expected: 'no-problem',
  },
  { name: 'flapping start', facts: { ...PROBLEM, type: 'flapping-start', flapping: true }, expected: 'notify' },
  {
    name: 'flapping start without f',
    facts: { ...PROBLEM, type: 'flapping-start', notificationOptions: ['c'] },
    expected: 'state-not-in-options',
  },
  {
    name: 'flapping stop in a host downtime',
    facts: { ...PROBLEM, type: 'flapping-stop', hostInDowntime: true },
    expected: 'in-downtime',
  },
  { name: 'downtime start', facts: { ...PROBLEM, type: 'downtime-start' }, expected: 'notify' },
  {
    name: 'downtime end without s',
    facts: { ...PROBLEM, type: 'downtime-end', notificationOptions: ['c', 'r'] },
    expected: 'state-not-in-options',
  },
  {
    name: 'a service downtime notifies while its host is in downtime',
    facts: { ...PROBLEM, type: 'downtime-cancelled', hostInDowntime: true },
    expected: 'notify',
  },
  {
    name: 'downtime start notifications are still off globally',
    facts: { ...PROBLEM, type: 'downtime-start', enabledGlobally: false },
    expected: 'disabled-globally',
  },
];

test('notificationDecision() notifies or names the suppression reason, one row per rule', () => {
  for (const { name, facts, expected } of rows) {
    const decision = notificationDecision(facts);
    assert.equal(decision.notify ? 'notify' : decision.reason, expected, name);
  }
});

test('every suppression rule has a row that triggers it', () => {
  const reasons = new Set([...GENERAL_RULES, ...Object.values(RULES_BY_TYPE).flat()].map((r) => r.reason));
  const covered = new Set(rows.map((r) => r.expected));
  for (const reason of reasons) assert.ok(covered.has(reason), `no row for ${reason}`);
});

test('notificationDecision() checks the rules in Nagios’ order: the first that applies is named', () => {
  const everything: NotificationFacts = {
    ...PROBLEM,
    enabledGlobally: false,
    inNotificationPeriod: false,
    acknowledged: true,
    inDowntime: true,
  };
  assert.deepEqual(notificationDecision(everything), { notify: false, reason: 'disabled-globally' });
  assert.deepEqual(notificationDecision({ ...everything, enabledGlobally: true }), {
    notify: false,
    reason: 'outside-notification-period',
  });
  assert.deepEqual(notificationDecision({ ...everything, enabledGlobally: true, inNotificationPeriod: true }), {
    notify: false,
    reason: 'acknowledged',
  });
});

test('recordNotification() counts problem notifications and starts afresh with a recovery', () => {
  const notify = { notify: true } as const;
  const suppressed = { notify: false, reason: 'flapping' } as const;
  const steps: readonly {
    type: NotificationType;
    decision: typeof notify | typeof suppressed;
    number: number;
    lastAt: number | null;
  }[] = [
    { type: 'problem', decision: notify, number: 1, lastAt: NOW },
    { type: 'problem', decision: suppressed, number: 1, lastAt: NOW },
    { type: 'flapping-start', decision: notify, number: 1, lastAt: NOW },
    { type: 'problem', decision: notify, number: 2, lastAt: NOW },
    { type: 'recovery', decision: suppressed, number: 0, lastAt: null },
  ];
  let record = NEVER_NOTIFIED;
  for (const step of steps) {
    record = recordNotification(record, step.type, step.decision, NOW);
    assert.equal(record.number, step.number, step.type);
    assert.equal(record.lastAt, step.lastAt, step.type);
  }
});
