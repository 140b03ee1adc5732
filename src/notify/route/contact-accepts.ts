/**
 * Whether a contact wants a notification, as Nagios Core 4 decides it for each contact
 * (check_contact_{host,service}_notification_viability): the contact's host or service
 * notifications are on, its notification period contains the moment, and its notification
 * options hold the event: the state's letter for problems and acknowledgements, `r` for
 * recoveries, `f` for flapping, `s` for downtimes. Pure.
 */
import type { Contact } from '../../model/objects.js';
import type { PeriodCheck } from './match-rule.js';
import type { RoutingSubject } from './routing-subject.js';

/** The verdict, with the reason for a refusal. */
export type ContactVerdict = { readonly accepts: true } | { readonly accepts: false; readonly reason: string };

const STATE_LETTER: Readonly<Record<string, string>> = {
  WARN: 'w',
  CRIT: 'c',
  UNKNOWN: 'u',
  DOWN: 'd',
  UNREACH: 'u',
};

/** The notification option a subject needs of a contact. */
export function optionOf(subject: RoutingSubject): string {
  switch (subject.type) {
    case 'recovery':
      return 'r';
    case 'flapping-start':
    case 'flapping-stop':
    case 'flapping-disabled':
      return 'f';
    case 'downtime-start':
    case 'downtime-end':
    case 'downtime-cancelled':
      return 's';
    case 'problem':
    case 'acknowledgement':
      return STATE_LETTER[subject.state] ?? 'r';
  }
}

/** Whether `contact` accepts `subject`. */
export function contactAccepts(contact: Contact, subject: RoutingSubject, inPeriod: PeriodCheck): ContactVerdict {
  const host = subject.what === 'host';
  if (!(host ? contact.hostNotificationsEnabled : contact.serviceNotificationsEnabled)) {
    return { accepts: false, reason: `${subject.what} notifications disabled for the contact` };
  }
  const period = host ? contact.hostNotificationPeriod : contact.serviceNotificationPeriod;
  if (period !== '' && !inPeriod(period, subject.at)) {
    return { accepts: false, reason: `outside the contact's notification period '${period}'` };
  }
  const options: readonly string[] = host ? contact.hostNotificationOptions : contact.serviceNotificationOptions;
  const option = optionOf(subject);
  if (!options.includes(option)) {
    return { accepts: false, reason: `the contact's ${subject.what}_notification_options lack '${option}'` };
  }
  return { accepts: true };
}
