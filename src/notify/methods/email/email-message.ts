/**
 * The e-mail of a notification: subject, plain text and HTML body with host, service, state,
 * output, long output and performance data. Every value in the HTML is escaped, because plugin
 * output is written by whoever controls the monitored machine. A bulk delivery is one e-mail
 * with a table of its notifications (time, type, host, service, state, output). Pure.
 */
import type { BulkItem, NotificationJob } from '../../notification-job.js';

/** A rendered e-mail. */
export interface EmailMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STATE_COLOURS: Readonly<Record<string, string>> = {
  OK: '#2e7d32',
  UP: '#2e7d32',
  WARNING: '#f9a825',
  CRITICAL: '#c62828',
  DOWN: '#c62828',
  UNREACHABLE: '#6a1b9a',
  UNKNOWN: '#ef6c00',
};

/** The rows of a notification, label and value, in the order both bodies show them. */
function rows(job: NotificationJob): [string, string][] {
  const m = (name: string): string => job.macros[name] ?? '';
  const service = job.what === 'SERVICE';
  const state = service ? m('SERVICESTATE') : m('HOSTSTATE');
  const last = service ? m('LASTSERVICESTATE') : m('LASTHOSTSTATE');
  const out: [string, string][] = [
    ['Notification type', m('NOTIFICATIONTYPE')],
    [
      'Host',
      m('HOSTALIAS') !== '' && m('HOSTALIAS') !== m('HOSTNAME')
        ? `${m('HOSTNAME')} (${m('HOSTALIAS')})`
        : m('HOSTNAME'),
    ],
    ['Address', m('HOSTADDRESS')],
  ];
  if (service) out.push(['Service', m('SERVICEDESC')]);
  out.push(['State', last !== '' && last !== state ? `${state} (was ${last})` : state]);
  out.push(['Date/Time', m('LONGDATETIME')]);
  out.push(['Output', service ? m('SERVICEOUTPUT') : m('HOSTOUTPUT')]);
  const long = service ? m('LONGSERVICEOUTPUT') : m('LONGHOSTOUTPUT');
  if (long !== '') out.push(['Long output', long]);
  const perf = service ? m('SERVICEPERFDATA') : m('HOSTPERFDATA');
  if (perf !== '') out.push(['Performance data', perf]);
  if (m('NOTIFICATIONAUTHOR') !== '') out.push(['Author', m('NOTIFICATIONAUTHOR')]);
  if (m('NOTIFICATIONCOMMENT') !== '') out.push(['Comment', m('NOTIFICATIONCOMMENT')]);
  out.push(['Notification number', m('NOTIFICATIONNUMBER')]);
  return out;
}

const BULK_COLUMNS = ['Time', 'Type', 'Host', 'Service', 'State', 'Output'] as const;

function bulkMessage(job: NotificationJob, items: readonly BulkItem[]): EmailMessage {
  const rowsOf = items.map((item): string[] => {
    const m = (name: string): string => item.macros[name] ?? '';
    const service = item.what === 'SERVICE';
    return [
      m('SHORTDATETIME') || m('LONGDATETIME'),
      m('NOTIFICATIONTYPE'),
      m('HOSTNAME'),
      service ? m('SERVICEDESC') : '',
      service ? m('SERVICESTATE') : m('HOSTSTATE'),
      service ? m('SERVICEOUTPUT') : m('HOSTOUTPUT'),
    ];
  });
  const hosts = [...new Set(rowsOf.map((r) => r[2] ?? ''))];
  const subject =
    `** ${items.length} notification${items.length === 1 ? '' : 's'} about ${hosts.length === 1 ? (hosts[0] ?? '') : `${hosts.length} hosts`} **`.replace(
      /[\r\n]+/g,
      ' ',
    );
  const widths = BULK_COLUMNS.map((title, i) => Math.max(title.length, ...rowsOf.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .replace(/[\r\n]+/g, ' ');
  const text = `${[line(BULK_COLUMNS), ...rowsOf.map(line)].join('\n')}\n\n-- \nWatchpost bulk notification ${job.id}\n`;
  const cell = (c: string, i: number): string => {
    const shown = escapeHtml(c).replaceAll('\n', '<br>');
    return i === 4 ? `<b style="color:${STATE_COLOURS[c] ?? '#455a64'}">${shown}</b>` : shown;
  };
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif">
<h2>${escapeHtml(subject.replaceAll('*', '').trim())}</h2>
<table cellspacing="0">
<tr>${BULK_COLUMNS.map((c) => `<th align="left" style="padding:2px 12px 2px 0">${c}</th>`).join('')}</tr>
${rowsOf.map((r) => `<tr>${r.map((c, i) => `<td valign="top" style="padding:2px 12px 2px 0">${cell(c, i)}</td>`).join('')}</tr>`).join('\n')}
</table>
<p style="color:#777;font-size:small">Watchpost bulk notification ${escapeHtml(job.id)}</p>
</body></html>
`;
  return { subject, text, html };
}

/** The e-mail of `job` (subject as Nagios' sample commands write it); a bulk delivery lists its notifications in a table. */
export function emailMessage(job: NotificationJob): EmailMessage {
  if (job.bulk !== undefined) return bulkMessage(job, job.bulk);
  const m = (name: string): string => job.macros[name] ?? '';
  const service = job.what === 'SERVICE';
  const state = service ? m('SERVICESTATE') : m('HOSTSTATE');
  const about = service ? `Service Alert: ${m('HOSTNAME')}/${m('SERVICEDESC')}` : `Host Alert: ${m('HOSTNAME')}`;
  const subject = `** ${m('NOTIFICATIONTYPE')} ${about} is ${state} **`.replace(/[\r\n]+/g, ' ');
  const list = rows(job);
  const width = Math.max(...list.map(([label]) => label.length)) + 1;
  const text = `${list.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`).join('\n')}\n\n-- \nWatchpost notification ${job.id}\n`;
  const colour = STATE_COLOURS[state] ?? '#455a64';
  const tableRows = list
    .map(([label, value]) => {
      const shown = escapeHtml(value).replaceAll('\n', '<br>');
      const cell = label === 'State' ? `<b style="color:${colour}">${shown}</b>` : shown;
      return `<tr><th align="left" valign="top" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td style="padding:2px 0;font-family:monospace">${cell}</td></tr>`;
    })
    .join('\n');
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif">
<h2 style="color:${colour}">${escapeHtml(`${m('NOTIFICATIONTYPE')} ${about} is ${state}`)}</h2>
<table>
${tableRows}
</table>
<p style="color:#777;font-size:small">Watchpost notification ${escapeHtml(job.id)}</p>
</body></html>
`;
  return { subject, text, html };
}
