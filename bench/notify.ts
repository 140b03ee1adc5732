/**
 * Notifications: (1) 10,000 state changes (the target: one minute's worth at a busy site) routed
 * through a chain of 100 notification rules over 10,000 services, as fast as it goes: decisions
 * per second, time per decision, and the memory the routed notifications take; (2) delivery
 * throughput: e-mail notifications accepted into the durable spool and delivered to a local SMTP
 * server (smtp-server, loopback, in its own process) at the spool's concurrency, the way the site
 * delivers them: by the site's methods module (methods/site-methods.ts) in the separate delivery
 * process (delivery-process/), fed over its pipe. The same spool with the e-mail method called in
 * this process is measured beside it, so that the pipe's cost shows: accepted/s (fsync'd),
 * delivered/s, CPU per mail on each side, the delivery process's peak memory, and duplicates and
 * losses counted at the server. Figures taken on a busy machine are noisy; how busy the machine
 * was is shown.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildFromYaml } from '../src/testing/build-from-yaml.js';
import { parseYaml } from '../src/config/yaml/parse-yaml.js';
import { Diagnostics, formatDiagnostic } from '../src/config/diagnostic.js';
import { systemClock } from '../src/engine/system-clock.js';
import { PENDING } from '../src/model/check-state.js';
import type { NotificationDecisionEvent } from '../src/model/events.js';
import type { Configuration } from '../src/model/objects.js';
import { readNotificationRules } from '../src/notify/config/read-notification-rules.js';
import { deliveryProcess, type DeliveryProcess } from '../src/notify/delivery-process/process-deliverer.js';
import { loopbackSmtp } from '../src/notify/fixtures-for-tests.js';
import type { Logger } from '../src/lib/logger.js';
import { emailMethod, type SmtpSettings } from '../src/notify/methods/email/send-email.js';
import type { MethodSettings } from '../src/notify/methods/site-methods.js';
import type { NotificationJob } from '../src/notify/notification-job.js';
import { routeNotification } from '../src/notify/route/route-notification.js';
import type { NotificationRule } from '../src/notify/route/notification-rule.js';
import { openSpool } from '../src/notify/spool/open-spool.js';
import type { SpoolDeliverer } from '../src/notify/spool/spool-deliverer.js';
import { machineBusyMs, processCpu } from './process-cpu.js';

/** How the benchmark runs. */
export interface NotifyBenchOptions {
  readonly workDir: string;
  /** State changes routed (default 10,000). */
  readonly changes?: number;
  /** Rules in the chain (default 100). */
  readonly rules?: number;
  /** E-mails delivered through the spool (default 1,000). */
  readonly mails?: number;
  /** Spool concurrencies to measure (default 4, 16 and 64). */
  readonly concurrencies?: readonly number[];
  /** Measure the e-mail method called in this process too, beside the delivery process (default true). */
  readonly inProcess?: boolean;
  readonly progress?: (line: string) => void;
}

/** Routing figures. */
export interface RoutingFigures {
  readonly changes: number;
  readonly rules: number;
  readonly services: number;
  readonly notifications: number;
  readonly seconds: number;
  readonly decisionsPerSecond: number;
  readonly microsecondsPerDecision: number;
  /** The share of a minute that routing one minute's 10,000 changes takes. */
  readonly minuteShare: number;
  readonly heapGrowthMb: number;
  readonly rssMb: number;
}

/**
 * Where the e-mail method runs: in the delivery process, as the site runs it, or in the
 * spool's own process (what the spool offers tests), for comparison.
 */
export type DeliveryPath = 'delivery process' | 'in process';

/** Delivery figures at one spool concurrency by one path. */
export interface DeliveryFigures {
  readonly path: DeliveryPath;
  readonly concurrency: number;
  readonly mails: number;
  readonly acceptSeconds: number;
  readonly acceptedPerSecond: number;
  readonly deliverSeconds: number;
  readonly deliveredPerSecond: number;
  /** CPU of the spool's process (the site's) per mail delivered, ms. */
  readonly siteCpuMsPerMail: number;
  /** CPU of the delivery process per mail delivered, ms; `null` in process. */
  readonly deliveryCpuMsPerMail: number | null;
  /** The delivery process's peak resident memory (VmHWM), MB; `null` in process. */
  readonly deliveryPeakRssMb: number | null;
  readonly received: number;
  readonly duplicated: number;
  readonly lost: number;
  readonly journalKb: number;
}

/** The benchmark's report. */
export interface NotifyBenchReport {
  readonly routing: RoutingFigures;
  readonly delivery: readonly DeliveryFigures[] | { readonly unavailable: string };
  /** Cores busy on the whole machine during the run, this benchmark and its SMTP server included (the machine is shared). */
  readonly machineBusyCores: number;
}

const HOSTS = 500;
const SERVICES_PER_HOST = 20;
const CONTACTS = 50;

function siteConfiguration(): Configuration {
  const lines = [
    'commands:',
    '  - {command_name: check-dummy, command_line: /bin/true}',
    '  - {command_name: notify-svc, command_line: "/usr/local/bin/notify $SERVICESTATE$"}',
    'contacts:',
  ];
  for (let c = 0; c < CONTACTS; c++) {
    lines.push(
      `  - {contact_name: c${c}, email: c${c}@example.org, service_notification_commands: [notify-svc], host_notification_commands: [notify-svc]}`,
    );
  }
  lines.push('contactgroups:');
  for (let g = 0; g < 10; g++) {
    const members = Array.from({ length: 5 }, (_, i) => `c${g * 5 + i}`).join(', ');
    lines.push(`  - {contactgroup_name: team${g}, members: [${members}]}`);
  }
  lines.push('hostgroups:');
  for (let g = 0; g < 10; g++) lines.push(`  - {hostgroup_name: hg${g}}`);
  lines.push('hosts:');
  for (let h = 0; h < HOSTS; h++) {
    lines.push(
      `  - host_name: ${h % 5 === 0 ? 'db' : 'web'}${h}`,
      '    check_command: check-dummy',
      `    hostgroups: [hg${h % 10}]`,
      `    contact_groups: [team${h % 10}]`,
      `    labels: {env: ${h % 3 === 0 ? 'prod' : 'test'}}`,
      '    services:',
    );
    for (let s = 0; s < SERVICES_PER_HOST; s++) {
      lines.push(`      - {service_description: svc${s}, check_command: check-dummy}`);
    }
  }
  const built = buildFromYaml({ 'bench.yaml': `${lines.join('\n')}\n` });
  if (built.errors.length > 0) throw new Error(built.errors.slice(0, 5).join('\n'));
  return built.configuration;
}

/** 100 rules as a large site writes them: most narrow (a host pattern, services, labels), a few broad, some cancelling. */
function ruleChain(count: number): NotificationRule[] {
  const lines = ['notification_rules:'];
  for (let r = 0; r < count; r++) {
    switch (r % 5) {
      case 0:
        lines.push(
          `  - {description: r${r}, hosts: ['~db${r}'], method: email, notify: {contact_groups: [team${r % 10}]}}`,
        );
        break;
      case 1:
        lines.push(
          `  - {description: r${r}, services: ['svc${r % 20}'], labels: {env: prod}, transitions: ['OK->CRIT'], method: email, notify: {contacts: [c${r % 50}]}}`,
        );
        break;
      case 2:
        lines.push(
          `  - {description: r${r}, host_groups: [hg${r % 10}], event_types: [problem, recovery], method: webhook, parameters: {url: 'http://127.0.0.1:9/hook${r}', format: json}}`,
        );
        break;
      case 3:
        lines.push(`  - {description: r${r}, hosts: ['web${r}'], services: ['~svc1'], method: nagios}`);
        break;
      default:
        lines.push(
          `  - {description: r${r}, labels: {env: test}, services: ['svc${r % 20}'], method: email, cancel: true}`,
        );
    }
  }
  const parsed = parseYaml(`${lines.join('\n')}\n`);
  if (!parsed.ok) throw new Error('the benchmark rules do not parse');
  const diagnostics = new Diagnostics();
  const rules = readNotificationRules(parsed.value, parsed.lines, 'watchpost.yaml', diagnostics);
  if (diagnostics.errorCount > 0) throw new Error(diagnostics.items.map(formatDiagnostic).slice(0, 5).join('\n'));
  return rules;
}

function event(n: number, at: number): NotificationDecisionEvent {
  const h = n % HOSTS;
  const recovery = Math.floor(n / HOSTS) % 2 === 1;
  return {
    kind: 'notification-decision',
    at,
    target: {
      object: 'service',
      hostName: `${h % 5 === 0 ? 'db' : 'web'}${h}`,
      description: `svc${Math.floor(n / HOSTS) % SERVICES_PER_HOST}`,
    },
    type: recovery ? 'recovery' : 'problem',
    decision: { notify: true },
    problem: recovery ? null : 'critical',
    output: recovery ? 'OK - fine' : 'CRITICAL - connection refused',
    number: 1,
    author: '',
    comment: '',
  };
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

function measureRouting(changes: number, ruleCount: number): RoutingFigures {
  const configuration = siteConfiguration();
  const rules = ruleChain(ruleCount);
  const kept: NotificationJob[][] = [];
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  let notifications = 0;
  for (let n = 0; n < changes; n++) {
    const routed = routeNotification({
      event: event(n, 1_700_000_000_000 + n * 6),
      configuration,
      rules,
      hostState: PENDING,
      serviceState: PENDING,
      previousHardState: n % 2 === 0 ? 'OK' : 'CRIT',
      inPeriod: () => true,
      timeZone: 'UTC',
    });
    const jobs = routed?.planned.jobs ?? [];
    notifications += jobs.length;
    // Kept, as the spool keeps what it accepted, so that the memory figure includes them.
    kept.push([...jobs]);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const heapAfter = process.memoryUsage().heapUsed;
  // Read after the measurement, so that what was routed is still held when the heap is measured.
  if (kept.length !== changes) throw new Error('routing lost a change');
  return {
    changes,
    rules: rules.length,
    services: HOSTS * SERVICES_PER_HOST,
    notifications,
    seconds: Math.round(seconds * 1000) / 1000,
    decisionsPerSecond: Math.round(changes / seconds),
    microsecondsPerDecision: Math.round((seconds / changes) * 1e6 * 10) / 10,
    minuteShare: Math.round(((seconds * 10_000) / changes / 60) * 10000) / 10000,
    heapGrowthMb: mb(heapAfter - heapBefore),
    rssMb: mb(process.memoryUsage().rss),
  };
}

interface SmtpChild {
  readonly port: number;
  report(): Promise<{ received: number; distinct: number }>;
  stop(): void;
}

async function startSmtpChild(): Promise<SmtpChild> {
  const script = fileURLToPath(new URL('./notify-smtp-server.js', import.meta.url));
  const child = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SMTP server exited (${code ?? 'signal'})`)));
    child.on('message', (m: { kind?: string; port?: number }) => {
      if (m.kind === 'listening' && typeof m.port === 'number') resolve(m.port);
    });
  });
  child.removeAllListeners('exit');
  return {
    port,
    report: () =>
      new Promise((resolve) => {
        const on = (m: { kind?: string; received?: number; distinct?: number }): void => {
          if (m.kind !== 'report') return;
          child.off('message', on);
          resolve({ received: m.received ?? 0, distinct: m.distinct ?? 0 });
        };
        child.on('message', on);
        child.send('report');
      }),
    stop: () => {
      child.send('stop');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    },
  };
}

/** Mail `n` of one measurement; `run` (below 0x10000) keeps ids apart between measurements, as the server counts distinct ones. */
function mailJob(n: number, run: number): NotificationJob {
  const contact = `c${n % 50}`;
  return {
    id: `${run.toString(16).padStart(4, '0')}${n.toString(16).padStart(28, '0')}`,
    createdAt: Date.now(),
    contact,
    what: 'SERVICE',
    method: { kind: 'email', to: `${contact}@example.org` },
    macros: {
      NOTIFICATIONTYPE: 'PROBLEM',
      HOSTNAME: `web${n % HOSTS}`,
      HOSTADDRESS: '192.0.2.1',
      SERVICEDESC: `svc${n % SERVICES_PER_HOST}`,
      SERVICESTATE: 'CRITICAL',
      LASTSERVICESTATE: 'OK',
      SERVICEOUTPUT: 'CRITICAL - connection refused',
      LONGDATETIME: new Date().toString(),
      NOTIFICATIONNUMBER: '1',
      CONTACTEMAIL: `${contact}@example.org`,
    },
  };
}

const SMTP_TIMEOUT_SECONDS = 30;
/** How long one measurement may wait for its mails: far beyond the slowest (concurrency 4: about 30 s). */
const SETTLE_LIMIT_MS = 300_000;

function smtpSettings(port: number): SmtpSettings {
  return loopbackSmtp(port, { timeoutSeconds: SMTP_TIMEOUT_SECONDS, verifyCertificate: false });
}

/** The delivery process as start-notifications.ts starts it for the site, with the site's methods module. */
function siteDeliveryProcess(dir: string, port: number, logger: Logger): DeliveryProcess {
  const settings: MethodSettings = { scriptTimeoutSeconds: SMTP_TIMEOUT_SECONDS, smtp: smtpSettings(port) };
  return deliveryProcess({
    dir,
    methods: new URL('../src/notify/methods/site-methods.js', import.meta.url).href,
    settings: () => settings,
    // As longestAttemptMs() of start-notifications.ts computes it for these settings.
    finishWithinMs: Math.max(SMTP_TIMEOUT_SECONDS * 4, 60) * 1000 + 10_000,
    logger,
  });
}

/** Peak resident memory of a process (VmHWM), MB; `null` when it cannot be read. */
function peakRssMb(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Math.round((Number(kb) / 1024) * 10) / 10;
  } catch {
    return null;
  }
}

async function settledWithin(settled: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([
    settled.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  if (!inTime) throw new Error(`the spool did not deliver its mails within ${ms / 1000} s`);
}

const siteCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function measureDelivery(
  workDir: string,
  smtp: SmtpChild,
  mails: number,
  concurrency: number,
  path: DeliveryPath,
  logger: Logger,
): Promise<DeliveryFigures> {
  const tag = path === 'delivery process' ? 'process' : 'inproc';
  const dir = join(workDir, `spool-${tag}-${concurrency}`);
  const run = (path === 'delivery process' ? 0x1000 : 0x2000) + concurrency;
  const viaProcess = path === 'delivery process' ? siteDeliveryProcess(dir, smtp.port, logger) : null;
  const deliverer: { deliverer: SpoolDeliverer } | { deliver: ReturnType<typeof emailMethod> } =
    viaProcess === null ? { deliver: emailMethod(() => smtpSettings(smtp.port)) } : { deliverer: viaProcess };
  const spool = await openSpool({
    dir,
    clock: systemClock,
    concurrency,
    requestPollMs: 0,
    policy: { initialDelayMs: 200, maxDelayMs: 1000, maxAgeMs: 600_000 },
    ...deliverer,
    logger,
  });
  try {
    // One mail first, unmeasured: the delivery process starts and loads its methods once, when the site starts.
    await spool.add(mailJob(mails, run));
    await settledWithin(spool.settled(), SETTLE_LIMIT_MS);
    const warm = spool.health().delivered;
    const before = await smtp.report();
    const pid = viaProcess?.pid() ?? null;
    const siteCpuBefore = siteCpuMs();
    const deliveryCpuBefore = pid === null ? null : processCpu(pid);
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: mails }, (_, n) => spool.add(mailJob(n, run))));
    const accepted = process.hrtime.bigint();
    await settledWithin(spool.settled(), SETTLE_LIMIT_MS);
    const end = process.hrtime.bigint();
    const siteCpu = siteCpuMs() - siteCpuBefore;
    const deliveryCpuAfter = pid === null ? null : processCpu(pid);
    // Read while it runs: the process ends when the spool closes.
    const peak = peakRssMb(pid);
    const health = spool.health();
    const after = await smtp.report();
    const delivered = health.delivered - warm;
    const acceptSeconds = Number(accepted - start) / 1e9;
    const deliverSeconds = Number(end - start) / 1e9;
    const received = after.received - before.received;
    const distinct = after.distinct - before.distinct;
    const perMail = (ms: number): number => Math.round((ms / Math.max(1, delivered)) * 1000) / 1000;
    return {
      path,
      concurrency,
      mails,
      acceptSeconds: Math.round(acceptSeconds * 1000) / 1000,
      acceptedPerSecond: Math.round(mails / acceptSeconds),
      deliverSeconds: Math.round(deliverSeconds * 1000) / 1000,
      deliveredPerSecond: Math.round(delivered / deliverSeconds),
      siteCpuMsPerMail: perMail(siteCpu),
      deliveryCpuMsPerMail:
        deliveryCpuBefore === null || deliveryCpuAfter === null
          ? null
          : perMail(deliveryCpuAfter.ownMs - deliveryCpuBefore.ownMs),
      deliveryPeakRssMb: peak,
      received,
      duplicated: received - distinct,
      lost: mails - distinct,
      journalKb: Math.round(health.journalBytes / 1024),
    };
  } finally {
    await spool.close();
  }
}

/** Runs the benchmark. */
export async function runNotifyBenchmark(options: NotifyBenchOptions): Promise<NotifyBenchReport> {
  const progress = options.progress ?? (() => undefined);
  const busyBefore = machineBusyMs();
  const wallStart = Date.now();
  progress(`routing ${options.changes ?? 10_000} state changes through ${options.rules ?? 100} rules`);
  const routing = measureRouting(options.changes ?? 10_000, options.rules ?? 100);
  let delivery: NotifyBenchReport['delivery'];
  const mails = options.mails ?? 1000;
  try {
    const smtp = await startSmtpChild();
    try {
      const figures: DeliveryFigures[] = [];
      const paths: readonly DeliveryPath[] =
        (options.inProcess ?? true) ? ['delivery process', 'in process'] : ['delivery process'];
      // What goes wrong in the spool or the delivery process is shown, not kept silent.
      const logger: Logger = {
        log: (level, message, fields) => {
          if (level === 'warn' || level === 'error') progress(`${level}: ${message} ${JSON.stringify(fields ?? {})}`);
        },
      };
      for (const concurrency of options.concurrencies ?? [4, 16, 64]) {
        for (const path of paths) {
          progress(`delivering ${mails} e-mails through the spool at concurrency ${concurrency}, ${path}`);
          figures.push(await measureDelivery(options.workDir, smtp, mails, concurrency, path, logger));
        }
      }
      delivery = figures;
    } finally {
      smtp.stop();
    }
  } catch (error) {
    delivery = { unavailable: String(error) };
  }
  const wallMs = Date.now() - wallStart;
  const busyMs = machineBusyMs() - busyBefore;
  return { routing, delivery, machineBusyCores: Math.round((busyMs / Math.max(1, wallMs)) * 100) / 100 };
}

/** The report as a table for people. */
export function formatNotifyReport(report: NotifyBenchReport): string {
  const r = report.routing;
  const lines = [
    `notifications: ${r.changes} state changes through ${r.rules} rules over ${r.services} services`,
    '',
    '| routing | figure |',
    '|---|---|',
    `| decisions/s | ${r.decisionsPerSecond} |`,
    `| µs per decision | ${r.microsecondsPerDecision} |`,
    `| notifications planned | ${r.notifications} |`,
    `| share of a minute for 10,000 changes | ${(r.minuteShare * 100).toFixed(2)} % |`,
    `| heap growth (notifications kept) | ${r.heapGrowthMb} MB |`,
    `| process RSS | ${r.rssMb} MB |`,
    '',
  ];
  if ('unavailable' in report.delivery) {
    lines.push(`delivery: not measured: ${report.delivery.unavailable}`);
  } else {
    const orDash = (value: number | null, unit = ''): string => (value === null ? '–' : `${value}${unit}`);
    lines.push(
      '| e-mail through the spool | delivered by | mails | accepted/s (fsync) | delivered/s | site CPU ms/mail | delivery process CPU ms/mail | delivery process peak RSS | received | duplicated | lost | journal |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const d of report.delivery) {
      lines.push(
        `| concurrency ${d.concurrency} | ${d.path} | ${d.mails} | ${d.acceptedPerSecond} | ${d.deliveredPerSecond} | ${d.siteCpuMsPerMail} | ${orDash(d.deliveryCpuMsPerMail)} | ${orDash(d.deliveryPeakRssMb, ' MB')} | ${d.received} | ${d.duplicated} | ${d.lost} | ${d.journalKb} kB |`,
      );
    }
    lines.push(
      '',
      '"delivery process" is the site\'s path: the methods of methods/site-methods.ts in the separate delivery',
      'process, fed over its pipe, each outcome appended to its outcomes file before it is reported. "in process"',
      "calls the e-mail method in the spool's process, for comparison: the difference is what the separate process",
      'costs (the pipe, the outcomes file, a second Node process).',
      'Each mail opens its own SMTP connection, and smtp-server waits 100 ms before its greeting (early-talker',
      "detection): delivered/s is about concurrency × 9 here, at most 50 × 9, as one contact's mails go one at a",
      'time, in order, and these go to 50 contacts. A server that greets at once is faster.',
      'One warm-up mail per row (the delivery process starting) is not measured; CPU is read in 10 ms ticks.',
    );
  }
  lines.push(
    '',
    `machine busy during the run: ${report.machineBusyCores} cores, this benchmark included (more than about 1.5 on 2 cores: noisy figures)`,
  );
  return lines.join('\n');
}
