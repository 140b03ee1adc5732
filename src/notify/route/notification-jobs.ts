/**
 * From a recipient plan to the notifications to deliver: one per contact and method (the
 * `nagios` method: one per notification command of the contact), each with the macros of the
 * event and the contact and an id derived from the event, the contact and the method, so that
 * the same event routed twice (a restart replaying it) yields the same ids. Pure.
 */
import { createHash } from 'node:crypto';
import type { Configuration } from '../../model/objects.js';
import type { NotificationJob } from '../notification-job.js';
import { contactMacros, expandNotificationLine } from './notification-macros.js';
import type { PlannedRecipient } from './plan-recipients.js';

/** The notifications of a plan, and what could not become one. */
export interface PlannedJobs {
  readonly jobs: readonly NotificationJob[];
  readonly notes: readonly string[];
}

/** What turning a plan into notifications reads. */
export interface JobSource {
  readonly what: 'HOST' | 'SERVICE';
  /** The event's time (ms): the notifications' creation time and part of their ids. */
  readonly at: number;
  /** Identifies the event among others at the same time: object, type and number. */
  readonly eventKey: string;
  /** The macros of the event (notificationMacros). */
  readonly macros: Readonly<Record<string, string>>;
  readonly configuration: Configuration;
}

/** The id of a notification: 32 hex digits of a SHA-256 over the event and the delivery. */
export function notificationId(parts: readonly (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** The notifications of `recipients`. */
export function notificationJobs(recipients: readonly PlannedRecipient[], source: JobSource): PlannedJobs {
  const { configuration } = source;
  const jobs: NotificationJob[] = [];
  const notes: string[] = [];
  const recipientNames = [...new Set(recipients.map((r) => r.contact))].join(',');
  for (const recipient of recipients) {
    const contact = configuration.contacts.get(recipient.contact);
    if (contact === undefined) {
      notes.push(`${recipient.contact}: no such contact`);
      continue;
    }
    const macros = { ...source.macros, ...contactMacros(contact), NOTIFICATIONRECIPIENTS: recipientNames };
    const job = (key: string, method: NotificationJob['method']): NotificationJob => ({
      id: notificationId([source.at, source.eventKey, contact.name, key]),
      createdAt: source.at,
      contact: contact.name,
      what: source.what,
      method,
      macros,
      ...(recipient.bulkMs > 0 ? { bulkMs: recipient.bulkMs } : {}),
    });
    const method = recipient.method;
    switch (method.kind) {
      case 'nagios': {
        const calls = source.what === 'HOST' ? contact.hostNotificationCommands : contact.serviceNotificationCommands;
        if (calls.length === 0) notes.push(`${contact.name}: no ${source.what.toLowerCase()}_notification_commands`);
        for (const call of calls) {
          const command = configuration.commands.get(call.command);
          if (command === undefined) {
            notes.push(`${contact.name}: notification command '${call.command}' is not defined`);
            continue;
          }
          const commandLine = expandNotificationLine(command.line, macros, call.args, configuration.userMacros);
          jobs.push(job(`nagios ${call.command}`, { kind: 'script', name: call.command, commandLine }));
        }
        break;
      }
      case 'email':
        if (contact.email === '') notes.push(`${contact.name}: no e-mail address`);
        else jobs.push(job(`email ${contact.email}`, { kind: 'email', to: contact.email }));
        break;
      case 'webhook':
        jobs.push(
          job(`webhook ${method.url}`, {
            kind: 'webhook',
            url: method.url,
            format: method.format,
            timeoutSeconds: method.timeoutSeconds,
          }),
        );
        break;
      case 'script': {
        const commandLine = expandNotificationLine(method.command, macros, [], configuration.userMacros);
        jobs.push(job(`script ${method.command}`, { kind: 'script', name: 'script', commandLine }));
        break;
      }
    }
  }
  return { jobs, notes };
}
