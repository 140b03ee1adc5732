// Retention with the real engine on a manual clock: what a restart brings back, what it drops,
// what it must not notify again, and damaged files. A "crash" is a copy of var/ taken while the
// first site still runs: what is in it is exactly what `kill -9` at that moment would leave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../engine/manual-clock.js';
import {
  START,
  TEST_SETTINGS,
  advance,
  configurationOf,
  memoryLog,
  resultOf,
} from '../../engine/monitoring-for-tests.js';
import { startMonitoring, type Monitoring } from '../../engine/start-monitoring.js';
import type { PluginStatus } from '../../model/check-result.js';
import type { MonitoringEvent } from '../../model/events.js';
import type { MonitoringSnapshot } from '../../model/monitoring-snapshot.js';
import { hostRef, objectKey, serviceRef } from '../../model/object-ref.js';
import { loadRetention } from './load-retention.js';
import { openRetention, type Retention } from './open-retention.js';
import { segmentSeqOf } from './retention-files.js';

const S = 1000;
const YAML = `hosts:
  - host_name: h
    active_checks_enabled: false
    max_check_attempts: 1
    services:
      - {service_description: s, active_checks_enabled: false, max_check_attempts: 3, notification_interval: 600s}
      - {service_description: t, active_checks_enabled: false, max_check_attempts: 1, notification_interval: 600s}
      - {service_description: u, active_checks_enabled: false, max_check_attempts: 1}
`;

interface Site {
  readonly monitoring: Monitoring;
  readonly retention: Retention;
  readonly clock: ManualClock;
  readonly log: ReturnType<typeof memoryLog>;
  readonly events: MonitoringEvent[];
}

async function startSite(dir: string, at = START, options: { compactAfterBytes?: number } = {}): Promise<Site> {
  const clock = new ManualClock(at);
  const retention = await openRetention({ dir, clock, ...options });
  const log = memoryLog();
  const monitoring = startMonitoring({
    configuration: configurationOf(YAML),
    settings: TEST_SETTINGS,
    monitoringLog: log,
    clock,
    runPlugin: () => Promise.resolve(resultOf(3, 'not used')),
    ...(retention.restored === undefined ? {} : { initial: retention.restored }),
  });
  const events: MonitoringEvent[] = [];
  monitoring.subscribe((e) => events.push(e));
  assert.deepEqual(await retention.attach(monitoring), { ok: true });
  return { monitoring, retention, clock, log, events };
}

async function stopSite(site: Site): Promise<void> {
  await site.monitoring.stop();
  await site.retention.close();
}

async function withDirs(run: (dir: string, crashed: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'watchpost-retention-'));
  try {
    await run(join(root, 'var'), join(root, 'crashed'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** What `kill -9` now would leave: the files as they are (the kernel keeps what was written). */
function crash(dir: string, copy: string): void {
  rmSync(copy, { recursive: true, force: true });
  cpSync(dir, copy, { recursive: true });
}

function submit(site: Site, key: string, status: PluginStatus): void {
  assert.ok(site.monitoring.submitResult(key, resultOf(status, `status ${status}`)).ok, `submit ${key}`);
}

function command(site: Site, value: Parameters<Monitoring['command']>[0]): readonly number[] {
  const outcome = site.monitoring.command(value);
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome.ids;
}

const withoutTime = (s: MonitoringSnapshot): MonitoringSnapshot => ({ ...s, at: 0 });

/** Every kind of retained state: SOFT attempts, an acknowledgement, flapping, comments, a downtime, switches. */
async function busyDay(site: Site): Promise<void> {
  submit(site, 'h', 0);
  submit(site, 'h;s', 2);
  await advance(site.clock, 10);
  submit(site, 'h;s', 2);
  submit(site, 'h;t', 2);
  command(site, {
    kind: 'acknowledge',
    target: serviceRef('h', 't'),
    sticky: true,
    notify: false,
    persistent: false,
    author: 'ann',
    comment: 'on it',
  });
  for (const status of [2, 0, 2, 0, 2, 0, 2] as const) {
    await advance(site.clock, 5);
    submit(site, 'h;u', status);
  }
  command(site, { kind: 'add-comment', target: hostRef('h'), persistent: true, author: 'bob', comment: 'keep me' });
  command(site, { kind: 'add-comment', target: hostRef('h'), persistent: false, author: 'bob', comment: 'drop me' });
  command(site, {
    kind: 'schedule-downtime',
    target: serviceRef('h', 's'),
    start: START + 3600 * S,
    end: START + 7200 * S,
    fixed: true,
    durationMs: 0,
    triggeredBy: null,
    author: 'ann',
    comment: 'tonight',
  });
  command(site, { kind: 'set-switch', scope: serviceRef('h', 't'), name: 'notifications', enabled: false });
  command(site, { kind: 'set-switch', scope: 'global', name: 'eventHandlers', enabled: false });
}

test('a restart after kill -9 brings back states, attempts, acknowledgements, flapping, downtimes, comments and switches', async () => {
  await withDirs(async (dir, crashed) => {
    const first = await startSite(dir);
    await busyDay(first);
    assert.deepEqual(await first.retention.flush(), { ok: true });
    crash(dir, crashed);
    const before = first.monitoring.snapshot();
    await stopSite(first);

    assert.equal(
      before.objects.find((o) => o.hostName === 'h' && 'description' in o && o.description === 'u')?.flap.flapping,
      true,
    );
    const second = await startSite(crashed, first.clock.now());
    assert.deepEqual(second.retention.problems, []);
    const after = second.monitoring.snapshot();
    const expected = { ...before, comments: before.comments.filter((c) => c.text !== 'drop me') };
    assert.deepEqual(withoutTime(after), withoutTime(expected));
    assert.deepEqual(
      after.comments.map((c) => `${c.kind} ${c.text}`).sort(),
      [
        'acknowledgement on it',
        'downtime This service has been scheduled for fixed downtime from 11-14-2023 23:13:20 to 11-15-2023 00:13:20.  Notifications for the service will not be sent out during that time period.',
        'flapping ' + (before.comments.find((c) => c.kind === 'flapping')?.text ?? ''),
        'user keep me',
      ].sort(),
      'the non-persistent user comment is gone; the others belong to things still in force',
    );
    const s = second.monitoring.states().get('h;s');
    assert.equal(s?.state.kind, 'soft-problem');
    assert.equal(s.state.attempt, 2);
    await stopSite(second);
  });
});

test('changes not yet flushed are written within the flush interval without anyone asking', async () => {
  await withDirs(async (dir, crashed) => {
    const site = await startSite(dir);
    submit(site, 'h', 0);
    submit(site, 'h;t', 2);
    crash(dir, crashed);
    assert.equal(
      (await loadRetention(crashed)).snapshot?.objects.find((o) => o.hostName === 'h')?.state.kind,
      'pending',
    );
    site.clock.advance(100);
    await site.retention.flush();
    crash(dir, crashed);
    const loaded = await loadRetention(crashed);
    assert.deepEqual(
      loaded.snapshot?.objects.map((o) => o.state.kind),
      ['ok', 'pending', 'hard-problem', 'pending'],
    );
    await stopSite(site);
  });
});

/** `type verdict #number` of the notification decisions. */
const decisions = (events: readonly MonitoringEvent[]): string[] =>
  events.flatMap((e) =>
    e.kind === 'notification-decision'
      ? [`${e.type} ${e.decision.notify ? 'notify' : e.decision.reason} #${e.number}`]
      : [],
  );

test('a restart notifies no known problem again, and still notifies its recovery', async () => {
  await withDirs(async (dir, crashed) => {
    const first = await startSite(dir);
    submit(first, 'h', 0);
    submit(first, 'h;t', 2);
    assert.deepEqual(decisions(first.events), ['problem notify #1']);
    await first.retention.flush();
    crash(dir, crashed);
    await stopSite(first);

    const second = await startSite(crashed, first.clock.now() + 60 * S);
    submit(second, 'h;t', 2);
    await advance(second.clock, 60);
    submit(second, 'h;t', 2);
    assert.deepEqual(decisions(second.events), [], 'the problem was notified before the restart');
    await advance(second.clock, 60);
    submit(second, 'h;t', 0);
    assert.deepEqual(decisions(second.events), ['recovery notify #1']);
    await stopSite(second);
  });
});

test('a downtime that ended while the site was down ends at start, with its log lines and its comment', async () => {
  await withDirs(async (dir, crashed) => {
    const first = await startSite(dir);
    submit(first, 'h', 0);
    const [id] = command(first, {
      kind: 'schedule-downtime',
      target: serviceRef('h', 's'),
      start: START,
      end: START + 60 * S,
      fixed: true,
      durationMs: 0,
      triggeredBy: null,
      author: 'ann',
      comment: 'short',
    });
    await first.retention.flush();
    crash(dir, crashed);
    await stopSite(first);
    assert.ok(first.log.lines.some((l) => l.includes('SERVICE DOWNTIME ALERT: h;s;STARTED;')));

    const second = await startSite(crashed, START + 600 * S);
    assert.deepEqual(
      second.log.lines.filter((l) => l.includes('DOWNTIME')),
      ['+600 SERVICE DOWNTIME ALERT: h;s;STOPPED; Service has exited from a period of scheduled downtime'],
    );
    assert.deepEqual(second.monitoring.downtimes(), []);
    assert.equal(second.monitoring.comments().size, 0, 'the downtime took its comment along');
    crash(crashed, dir);
    const reloaded = await loadRetention(dir);
    assert.ok(!reloaded.snapshot?.downtimes.some((d) => d.id === id), 'the end is retained at once');
    await stopSite(second);
  });
});

test('a damaged journal is kept aside; the site continues from the batches before the damage', async () => {
  await withDirs(async (dir, crashed) => {
    const first = await startSite(dir);
    command(first, { kind: 'add-comment', target: hostRef('h'), persistent: true, author: 'a', comment: 'first' });
    await first.retention.flush();
    command(first, { kind: 'add-comment', target: hostRef('h'), persistent: true, author: 'a', comment: 'second' });
    await first.retention.flush();
    crash(dir, crashed);
    await stopSite(first);
    const [journal = ''] = readdirSync(crashed).filter((n) => segmentSeqOf(n) !== null);
    const path = join(crashed, journal);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"second"', '"secon!"'));

    const second = await startSite(crashed, START + 5 * S);
    assert.equal(second.retention.problems.length, 1);
    assert.match(second.retention.problems[0]?.reason ?? '', /checksum mismatch/);
    assert.deepEqual(
      [...second.monitoring.comments().values()].map((c) => c.text),
      ['first'],
    );
    const names = readdirSync(crashed);
    assert.ok(names.includes(`${journal}.corrupt-2023-11-14T22-13-25.000Z`), names.join(' '));
    assert.ok(!existsSync(path));
    assert.deepEqual((await loadRetention(crashed)).problems, [], 'the files are sound again');
    const [id] = command(second, {
      kind: 'add-comment',
      target: hostRef('h'),
      persistent: true,
      author: 'a',
      comment: 'third',
    });
    assert.equal(id, 2, 'the id of the lost comment is given again: nothing holds it');
    await stopSite(second);
  });
});

test('a journal past its size is compacted into a snapshot; a kill at any moment in between loses nothing flushed', async () => {
  await withDirs(async (dir, crashed) => {
    const site = await startSite(dir, START, { compactAfterBytes: 2000 });
    for (let i = 0; i < 40; i++) {
      command(site, { kind: 'add-comment', target: hostRef('h'), persistent: true, author: 'a', comment: `c${i}` });
      if (i % 3 === 0) submit(site, 'h;u', i % 2 === 0 ? 0 : 2);
      assert.deepEqual(await site.retention.flush(), { ok: true });
      crash(dir, crashed);
      const loaded = await loadRetention(crashed);
      assert.deepEqual(loaded.problems, []);
      assert.deepEqual(
        withoutTime(loaded.snapshot ?? site.monitoring.snapshot()),
        withoutTime(site.monitoring.snapshot()),
      );
    }
    await stopSite(site);
    const left = readdirSync(dir).sort();
    assert.equal(left.length, 2, left.join(' '));
    assert.ok(left.includes('retention.snapshot'));
  });
});

test('attach() after a reload keeps the new monitoring from then on', async () => {
  await withDirs(async (dir) => {
    const site = await startSite(dir);
    submit(site, 'h', 0);
    await site.monitoring.stop();
    const reloaded = startMonitoring({
      configuration: configurationOf(YAML),
      settings: TEST_SETTINGS,
      monitoringLog: memoryLog(),
      clock: site.clock,
      runPlugin: () => Promise.resolve(resultOf(3, 'not used')),
      initial: site.monitoring.snapshot(),
    });
    assert.deepEqual(await site.retention.attach(reloaded), { ok: true });
    assert.ok(reloaded.submitResult('h;t', resultOf(2, 'down')).ok);
    assert.ok(site.monitoring.submitResult('h;s', resultOf(2, 'ignored')).ok === false, 'the old one has stopped');
    await site.retention.flush();
    const loaded = await loadRetention(dir);
    assert.deepEqual(
      loaded.snapshot?.objects.map((o) => o.state.kind),
      ['ok', 'pending', 'hard-problem', 'pending'],
    );
    await reloaded.stop();
    await site.retention.close();
  });
});

test('when the journal cannot be begun, flush() says so; retention tries again and then holds everything', async () => {
  await withDirs(async (dir) => {
    const clock = new ManualClock(START);
    const retention = await openRetention({ dir, clock });
    // Something that is not a directory where var/ should be.
    writeFileSync(dir, 'not a directory');
    const monitoring = startMonitoring({
      configuration: configurationOf(YAML),
      settings: TEST_SETTINGS,
      monitoringLog: memoryLog(),
      clock,
      runPlugin: () => Promise.resolve(resultOf(3, 'not used')),
    });
    const attached = await retention.attach(monitoring);
    assert.equal(attached.ok, false);
    assert.ok(monitoring.submitResult('h;t', resultOf(2, 'down')).ok);
    const refused = await retention.flush();
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.error, /retention journal segment failed/);

    rmSync(dir);
    clock.advance(1000);
    assert.deepEqual(await retention.flush(), { ok: true }, 'the retry after a second began a journal and a snapshot');
    const loaded = await loadRetention(dir);
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.snapshot?.objects.find((o) => objectKey(o) === 'h;t')?.state.kind, 'hard-problem');
    await monitoring.stop();
    await retention.close();
  });
});

test('when a snapshot cannot be written, the journal keeps every change and the snapshot is tried again', async () => {
  await withDirs(async (dir, crashed) => {
    const site = await startSite(dir, START, { compactAfterBytes: 1000 });
    // A directory where the temporary snapshot file goes makes writing it fail.
    mkdirSync(join(dir, 'retention.snapshot.tmp', 'blocker'), { recursive: true });
    for (let i = 0; i < 10; i++) {
      command(site, { kind: 'add-comment', target: hostRef('h'), persistent: true, author: 'a', comment: `c${i}` });
      assert.deepEqual(await site.retention.flush(), { ok: true });
    }
    crash(dir, crashed);
    const during = await loadRetention(crashed);
    assert.deepEqual(during.problems, []);
    assert.equal(during.snapshot?.comments.length, 10, 'the journal holds what the snapshots could not');
    assert.ok(readdirSync(dir).filter((n) => segmentSeqOf(n) !== null).length > 1, 'old segments are kept');

    rmSync(join(dir, 'retention.snapshot.tmp'), { recursive: true });
    site.clock.advance(1000);
    await site.retention.flush();
    await stopSite(site);
    assert.equal(readdirSync(dir).filter((n) => segmentSeqOf(n) !== null).length, 1, 'once a snapshot landed');
    assert.equal((await loadRetention(dir)).snapshot?.comments.length, 10);
  });
});

test('results that emit no event are retained too: last check, output, the flap history of a repeated problem', async () => {
  await withDirs(async (dir, crashed) => {
    const site = await startSite(dir);
    submit(site, 'h', 0);
    submit(site, 'h;t', 2);
    await advance(site.clock, 30);
    const events = site.events.length;
    assert.ok(site.monitoring.submitResult('h;t', resultOf(2, 'still broken')).ok);
    assert.deepEqual(
      site.events.slice(events).map((e) => e.kind),
      ['passive-result'],
      'a repeated HARD problem changes no state',
    );
    await site.retention.flush();
    crash(dir, crashed);
    const t = (await loadRetention(crashed)).snapshot?.objects.find((o) => objectKey(o) === 'h;t');
    assert.equal(t?.state.kind === 'pending' ? null : t?.state.output, 'still broken');
    assert.equal(t?.state.kind === 'pending' ? null : t?.state.lastCheck, START + 30 * S);
    assert.deepEqual(t?.flap.history, [2, 2]);
    await stopSite(site);
  });
});

test('an acknowledgement with an end time keeps it across kill -9, and ends at start when it passed meanwhile', async () => {
  await withDirs(async (dir, crashed) => {
    const first = await startSite(dir);
    submit(first, 'h;t', 2);
    submit(first, 'h;u', 2);
    for (const [description, expires] of [
      ['t', START + 60 * S],
      ['u', START + 3600 * S],
    ] as const) {
      command(first, {
        kind: 'acknowledge',
        target: serviceRef('h', description),
        sticky: true,
        notify: false,
        persistent: false,
        author: 'ann',
        comment: 'for a while',
        expires,
      });
    }
    await first.retention.flush();
    crash(dir, crashed);
    await stopSite(first);

    const second = await startSite(crashed, START + 600 * S);
    const states = second.monitoring.states();
    assert.equal(states.get('h;t')?.acknowledgement, null, 'its end passed while the site was down');
    assert.equal(states.get('h;u')?.acknowledgement?.expires, START + 3600 * S);
    assert.deepEqual(
      second.log.lines.filter((l) => l.includes('ACKNOWLEDGE')),
      ['+600 SERVICE ACKNOWLEDGE ALERT: h;t;EXPIRED; Service problem acknowledge expired'],
    );
    assert.deepEqual(
      [...second.monitoring.comments().values()].map((c) => `${objectKey(c.target)} ${String(c.expires)}`),
      [`h;u ${START + 3600 * S}`],
    );
    await advance(second.clock, 3000);
    assert.equal(second.monitoring.states().get('h;u')?.acknowledgement, null);
    await second.retention.flush();
    crash(crashed, dir);
    const reloaded = await loadRetention(dir);
    assert.ok(
      reloaded.snapshot?.objects.every((o) => o.acknowledgement === null),
      'the expiry is retained like any other change',
    );
    await stopSite(second);
  });
});
