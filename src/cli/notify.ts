/**
 * `watchpost notify`: the notification spool and rules from the command line.
 *
 *   watchpost notify spool              waiting and dead notifications, from var/notify
 *   watchpost notify retry ID...        put dead notifications back in the queue
 *   watchpost notify test HOST [SERVICE] STATE   which rules match, who would get what
 */
import { join, resolve } from 'node:path';
import { loadSite } from '../config/load-site.js';
import { hostRef, serviceRef } from '../model/object-ref.js';
import type { NotificationType } from '../model/notification-decision.js';
import type { ShortState } from '../notify/route/notification-rule.js';
import { loadNotificationRules } from '../notify/config/load-notification-rules.js';
import { methodName } from '../notify/notification-job.js';
import { NOTIFICATION_TYPE_NAMES } from '../notify/route/notification-macros.js';
import { routeNotification } from '../notify/route/route-notification.js';
import { periodCheck } from '../notify/start-notifications.js';
import { readSpool, requestRetry } from '../notify/spool/open-spool.js';
import { sitePaths } from '../app/site-directory.js';
import { printDiagnostics } from './check-config.js';
import { EXIT, type CliCommand, type CliIo } from './cli-command.js';

const STATES: Readonly<Record<string, { problem: string | null; host: boolean | null; short: ShortState }>> = {
  OK: { problem: null, host: false, short: 'OK' },
  WARN: { problem: 'warning', host: false, short: 'WARN' },
  WARNING: { problem: 'warning', host: false, short: 'WARN' },
  CRIT: { problem: 'critical', host: false, short: 'CRIT' },
  CRITICAL: { problem: 'critical', host: false, short: 'CRIT' },
  UNKNOWN: { problem: 'unknown', host: false, short: 'UNKNOWN' },
  UP: { problem: null, host: true, short: 'UP' },
  DOWN: { problem: 'down', host: true, short: 'DOWN' },
  UNREACH: { problem: 'unreachable', host: true, short: 'UNREACH' },
  UNREACHABLE: { problem: 'unreachable', host: true, short: 'UNREACH' },
};

function spoolDirOf(values: Record<string, string | boolean | undefined>, io: CliIo): string {
  const siteDir = resolve(io.cwd, typeof values['site-dir'] === 'string' ? values['site-dir'] : '.');
  return join(sitePaths(siteDir).var, 'notify');
}

const age = (ms: number): string =>
  ms < 60_000
    ? `${Math.round(ms / 1000)}s`
    : ms < 3_600_000
      ? `${Math.round(ms / 60_000)}m`
      : `${(ms / 3_600_000).toFixed(1)}h`;

async function listSpool(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const now = Date.now();
  const { entries, problems } = await readSpool(spoolDirOf(values, io), now);
  for (const problem of problems) io.err(`watchpost notify spool: ${problem}`);
  if (values.json === true) {
    io.out(
      JSON.stringify(
        entries.map((e) => ({
          id: e.job.id,
          status: e.status,
          contact: e.job.contact,
          method: methodName(e.job.method),
          host: e.job.macros.HOSTNAME ?? '',
          service: e.job.macros.SERVICEDESC ?? '',
          type: e.job.macros.NOTIFICATIONTYPE ?? '',
          created: e.job.createdAt,
          attempts: e.attempts,
          next: e.status === 'queued' ? e.nextAt : null,
          reason: e.lastReason,
        })),
      ),
    );
    return EXIT.ok;
  }
  const queued = entries.filter((e) => e.status === 'queued');
  const dead = entries.filter((e) => e.status === 'dead');
  io.out(`${queued.length} waiting, ${dead.length} dead`);
  for (const e of entries) {
    const object =
      e.job.what === 'SERVICE'
        ? `${e.job.macros.HOSTNAME ?? ''}/${e.job.macros.SERVICEDESC ?? ''}`
        : (e.job.macros.HOSTNAME ?? '');
    const when =
      e.status === 'queued' ? `next in ${age(Math.max(0, e.nextAt - now))}` : `dead since ${age(now - e.nextAt)}`;
    io.out(
      `${e.job.id}  ${e.status.padEnd(6)}  ${e.job.macros.NOTIFICATIONTYPE ?? ''} ${object} → ${e.job.contact} by ${methodName(e.job.method)}, age ${age(now - e.job.createdAt)}, ${e.attempts} failed attempt(s), ${when}${e.lastReason === '' ? '' : `: ${e.lastReason}`}`,
    );
  }
  return EXIT.ok;
}

async function retry(
  values: Record<string, string | boolean | undefined>,
  ids: readonly string[],
  io: CliIo,
): Promise<number> {
  if (ids.length === 0) {
    io.err('watchpost notify retry: give the id of a dead notification (see watchpost notify spool)');
    return EXIT.usage;
  }
  const dir = spoolDirOf(values, io);
  const { entries } = await readSpool(dir, Date.now());
  let bad = 0;
  for (const id of ids) {
    const entry = entries.find((e) => e.job.id === id);
    if (entry?.status !== 'dead') {
      io.err(
        `watchpost notify retry: ${id} is not on the dead-letter list${entry === undefined ? '' : ' (it is waiting)'}`,
      );
      bad++;
      continue;
    }
    await requestRetry(dir, id);
    io.out(`${id}: retry requested; the running site picks it up within seconds (or at its next start)`);
  }
  return bad > 0 ? EXIT.failed : EXIT.ok;
}

function dryRun(values: Record<string, string | boolean | undefined>, args: readonly string[], io: CliIo): number {
  const [hostName, second, third] = args;
  const stateText = (third ?? second ?? '').toUpperCase();
  const serviceName = third === undefined ? undefined : second;
  const state = STATES[stateText];
  if (hostName === undefined || args.length > 3 || state === undefined || state.host !== (serviceName === undefined)) {
    io.err(
      `watchpost notify test: expected HOST STATE (UP, DOWN, UNREACHABLE) or HOST SERVICE STATE (OK, WARNING, CRITICAL, UNKNOWN)`,
    );
    return EXIT.usage;
  }
  const typeText = typeof values.type === 'string' ? values.type : state.problem === null ? 'recovery' : 'problem';
  const type = (Object.keys(NOTIFICATION_TYPE_NAMES) as NotificationType[]).find(
    (t) => t === typeText || NOTIFICATION_TYPE_NAMES[t] === typeText.toUpperCase(),
  );
  const from = typeof values.from === 'string' ? STATES[values.from.toUpperCase()] : undefined;
  if (type === undefined || (typeof values.from === 'string' && from === undefined)) {
    io.err(
      `watchpost notify test: unknown --type or --from (types: ${Object.keys(NOTIFICATION_TYPE_NAMES).join(', ')})`,
    );
    return EXIT.usage;
  }
  const siteDir = resolve(io.cwd, typeof values['site-dir'] === 'string' ? values['site-dir'] : '.');
  const loaded = loadSite(siteDir);
  if (!loaded.ok) {
    printDiagnostics(loaded.diagnostics, io, true);
    return EXIT.failed;
  }
  const { configuration, settings } = loaded;
  const rules = loadNotificationRules(siteDir, configuration);
  if (printDiagnostics(rules.diagnostics, io) > 0) return EXIT.failed;
  const now = Date.now();
  const routed = routeNotification({
    event: {
      kind: 'notification-decision',
      at: now,
      target: serviceName === undefined ? hostRef(hostName) : serviceRef(hostName, serviceName),
      type,
      decision: { notify: true },
      problem: state.problem,
      output: `(watchpost notify test) ${stateText}`,
      number: 1,
      author: typeof values.author === 'string' ? values.author : '',
      comment: '',
    },
    configuration,
    rules: rules.rules,
    hostState: { kind: 'pending' },
    serviceState: serviceName === undefined ? null : { kind: 'pending' },
    previousHardState: from?.short ?? (state.host ? 'UP' : 'OK'),
    inPeriod: periodCheck(
      () => configuration,
      () => settings.timezone,
    ),
    timeZone: settings.timezone,
  });
  if (routed === null) {
    io.err(
      `watchpost notify test: no ${serviceName === undefined ? `host '${hostName}'` : `service '${serviceName}' on host '${hostName}'`} in the configuration`,
    );
    return EXIT.failed;
  }
  const s = routed.subject;
  io.out(
    `${NOTIFICATION_TYPE_NAMES[type]} ${s.what === 'service' ? `${s.hostName}/${s.serviceDescription}` : s.hostName} ${s.previousState ?? '?'} -> ${s.state}, now`,
  );
  io.out(
    rules.rules.length === 0
      ? 'rules: none (Nagios routing: each contact of the object by its own notification commands)'
      : 'rules:',
  );
  for (const t of routed.plan.trace) io.out(`  ${t.where}  ${t.verdict.padEnd(9)}  ${t.rule}: ${t.detail}`);
  io.out(`notifications: ${routed.planned.jobs.length}`);
  for (const job of routed.planned.jobs) {
    const m = job.method;
    const target = m.kind === 'script' ? m.commandLine : m.kind === 'email' ? m.to : `${m.url} (${m.format})`;
    io.out(`  ${job.contact}  ${methodName(m)}  ${target}`);
  }
  const notes = [...routed.plan.notes, ...routed.planned.notes];
  if (notes.length > 0) io.out('not notified:');
  for (const note of notes) io.out(`  ${note}`);
  io.out(
    '(the monitoring core may still suppress a real notification: downtimes, acknowledgements, flapping, periods)',
  );
  return EXIT.ok;
}

/** `watchpost notify`. */
export const notifyCommand: CliCommand = {
  name: 'notify',
  summary: 'notification spool (list, retry) and rule dry-run',
  help: `Usage: watchpost notify spool [--site-dir DIR] [--json]
       watchpost notify retry [--site-dir DIR] ID...
       watchpost notify test [--site-dir DIR] [--type TYPE] [--from STATE] HOST [SERVICE] STATE

spool  lists the notifications waiting in the site's spool (var/notify) and those on the
       dead-letter list, with their failed attempts and last error.
retry  puts notifications from the dead-letter list back in the queue; the running site picks
       the request up within seconds, a stopped one at its next start.
test   shows which notification rules of watchpost.yaml match a notification about HOST (or
       SERVICE on HOST) in STATE now, and who would be notified by which method.

Options:
  --site-dir DIR   site directory (default: the current directory)
  --json           spool: print the list as JSON
  --type TYPE      test: problem (default), recovery (default for OK/UP), acknowledgement,
                   flapping-start, flapping-stop, downtime-start, downtime-end, ...
  --from STATE     test: the previous HARD state, for transitions (default OK or UP)
  --author NAME    test: the author of an acknowledgement or downtime
  -h, --help       show this help

Exit codes: 0 done, 1 failed (unknown object or id, configuration errors), 2 wrong usage.`,
  options: {
    'site-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    type: { type: 'string' },
    from: { type: 'string' },
    author: { type: 'string' },
  },
  async run(values, positionals, io) {
    const [sub, ...rest] = positionals;
    switch (sub) {
      case 'spool':
        return listSpool(values, io);
      case 'retry':
        return retry(values, rest, io);
      case 'test':
        return dryRun(values, rest, io);
      default:
        io.err(
          `watchpost notify: expected spool, retry or test${sub === undefined ? '' : `, not '${sub}'`}; see --help`,
        );
        return EXIT.usage;
    }
  },
};
