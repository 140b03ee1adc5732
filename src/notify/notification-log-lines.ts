/**
 * The monitoring log lines of notifications, in Nagios' format (which Livestatus' `log` table
 * reads as class 3):
 *
 *     SERVICE NOTIFICATION: alice;web01;HTTP;CRITICAL;notify-service-by-email;Connection refused
 *     HOST NOTIFICATION: alice;web01;ACKNOWLEDGEMENT (DOWN);mail;PING CRITICAL;ann;on it
 *
 * and of delivery results, in Checkmk's format, with OK (delivered), WARNING (failed, tried
 * again) or CRITICAL (failed for good):
 *
 *     SERVICE NOTIFICATION RESULT: alice;web01;HTTP;OK;mail;SMTP: 250 Accepted
 *
 * Pure.
 */
import type { AttemptVerdict } from './spool/open-spool.js';
import { methodName, type DeliveryOutcome, type NotificationJob } from './notification-job.js';

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

function head(job: NotificationJob, kind: string): string {
  const m = job.macros;
  const object = job.what === 'SERVICE' ? `${m.HOSTNAME ?? ''};${m.SERVICEDESC ?? ''}` : (m.HOSTNAME ?? '');
  return `${job.what} ${kind}: ${job.contact};${object}`;
}

/** `SERVICE NOTIFICATION: ...` / `HOST NOTIFICATION: ...` for a notification accepted for delivery. */
export function notificationLogMessage(job: NotificationJob): string {
  const m = job.macros;
  const service = job.what === 'SERVICE';
  const state = (service ? m.SERVICESTATE : m.HOSTSTATE) ?? '';
  const type = m.NOTIFICATIONTYPE ?? 'PROBLEM';
  const stateField = type === 'PROBLEM' || type === 'RECOVERY' ? state : `${type} (${state})`;
  const output = oneLine((service ? m.SERVICEOUTPUT : m.HOSTOUTPUT) ?? '');
  const tail =
    type === 'ACKNOWLEDGEMENT' || type === 'CUSTOM'
      ? `;${oneLine(m.NOTIFICATIONAUTHOR ?? '')};${oneLine(m.NOTIFICATIONCOMMENT ?? '')}`
      : '';
  return `${head(job, 'NOTIFICATION')};${stateField};${methodName(job.method)};${output}${tail}`;
}

const RESULT_STATE: Readonly<Record<AttemptVerdict, string>> = { delivered: 'OK', retry: 'WARNING', dead: 'CRITICAL' };

/** `SERVICE NOTIFICATION RESULT: ...` / `HOST NOTIFICATION RESULT: ...` for one delivery attempt. */
export function notificationResultMessage(
  job: NotificationJob,
  outcome: DeliveryOutcome,
  verdict: AttemptVerdict,
): string {
  const text = outcome.ok ? outcome.detail : outcome.reason;
  return `${head(job, 'NOTIFICATION RESULT')};${RESULT_STATE[verdict]};${methodName(job.method)};${oneLine(text)}`;
}
