import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Acknowledgement } from '../model/acknowledgement.js';
import type { Downtime } from '../model/downtime.js';
import type { MonitoringEvent } from '../model/events.js';
import { hostRef, serviceRef } from '../model/object-ref.js';
import { eventLogMessage, externalCommandMessage, formatDayDuration } from './event-log-lines.js';

const AT = 1_700_000_000_000;
const svc = serviceRef('web01', 'HTTP');
const host = hostRef('web01');
const ACK: Acknowledgement = {
  kind: 'normal',
  notify: false,
  persistent: false,
  author: 'ann',
  comment: 'on it',
  at: AT,
  commentId: 1,
  expires: AT,
};

function downtime(target: Downtime['target'], active: boolean): Downtime {
  return {
    id: 1,
    target,
    fixed: true,
    start: AT,
    end: AT + 1,
    durationMs: 1,
    triggeredBy: null,
    author: 'ann',
    comment: '',
    entryTime: AT,
    commentId: null,
    phase: active ? { kind: 'active', since: AT, until: AT + 1 } : { kind: 'waiting' },
  };
}

test('eventLogMessage() writes Nagios’ lines for flapping, downtimes, passive and stale results', () => {
  const rows: readonly { event: MonitoringEvent; line: string | null }[] = [
    {
      event: {
        kind: 'event-handler',
        at: AT,
        target: svc,
        state: 'CRITICAL',
        stateType: 'soft',
        attempt: 1,
        command: 'restart-httpd',
      },
      line: 'SERVICE EVENT HANDLER: web01;HTTP;CRITICAL;SOFT;1;restart-httpd',
    },
    {
      event: {
        kind: 'event-handler',
        at: AT,
        target: host,
        state: 'DOWN',
        stateType: 'hard',
        attempt: 3,
        command: 'h',
      },
      line: 'HOST EVENT HANDLER: web01;DOWN;HARD;3;h',
    },
    {
      event: {
        kind: 'event-handler',
        at: AT,
        target: svc,
        state: 'OK',
        stateType: 'soft',
        attempt: 3,
        command: 'log-all!svc',
        global: true,
      },
      line: 'GLOBAL SERVICE EVENT HANDLER: web01;HTTP;OK;SOFT;3;log-all!svc',
    },
    {
      event: {
        kind: 'event-handler',
        at: AT,
        target: host,
        state: 'UP',
        stateType: 'hard',
        attempt: 1,
        command: 'log-all',
        global: true,
      },
      line: 'GLOBAL HOST EVENT HANDLER: web01;UP;HARD;1;log-all',
    },
    {
      event: { kind: 'acknowledgement-remove', at: AT, target: svc, acknowledgement: ACK, reason: 'expired' },
      line: 'SERVICE ACKNOWLEDGE ALERT: web01;HTTP;EXPIRED; Service problem acknowledge expired',
    },
    {
      event: { kind: 'acknowledgement-remove', at: AT, target: host, acknowledgement: ACK, reason: 'expired' },
      line: 'HOST ACKNOWLEDGE ALERT: web01;EXPIRED; Host problem acknowledge expired',
    },
    {
      event: { kind: 'acknowledgement-remove', at: AT, target: host, acknowledgement: ACK, reason: 'command' },
      line: null,
    },
    {
      event: { kind: 'flapping-start', at: AT, target: svc, percent: 24.2105, threshold: 20 },
      line: 'SERVICE FLAPPING ALERT: web01;HTTP;STARTED; Service appears to have started flapping (24.2% change >= 20.0% threshold)',
    },
    {
      event: { kind: 'flapping-start', at: AT, target: host, percent: 30, threshold: 25 },
      line: 'HOST FLAPPING ALERT: web01;STARTED; Host appears to have started flapping (30.0% change > 25.0% threshold)',
    },
    {
      event: { kind: 'flapping-stop', at: AT, target: svc, percent: 3.75, threshold: 5 },
      line: 'SERVICE FLAPPING ALERT: web01;HTTP;STOPPED; Service appears to have stopped flapping (3.8% change < 5.0% threshold)',
    },
    {
      event: { kind: 'flapping-stop', at: AT, target: host, percent: 0, threshold: 5 },
      line: 'HOST FLAPPING ALERT: web01;STOPPED; Host appears to have stopped flapping (0.0% change < 5.0% threshold)',
    },
    {
      event: { kind: 'flapping-disabled', at: AT, target: svc },
      line: 'SERVICE FLAPPING ALERT: web01;HTTP;DISABLED; Flap detection has been disabled',
    },
    {
      event: { kind: 'downtime-start', at: AT, downtime: downtime(svc, true), depth: 1 },
      line: 'SERVICE DOWNTIME ALERT: web01;HTTP;STARTED; Service has entered a period of scheduled downtime',
    },
    {
      event: { kind: 'downtime-start', at: AT, downtime: downtime(host, true), depth: 1 },
      line: 'HOST DOWNTIME ALERT: web01;STARTED; Host has entered a period of scheduled downtime',
    },
    { event: { kind: 'downtime-start', at: AT, downtime: downtime(host, true), depth: 2 }, line: null },
    {
      event: { kind: 'downtime-end', at: AT, downtime: downtime(host, true), depth: 0 },
      line: 'HOST DOWNTIME ALERT: web01;STOPPED; Host has exited from a period of scheduled downtime',
    },
    {
      event: { kind: 'downtime-end', at: AT, downtime: downtime(svc, true), depth: 0 },
      line: 'SERVICE DOWNTIME ALERT: web01;HTTP;STOPPED; Service has exited from a period of scheduled downtime',
    },
    { event: { kind: 'downtime-end', at: AT, downtime: downtime(svc, true), depth: 1 }, line: null },
    {
      event: { kind: 'downtime-cancel', at: AT, downtime: downtime(svc, true), depth: 0 },
      line: 'SERVICE DOWNTIME ALERT: web01;HTTP;CANCELLED; Scheduled downtime for service has been cancelled.',
    },
    {
      event: { kind: 'downtime-cancel', at: AT, downtime: downtime(host, true), depth: 0 },
      line: 'HOST DOWNTIME ALERT: web01;CANCELLED; Scheduled downtime for host has been cancelled.',
    },
    { event: { kind: 'downtime-cancel', at: AT, downtime: downtime(host, false), depth: 0 }, line: null },
    { event: { kind: 'downtime-expire', at: AT, downtime: downtime(host, false), depth: 0 }, line: null },
    {
      event: { kind: 'passive-result', at: AT, target: svc, status: 2, output: 'disk full\nreally' },
      line: 'PASSIVE SERVICE CHECK: web01;HTTP;2;disk full really',
    },
    {
      event: { kind: 'passive-result', at: AT, target: host, status: 1, output: 'gone' },
      line: 'PASSIVE HOST CHECK: web01;1;gone',
    },
    {
      event: { kind: 'result-stale', at: AT, target: svc, staleByMs: 65_000, thresholdMs: 315_000 },
      line:
        "Warning: The results of service 'HTTP' on host 'web01' are stale by 0d 0h 1m 5s (threshold=0d 0h 5m 15s).  " +
        "I'm forcing an immediate check of the service.",
    },
    {
      event: { kind: 'result-stale', at: AT, target: host, staleByMs: 90_061_000, thresholdMs: 60_000 },
      line:
        "Warning: The results of host 'web01' are stale by 1d 1h 1m 1s (threshold=0d 0h 1m 0s).  " +
        "I'm forcing an immediate check of the host.",
    },
    { event: { kind: 'switch-change', at: AT, scope: 'global', name: 'notifications', enabled: false }, line: null },
  ];
  for (const { event, line } of rows) assert.equal(eventLogMessage(event), line, event.kind);
});

test('formatDayDuration() and externalCommandMessage()', () => {
  assert.equal(formatDayDuration(0), '0d 0h 0m 0s');
  assert.equal(formatDayDuration(-5), '0d 0h 0m 0s');
  assert.equal(
    externalCommandMessage('ACKNOWLEDGE_SVC_PROBLEM;h;s;2;1;1;ann;on it'),
    'EXTERNAL COMMAND: ACKNOWLEDGE_SVC_PROBLEM;h;s;2;1;1;ann;on it',
  );
});
