/**
 * The JSON bodies of the webhook method: Watchpost's own format (`json`, schema in the README)
 * and the incoming-webhook formats of Slack, Microsoft Teams (an Adaptive Card message, as
 * Teams workflows accept it) and Mattermost (Slack-compatible attachments). A bulk delivery is
 * one body listing its notifications: `json` as `{version, id, bulk: true, count, notifications:
 * [...]}` of the single-notification objects, Slack and Mattermost one attachment each, Teams
 * one card with a block each. Pure.
 */
import type { BulkItem, NotificationJob, WebhookFormat } from '../../notification-job.js';

/** The version of the `json` format; a change that breaks readers raises it. */
export const WEBHOOK_SCHEMA_VERSION = 1;

const COLOURS: Readonly<Record<string, string>> = {
  OK: '#2e7d32',
  UP: '#2e7d32',
  WARNING: '#f9a825',
  CRITICAL: '#c62828',
  DOWN: '#c62828',
  UNREACHABLE: '#6a1b9a',
  UNKNOWN: '#ef6c00',
};

interface Summary {
  readonly service: boolean;
  readonly state: string;
  readonly previous: string;
  readonly title: string;
  readonly output: string;
  readonly colour: string;
}

function summary(job: NotificationJob): Summary {
  const m = (name: string): string => job.macros[name] ?? '';
  const service = job.what === 'SERVICE';
  const state = service ? m('SERVICESTATE') : m('HOSTSTATE');
  const about = service ? `${m('HOSTNAME')}/${m('SERVICEDESC')}` : m('HOSTNAME');
  return {
    service,
    state,
    previous: service ? m('LASTSERVICESTATE') : m('LASTHOSTSTATE'),
    title: `${m('NOTIFICATIONTYPE')}: ${about} is ${state}`,
    output: service ? m('SERVICEOUTPUT') : m('HOSTOUTPUT'),
    colour: COLOURS[state] ?? '#455a64',
  };
}

/** Watchpost's own payload (`format: json`). */
export function jsonPayload(job: NotificationJob): Record<string, unknown> {
  const m = (name: string): string => job.macros[name] ?? '';
  const s = summary(job);
  const seconds = Number(m('TIMET')) || 0;
  return {
    version: WEBHOOK_SCHEMA_VERSION,
    id: job.id,
    type: m('NOTIFICATIONTYPE'),
    what: job.what,
    host: { name: m('HOSTNAME'), alias: m('HOSTALIAS'), address: m('HOSTADDRESS') },
    service: s.service ? { description: m('SERVICEDESC') } : null,
    state: s.state,
    previous_state: s.previous,
    state_type: s.service ? m('SERVICESTATETYPE') : m('HOSTSTATETYPE'),
    output: s.output,
    long_output: s.service ? m('LONGSERVICEOUTPUT') : m('LONGHOSTOUTPUT'),
    perfdata: s.service ? m('SERVICEPERFDATA') : m('HOSTPERFDATA'),
    notification_number: Number(m('NOTIFICATIONNUMBER')) || 0,
    author: m('NOTIFICATIONAUTHOR'),
    comment: m('NOTIFICATIONCOMMENT'),
    contact: { name: job.contact, email: m('CONTACTEMAIL'), pager: m('CONTACTPAGER') },
    timestamp: seconds,
    time: new Date(seconds * 1000).toISOString(),
  };
}

/** Slack's `mrkdwn` needs `&`, `<` and `>` escaped, or `<...>` becomes a link. */
function slackText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function slackPayload(job: NotificationJob): Record<string, unknown> {
  const s = summary(job);
  const m = (name: string): string => job.macros[name] ?? '';
  return {
    text: slackText(s.title),
    attachments: [
      {
        color: s.colour,
        title: slackText(s.title),
        text: slackText(s.output),
        fields: [
          { title: 'Host', value: slackText(m('HOSTNAME')), short: true },
          ...(s.service ? [{ title: 'Service', value: slackText(m('SERVICEDESC')), short: true }] : []),
          { title: 'State', value: slackText(s.previous !== '' ? `${s.previous} → ${s.state}` : s.state), short: true },
        ],
        footer: `Watchpost notification ${job.id}`,
        ts: Number(m('TIMET')) || 0,
      },
    ],
  };
}

function teamsPayload(job: NotificationJob): Record<string, unknown> {
  const s = summary(job);
  const m = (name: string): string => job.macros[name] ?? '';
  const facts = [
    { title: 'Host', value: m('HOSTNAME') },
    ...(s.service ? [{ title: 'Service', value: m('SERVICEDESC') }] : []),
    { title: 'State', value: s.state },
    { title: 'Time', value: m('LONGDATETIME') },
  ];
  return teamsCard([
    { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: s.title, wrap: true },
    { type: 'FactSet', facts },
    { type: 'TextBlock', text: s.output, wrap: true, fontType: 'Monospace' },
  ]);
}

/** A Teams message holding one Adaptive Card with `body`. */
function teamsCard(body: readonly Record<string, unknown>[]): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.4', body },
      },
    ],
  };
}

/** One listed notification of a bulk delivery as a job of its own. */
function itemJob(bulk: NotificationJob, item: BulkItem): NotificationJob {
  return {
    id: item.id,
    createdAt: item.createdAt,
    contact: bulk.contact,
    what: item.what,
    method: bulk.method,
    macros: item.macros,
  };
}

function bulkPayload(job: NotificationJob, items: readonly BulkItem[], format: WebhookFormat): Record<string, unknown> {
  const jobs = items.map((item) => itemJob(job, item));
  const title = `${jobs.length} notification${jobs.length === 1 ? '' : 's'}`;
  switch (format) {
    case 'json':
      return {
        version: WEBHOOK_SCHEMA_VERSION,
        id: job.id,
        bulk: true,
        count: jobs.length,
        contact: { name: job.contact, email: job.macros.CONTACTEMAIL ?? '', pager: job.macros.CONTACTPAGER ?? '' },
        notifications: jobs.map(jsonPayload),
      };
    case 'slack':
    case 'mattermost':
      return {
        ...(format === 'mattermost' ? { username: 'Watchpost' } : {}),
        text: title,
        attachments: jobs.flatMap((j) => (slackPayload(j).attachments as unknown[] | undefined) ?? []),
      };
    case 'teams':
      return teamsCard([
        { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: title, wrap: true },
        ...jobs.flatMap((j) => {
          const s = summary(j);
          return [
            { type: 'TextBlock', weight: 'Bolder', text: s.title, wrap: true, separator: true },
            { type: 'TextBlock', text: s.output, wrap: true, fontType: 'Monospace' },
          ];
        }),
      ]);
  }
}

/** The body of `job` in `format`. */
export function webhookPayload(job: NotificationJob, format: WebhookFormat): Record<string, unknown> {
  if (job.bulk !== undefined) return bulkPayload(job, job.bulk, format);
  switch (format) {
    case 'json':
      return jsonPayload(job);
    case 'slack':
      return slackPayload(job);
    case 'mattermost':
      return { username: 'Watchpost', ...slackPayload(job) };
    case 'teams':
      return teamsPayload(job);
  }
}
