// The engine's command API with a manual clock and the scripted plugin runner: downtimes,
// acknowledgements, comments, switches, forced checks, and the snapshot a reload carries over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MonitoringEvent } from '../model/events.js';
import type { MonitoringSnapshot } from '../model/monitoring-snapshot.js';
import { hostRef, serviceRef } from '../model/object-ref.js';
import { ManualClock } from './manual-clock.js';
import {
  START,
  TEST_SETTINGS,
  advance,
  configurationOf,
  memoryLog,
  resultOf,
  scriptedRunner,
} from './monitoring-for-tests.js';
import { startMonitoring, type Monitoring } from './start-monitoring.js';

const S = 1000;
const YAML = `commands:
  - {command_name: c, command_line: 'c $HOSTNAME$ $SERVICEDESC$'}
hosts:
  - host_name: h
    active_checks_enabled: false
    max_check_attempts: 1
    services:
      - {service_description: a, active_checks_enabled: false, max_check_attempts: 1, check_command: c}
      - {service_description: b, active_checks_enabled: false, max_check_attempts: 1}
`;

function site(yaml = YAML): {
  monitoring: Monitoring;
  clock: ManualClock;
  log: ReturnType<typeof memoryLog>;
  events: MonitoringEvent[];
  runner: ReturnType<typeof scriptedRunner>;
} {
  const clock = new ManualClock(START);
  const log = memoryLog();
  const runner = scriptedRunner({ 'c h a': [2] }, clock);
  const monitoring = startMonitoring({
    configuration: configurationOf(yaml),
    settings: TEST_SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: runner,
  });
  const events: MonitoringEvent[] = [];
  monitoring.subscribe((e) => events.push(e));
  return { monitoring, clock, log, events, runner };
}

const downtimeLines = (lines: readonly string[]): string[] => lines.filter((l) => l.includes('DOWNTIME'));
const suppressed = (events: readonly MonitoringEvent[]): string[] =>
  events.flatMap((e) =>
    e.kind === 'notification-decision'
      ? [`+${(e.at - START) / 1000} ${e.type} ${e.decision.notify ? 'notify' : e.decision.reason}`]
      : [],
  );

test('a fixed host downtime with its services: planned ahead, started, problems suppressed, ended', async () => {
  const { monitoring, clock, log, events } = site();
  const outcome = monitoring.command({
    kind: 'schedule-downtime',
    target: hostRef('h'),
    start: START + 10 * S,
    end: START + 70 * S,
    fixed: true,
    durationMs: 0,
    triggeredBy: null,
    author: 'ann',
    comment: 'patching',
    includeServices: true,
  });
  assert.deepEqual(outcome, { ok: true, ids: [1, 2, 3] });
  assert.equal(monitoring.comments().size, 3, 'each downtime has its comment');
  await advance(clock, 20);
  assert.equal(monitoring.inspect('h;b')?.downtimeDepth, 1);
  assert.equal(monitoring.inspect('h;b')?.hostDowntimeDepth, 1);
  assert.ok(monitoring.submitResult('h;b', resultOf(2, 'broken')).ok);
  assert.equal(monitoring.inspect('h;b')?.handling, 'in-downtime');
  await advance(clock, 60);
  await monitoring.stop();
  assert.deepEqual(downtimeLines(log.lines), [
    '+10 HOST DOWNTIME ALERT: h;STARTED; Host has entered a period of scheduled downtime',
    '+10 SERVICE DOWNTIME ALERT: h;a;STARTED; Service has entered a period of scheduled downtime',
    '+10 SERVICE DOWNTIME ALERT: h;b;STARTED; Service has entered a period of scheduled downtime',
    '+70 HOST DOWNTIME ALERT: h;STOPPED; Host has exited from a period of scheduled downtime',
    '+70 SERVICE DOWNTIME ALERT: h;a;STOPPED; Service has exited from a period of scheduled downtime',
    '+70 SERVICE DOWNTIME ALERT: h;b;STOPPED; Service has exited from a period of scheduled downtime',
  ]);
  assert.deepEqual(suppressed(events), [
    '+10 downtime-start notify',
    '+10 downtime-start notify',
    '+10 downtime-start notify',
    '+20 problem in-downtime',
    '+70 downtime-end notify',
    '+70 downtime-end notify',
    '+70 downtime-end notify',
  ]);
  assert.equal(monitoring.downtimes().length, 0);
  assert.equal(monitoring.comments().size, 0, 'the downtime comments go with their downtimes');
});

test('a flexible downtime starts at the first HARD problem and lasts its duration; cancelling logs CANCELLED', async () => {
  const { monitoring, clock, log } = site();
  const flexible = monitoring.command({
    kind: 'schedule-downtime',
    target: serviceRef('h', 'b'),
    start: START,
    end: START + 300 * S,
    fixed: false,
    durationMs: 60 * S,
    triggeredBy: null,
    author: 'ann',
    comment: 'maybe',
  });
  assert.deepEqual(flexible, { ok: true, ids: [1] });
  const triggered = monitoring.command({
    kind: 'schedule-downtime',
    target: serviceRef('h', 'a'),
    start: START,
    end: START + 300 * S,
    fixed: true,
    durationMs: 0,
    triggeredBy: 1,
    author: 'ann',
    comment: 'with b',
  });
  assert.deepEqual(triggered, { ok: true, ids: [2] });
  await advance(clock, 20);
  assert.ok(monitoring.submitResult('h;b', resultOf(2, 'broken')).ok);
  await advance(clock, 60);
  const fixed = monitoring.command({
    kind: 'schedule-downtime',
    target: hostRef('h'),
    start: START,
    end: START + 300 * S,
    fixed: true,
    durationMs: 0,
    triggeredBy: null,
    author: 'bob',
    comment: 'now',
  });
  assert.deepEqual(fixed, { ok: true, ids: [3] });
  await advance(clock, 10);
  assert.deepEqual(monitoring.command({ kind: 'delete-downtime', id: 3 }), { ok: true, ids: [] });
  await monitoring.stop();
  assert.deepEqual(downtimeLines(log.lines), [
    '+20 SERVICE DOWNTIME ALERT: h;b;STARTED; Service has entered a period of scheduled downtime',
    '+20 SERVICE DOWNTIME ALERT: h;a;STARTED; Service has entered a period of scheduled downtime',
    '+80 SERVICE DOWNTIME ALERT: h;b;STOPPED; Service has exited from a period of scheduled downtime',
    '+80 SERVICE DOWNTIME ALERT: h;a;STOPPED; Service has exited from a period of scheduled downtime',
    '+80 HOST DOWNTIME ALERT: h;STARTED; Host has entered a period of scheduled downtime',
    '+90 HOST DOWNTIME ALERT: h;CANCELLED; Scheduled downtime for host has been cancelled.',
  ]);
});

test('downtime and comment commands refuse what Nagios refuses, with a reason', () => {
  const { monitoring } = site();
  const base = {
    kind: 'schedule-downtime',
    target: hostRef('h'),
    start: START,
    end: START + 60 * S,
    fixed: true,
    durationMs: 0,
    triggeredBy: null,
    author: 'ann',
    comment: '',
  } as const;
  const rows = [
    {
      command: { ...base, end: START },
      error: "cannot schedule the downtime of host 'h': the downtime must end after it starts",
    },
    {
      command: { ...base, start: START - 90 * S, end: START - 30 * S },
      error: "cannot schedule the downtime of host 'h': the downtime must end in the future",
    },
    {
      command: { ...base, fixed: false },
      error: "cannot schedule the downtime of host 'h': a flexible downtime needs a duration",
    },
    {
      command: { ...base, triggeredBy: 42 },
      error: "cannot schedule the downtime of host 'h': the triggering downtime 42 does not exist",
    },
    { command: { ...base, target: hostRef('nosuch') }, error: "host 'nosuch' is not monitored by this site" },
    { command: { kind: 'delete-downtime', id: 9 } as const, error: 'there is no downtime with id 9' },
    { command: { kind: 'delete-comment', id: 9 } as const, error: 'there is no comment with id 9' },
    {
      command: {
        kind: 'acknowledge',
        target: serviceRef('h', 'b'),
        sticky: false,
        notify: false,
        persistent: false,
        author: 'ann',
        comment: '',
      } as const,
      error: "service 'b' on host 'h' has no problem to acknowledge",
    },
    {
      command: { kind: 'schedule-check', target: serviceRef('h', 'a'), at: START, forced: false } as const,
      error: "active checks of service 'a' on host 'h' are disabled; force the check",
    },
  ];
  for (const { command, error } of rows) assert.deepEqual(monitoring.command(command), { ok: false, error }, error);
  void monitoring.stop();
});

test('acknowledgements and comments: added with ids, removed by command, persistent ones outlive the acknowledgement', async () => {
  const { monitoring, clock, events } = site();
  await advance(clock, 1);
  assert.ok(monitoring.submitResult('h;b', resultOf(2, 'broken')).ok);
  const note = monitoring.command({
    kind: 'add-comment',
    target: serviceRef('h', 'b'),
    persistent: true,
    author: 'bob',
    comment: 'see ticket 7',
  });
  assert.deepEqual(note, { ok: true, ids: [1] });
  const ack = (persistent: boolean): ReturnType<Monitoring['command']> =>
    monitoring.command({
      kind: 'acknowledge',
      target: serviceRef('h', 'b'),
      sticky: false,
      notify: false,
      persistent,
      author: 'ann',
      comment: 'mine',
    });
  assert.deepEqual(ack(false), { ok: true, ids: [2] });
  assert.equal(monitoring.inspect('h;b')?.handling, 'acknowledged');
  assert.equal(monitoring.states().get('h;b')?.acknowledgement?.kind, 'normal');
  assert.deepEqual(monitoring.command({ kind: 'remove-acknowledgement', target: serviceRef('h', 'b') }), {
    ok: true,
    ids: [],
  });
  assert.equal(monitoring.states().get('h;b')?.acknowledgement, null);
  assert.deepEqual([...monitoring.comments().keys()], [1], 'the non-persistent acknowledgement comment is gone');
  assert.deepEqual(ack(true), { ok: true, ids: [3] });
  await advance(clock, 1);
  assert.ok(monitoring.submitResult('h;b', resultOf(1, 'better')).ok, 'another state ends a normal acknowledgement');
  assert.equal(monitoring.states().get('h;b')?.acknowledgement, null);
  assert.deepEqual([...monitoring.comments().keys()], [1, 3], 'a persistent acknowledgement comment stays');
  assert.deepEqual(monitoring.command({ kind: 'delete-comment', id: 1 }), { ok: true, ids: [] });
  assert.deepEqual(
    events
      .filter((e) => e.kind.startsWith('acknowledgement'))
      .map((e) => (e.kind === 'acknowledgement-remove' ? `remove ${e.reason}` : 'set')),
    ['set', 'remove command', 'set', 'remove state-change'],
  );
  await monitoring.stop();
});

test('forced checks run whatever the switches say; switching active checks on schedules them', async () => {
  const yaml = `commands:
  - {command_name: c, command_line: 'c $HOSTNAME$ $SERVICEDESC$'}
hosts:
  - host_name: h
    active_checks_enabled: false
    services:
      - {service_description: a, check_command: c, check_interval: 60s, active_checks_enabled: false}
`;
  const { monitoring, clock, runner } = site(yaml);
  await advance(clock, 5);
  assert.equal(runner.requests.length, 0);
  assert.deepEqual(
    monitoring.command({ kind: 'schedule-check', target: serviceRef('h', 'a'), at: START + 10 * S, forced: true }),
    {
      ok: true,
      ids: [],
    },
  );
  await advance(clock, 10);
  assert.deepEqual(
    runner.requests.map((r) => r.at),
    [10],
    'forced, although active checks are off',
  );
  assert.equal(monitoring.inspect('h;a')?.nextCheck, null, 'no regular checks follow');
  assert.ok(
    monitoring.command({ kind: 'set-switch', scope: serviceRef('h', 'a'), name: 'activeChecks', enabled: true }).ok,
  );
  assert.equal(monitoring.inspect('h;a')?.modifiedAttributes, 2);
  await advance(clock, 60);
  assert.ok(
    monitoring.command({ kind: 'schedule-check', target: serviceRef('h', 'a'), at: START + 80 * S, forced: false }).ok,
  );
  await advance(clock, 10);
  assert.ok(monitoring.command({ kind: 'set-switch', scope: 'global', name: 'activeChecks', enabled: false }).ok);
  await advance(clock, 120);
  await monitoring.stop();
  // 15: switched on, checked at once; 75: its interval; 80: rescheduled earlier; then active checks stop.
  assert.deepEqual(
    runner.requests.map((r) => r.at),
    [10, 15, 75, 80],
  );
});

test('snapshot(): plain JSON that a restarted engine continues from, ids included', async () => {
  const first = site();
  await advance(first.clock, 1);
  assert.ok(first.monitoring.submitResult('h;b', resultOf(2, 'broken')).ok);
  first.monitoring.command({
    kind: 'acknowledge',
    target: serviceRef('h', 'b'),
    sticky: true,
    notify: false,
    persistent: true,
    author: 'ann',
    comment: 'mine',
  });
  first.monitoring.command({ kind: 'set-switch', scope: hostRef('h'), name: 'notifications', enabled: false });
  first.monitoring.command({ kind: 'set-switch', scope: 'global', name: 'flapDetection', enabled: false });
  first.monitoring.command({
    kind: 'schedule-downtime',
    target: hostRef('h'),
    start: START + 100 * S,
    end: START + 200 * S,
    fixed: true,
    durationMs: 0,
    triggeredBy: null,
    author: 'ann',
    comment: 'later',
  });
  const snapshot = first.monitoring.snapshot();
  await first.monitoring.stop();
  const text = JSON.stringify(snapshot);
  assert.deepEqual(JSON.parse(text), snapshot, 'a JSON round trip changes nothing');

  const clock = new ManualClock(START + 150 * S);
  const log = memoryLog();
  const second = startMonitoring({
    configuration: configurationOf(YAML.replace('      - {service_description: a', '      - {service_description: z')),
    settings: TEST_SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: scriptedRunner({}),
    initial: JSON.parse(text) as typeof snapshot,
  });
  const b = second.states().get('h;b');
  assert.equal(b?.state.kind, 'hard-problem');
  assert.equal(b?.acknowledgement?.kind, 'sticky');
  assert.equal(second.inspect('h')?.switches.notifications, false);
  assert.equal(second.globalSwitches().flapDetection, false);
  assert.equal(second.states().get('h;z')?.state.kind, 'pending', 'a new service starts pending');
  assert.ok(log.lines.includes('+150 HOST DOWNTIME ALERT: h;STARTED; Host has entered a period of scheduled downtime'));
  assert.ok(log.lines.includes('+150 CURRENT SERVICE STATE: h;b;CRITICAL;HARD;1;broken'));
  const note = second.command({
    kind: 'add-comment',
    target: hostRef('h'),
    persistent: false,
    author: 'bob',
    comment: 'hi',
  });
  assert.deepEqual(note, { ok: true, ids: [3] }, 'comment ids continue after the restored ones');
  assert.equal(second.snapshot().objects.length, 3);
  await second.stop();
});

test('an acknowledgement with an end time ends then: event, log line, its comment gone unless persistent', async () => {
  const { monitoring, clock, events, log } = site();
  await advance(clock, 1);
  assert.ok(monitoring.submitResult('h;b', resultOf(2, 'broken')).ok);
  assert.ok(monitoring.submitResult('h', resultOf(1, 'down')).ok);
  const ack = (target: 'h' | 'h;b', persistent: boolean, expires: number): ReturnType<Monitoring['command']> =>
    monitoring.command({
      kind: 'acknowledge',
      target: target === 'h' ? hostRef('h') : serviceRef('h', 'b'),
      sticky: true,
      notify: false,
      persistent,
      author: 'ann',
      comment: 'until tonight',
      expires,
    });
  assert.deepEqual(ack('h;b', false, START + 61 * S), { ok: true, ids: [1] });
  assert.deepEqual(ack('h', true, START + 31 * S), { ok: true, ids: [2] });
  assert.equal(monitoring.comments().get(1)?.expires, START + 61 * S, 'the comment says when it expires');
  await advance(clock, 29);
  assert.equal(monitoring.states().get('h')?.acknowledgement?.expires, START + 31 * S);
  await advance(clock, 1);
  assert.equal(monitoring.states().get('h')?.acknowledgement, null, 'ended at its end time');
  assert.notEqual(monitoring.states().get('h;b')?.acknowledgement, null);
  await advance(clock, 30);
  assert.equal(monitoring.states().get('h;b')?.acknowledgement, null);
  assert.deepEqual([...monitoring.comments().keys()], [2], 'only the persistent comment stays');
  assert.deepEqual(
    log.lines.filter((l) => l.includes('ACKNOWLEDGE')),
    [
      '+31 HOST ACKNOWLEDGE ALERT: h;EXPIRED; Host problem acknowledge expired',
      '+61 SERVICE ACKNOWLEDGE ALERT: h;b;EXPIRED; Service problem acknowledge expired',
    ],
  );
  assert.deepEqual(
    events.filter((e) => e.kind === 'acknowledgement-remove').map((e) => `+${(e.at - START) / S} ${e.reason}`),
    ['+31 expired', '+61 expired'],
  );
  await monitoring.stop();
});

test('an acknowledgement whose end time has passed is refused; a later one replaces the end time', async () => {
  const { monitoring, clock } = site();
  await advance(clock, 10);
  assert.ok(monitoring.submitResult('h;b', resultOf(2, 'broken')).ok);
  const ack = (expires: number | undefined): ReturnType<Monitoring['command']> =>
    monitoring.command({
      kind: 'acknowledge',
      target: serviceRef('h', 'b'),
      sticky: false,
      notify: false,
      persistent: false,
      author: 'ann',
      comment: 'x',
      ...(expires === undefined ? {} : { expires }),
    });
  assert.deepEqual(ack(START + 10 * S), {
    ok: false,
    error: "the acknowledgement of service 'b' on host 'h' would end at 2023-11-14T22:13:30.000Z, which has passed",
  });
  assert.ok(ack(START + 20 * S).ok);
  assert.ok(ack(undefined).ok, 'acknowledged again without an end time');
  await advance(clock, 20);
  assert.notEqual(monitoring.states().get('h;b')?.acknowledgement, null, 'the new acknowledgement does not expire');
  await monitoring.stop();
});

test('an expiring acknowledgement survives a restart, and one that expired while the site was down ends at start', async () => {
  const first = site();
  await advance(first.clock, 1);
  assert.ok(first.monitoring.submitResult('h;b', resultOf(2, 'broken')).ok);
  assert.ok(first.monitoring.submitResult('h', resultOf(1, 'down')).ok);
  for (const [target, expires] of [
    [hostRef('h'), START + 100 * S],
    [serviceRef('h', 'b'), START + 300 * S],
  ] as const) {
    first.monitoring.command({
      kind: 'acknowledge',
      target,
      sticky: true,
      notify: false,
      persistent: false,
      author: 'ann',
      comment: 'x',
      expires,
    });
  }
  const text = JSON.stringify(first.monitoring.snapshot());
  await first.monitoring.stop();

  const clock = new ManualClock(START + 200 * S);
  const log = memoryLog();
  const second = startMonitoring({
    configuration: configurationOf(YAML),
    settings: TEST_SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: scriptedRunner({}),
    initial: JSON.parse(text) as MonitoringSnapshot,
  });
  assert.equal(second.states().get('h')?.acknowledgement, null, 'expired while the site was down');
  assert.ok(log.lines.includes('+200 HOST ACKNOWLEDGE ALERT: h;EXPIRED; Host problem acknowledge expired'));
  assert.equal(second.states().get('h;b')?.acknowledgement?.expires, START + 300 * S);
  await advance(clock, 100);
  assert.equal(second.states().get('h;b')?.acknowledgement, null, 'expired after the restart');
  assert.deepEqual([...second.comments().keys()], []);
  await second.stop();
});
