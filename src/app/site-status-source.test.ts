// The status source over a real engine (manual clock, scripted plugins): what Livestatus shows
// after acknowledgements, downtimes, comments and switch changes, and external commands with
// AuthUser translated against the running monitoring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../config/diagnostic.js';
import { readSiteSettings, type SiteSettings } from '../config/site-settings.js';
import { parseYaml } from '../config/yaml/parse-yaml.js';
import { ManualClock } from '../engine/manual-clock.js';
import {
  START,
  TEST_SETTINGS,
  advance,
  configurationOf,
  memoryLog,
  scriptedRunner,
} from '../engine/monitoring-for-tests.js';
import { startMonitoring } from '../engine/start-monitoring.js';
import type { PluginStatus } from '../model/check-result.js';
import type { Configuration } from '../model/objects.js';
import { hostRef, serviceRef } from '../model/object-ref.js';
import { RecordingCommandSink } from '../testing/fake-status-source.js';
import { converse } from '../testing/livestatus-script.js';
import { parseCommand } from '../livestatus/parse-command.js';
import { toMonitoringCommands } from '../livestatus/to-monitoring-commands.js';
import { RenderedRowCache } from '../livestatus/rendered-rows.js';
import { siteStatusSource } from './site-status-source.js';

/** A running engine over `configuration` on a manual clock, its plugins answering from `script`. */
function monitor(configuration: Configuration, script: Record<string, PluginStatus[]>) {
  const clock = new ManualClock(START);
  const monitoring = startMonitoring({
    configuration,
    settings: TEST_SETTINGS,
    monitoringLog: memoryLog(),
    clock,
    runPlugin: scriptedRunner(script),
  });
  return { clock, monitoring };
}

/** The settings of a site named s1 with every default, read as watchpost.yaml is read. */
function siteSettings(): SiteSettings {
  const parsed = parseYaml('site: s1\n');
  assert.ok(parsed.ok);
  return readSiteSettings(parsed.value, parsed.lines, {
    file: 'watchpost.yaml',
    defaultSite: 's1',
    diagnostics: new Diagnostics(),
  });
}

test('siteStatusSource() shows what the engine keeps: acknowledgement, downtime, comments, switches, queue', async () => {
  const configuration = configurationOf(`commands:
  - {command_name: c, command_line: 'c $SERVICEDESC$'}
contacts:
  - {contact_name: ann}
hosts:
  - host_name: h
    services:
      - {service_description: a, check_command: c, check_interval: 60s, max_check_attempts: 1, contacts: [ann]}
      - {service_description: b, check_command: c, check_interval: 60s}
`);
  const settings = siteSettings();
  const { clock, monitoring } = monitor(configuration, { 'c a': [2, 2, 2, 2, 2], 'c b': [0, 0, 0, 0, 0] });
  try {
    await advance(clock, 120);
    const ack = monitoring.command({
      kind: 'acknowledge',
      target: serviceRef('h', 'a'),
      sticky: true,
      notify: false,
      persistent: false,
      author: 'ann',
      comment: 'mine',
    });
    assert.ok(ack.ok, JSON.stringify(ack));
    const now = clock.now();
    const downtime = monitoring.command({
      kind: 'schedule-downtime',
      target: hostRef('h'),
      start: now - 1000,
      end: now + 3_600_000,
      fixed: true,
      durationMs: 0,
      triggeredBy: null,
      author: 'ops',
      comment: 'work',
    });
    assert.ok(downtime.ok, JSON.stringify(downtime));
    assert.ok(
      monitoring.command({ kind: 'set-switch', scope: serviceRef('h', 'b'), name: 'notifications', enabled: false }).ok,
    );
    await advance(clock, 1);

    const source = siteStatusSource(() => ({ configuration, settings, monitoring, startedAt: START }), 99);
    const ask = (request: string) =>
      converse({
        request: `${request}\n\n`,
        source,
        commands: new RecordingCommandSink(),
        clock: { now: clock.now() },
      });

    const services = await ask(
      'GET services\nColumns: description state acknowledged acknowledgement_type notifications_enabled modified_attributes_list handled comments_with_info\nOutputFormat: json',
    );
    assert.deepEqual(JSON.parse(services), [
      ['a', 2, 1, 2, 1, [], 1, [[1, 'ann', 'mine']]],
      ['b', 0, 0, 0, 0, ['notifications_enabled'], 0, []],
    ]);
    const host = await ask('GET hosts\nColumns: name scheduled_downtime_depth downtimes_with_info\nOutputFormat: json');
    assert.deepEqual(JSON.parse(host), [['h', 1, [[1, 'ops', 'work']]]]);
    const downtimes = await ask('GET downtimes\nColumns: id host_name author is_pending\nOutputFormat: json');
    assert.deepEqual(JSON.parse(downtimes), [[1, 'h', 'ops', 0]]);
    const next = await ask('GET services\nColumns: next_check\nFilter: description = a');
    assert.ok(Number(next) * 1000 > clock.now() - 60_000 && Number(next) * 1000 <= clock.now() + 60_000, next);

    // DEL_ALL_SVC_COMMENTS with AuthUser, translated against the running monitoring.
    const command = parseCommand('DEL_ALL_SVC_COMMENTS;h;a');
    assert.equal(command.kind, 'command');
    if (command.kind !== 'command') return;
    const allowed = toMonitoringCommands(
      { ...command.command, authUser: 'ann' },
      configuration,
      clock.now(),
      monitoring,
    );
    assert.ok(allowed.ok && allowed.commands.length > 0, JSON.stringify(allowed));
  } finally {
    await monitoring.stop();
  }
});

test('siteStatusSource() shows a service status replaced after it was read, and the new monitoring after a reload', async () => {
  const yaml = `commands:
  - {command_name: c, command_line: 'c $SERVICEDESC$'}
hosts:
  - host_name: h
    services:
      - {service_description: a, check_command: c, check_interval: 1d, max_check_attempts: 1}
`;
  const settings = siteSettings();
  const clock = new ManualClock(START);
  const start = () => {
    const configuration = configurationOf(yaml);
    const monitoring = startMonitoring({
      configuration,
      settings: TEST_SETTINGS,
      monitoringLog: memoryLog(),
      clock,
      runPlugin: scriptedRunner({}),
    });
    return { configuration, settings, monitoring, startedAt: START };
  };
  let running = start();
  const first = running.monitoring;
  try {
    const source = siteStatusSource(() => running, 99);
    const ask = () =>
      converse({
        request: 'GET services\nColumns: state plugin_output\n\n',
        source,
        commands: new RecordingCommandSink(),
        clock: { now: clock.now() },
      });
    const passive = (status: 0 | 1 | 2 | 3, output: string) =>
      running.monitoring.submitResult('h;a', { status, output, longOutput: '', perfdata: '', durationMs: 0 });
    const steps: readonly (readonly [0 | 1 | 2 | 3, string, string])[] = [
      [2, 'CRITICAL - first', '2;CRITICAL - first\n'],
      [0, 'OK - second', '0;OK - second\n'],
      [1, 'WARNING - third', '1;WARNING - third\n'],
    ];
    await advance(clock, 1);
    // The first regular check (the scripted plugin answers UNKNOWN), then passive results.
    assert.equal(await ask(), '3;UNKNOWN - c a\n');
    for (const [status, output, expected] of steps) {
      assert.ok(passive(status, output).ok);
      await advance(clock, 1);
      assert.equal(await ask(), expected);
      assert.equal(await ask(), expected, 'read twice');
    }
    // A reload: another monitoring, whose service starts pending.
    running = start();
    assert.equal(await ask(), '0;\n');
    await advance(clock, 1);
    assert.equal(await ask(), '3;UNKNOWN - c a\n');
    assert.ok(passive(1, 'WARNING - after reload').ok);
    await advance(clock, 1);
    assert.equal(await ask(), '1;WARNING - after reload\n');
  } finally {
    await first.stop();
    await running.monitoring.stop();
  }
});

test('siteStatusSource() reads service states by id and follows every change the engine makes', async () => {
  const configuration = configurationOf(`commands:
  - {command_name: c, command_line: 'c $SERVICEDESC$'}
hosts:
  - host_name: h
    services:
      - {service_description: a, check_command: c, check_interval: 60s, max_check_attempts: 1}
      - {service_description: b, check_command: c, check_interval: 60s, max_check_attempts: 1}
`);
  const settings = siteSettings();
  assert.deepEqual(
    [...configuration.services.values()].map((s) => s.id),
    [0, 1],
  );
  const { clock, monitoring } = monitor(configuration, { 'c a': [2, 1, 0, 3], 'c b': [0, 0, 2, 2] });
  const running = { configuration, settings, monitoring, startedAt: START };
  const source = siteStatusSource(() => running, 4242);
  const converseOnce = (request: string) =>
    converse({ request, source, commands: new RecordingCommandSink(), clock: { now: clock.now() } });
  const ask = async () =>
    (await converseOnce('GET services\nColumns: description state\nFilter: state >= 0\n\n')) +
    (await converseOnce('GET services\nStats: state = 2\n\n'));
  try {
    // Pending services read 0; each check that follows must show at once, with no stale slot.
    assert.equal(await ask(), 'a;0\nb;0\n0\n');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      await advance(clock, 60);
      seen.push(await ask());
    }
    assert.deepEqual(seen, ['a;2\nb;0\n1\n', 'a;1\nb;0\n0\n', 'a;0\nb;2\n1\n', 'a;3\nb;2\n1\n']);
  } finally {
    await monitoring.stop();
  }
});

test('siteStatusSource() reads by service id without mixing up configurations; versions follow the status', async () => {
  const yaml = (first: string, second: string) => `commands:
  - {command_name: c, command_line: 'c $SERVICEDESC$'}
hosts:
  - host_name: h
    services:
      - {service_description: ${first}, check_command: c, check_interval: 60s, max_check_attempts: 1}
      - {service_description: ${second}, check_command: c, check_interval: 60s, max_check_attempts: 1}
`;
  const configuration = configurationOf(yaml('a', 'b'));
  // The same services in the other order: the same ids name other services.
  const reordered = configurationOf(yaml('b', 'a'));
  const settings = siteSettings();
  const { clock, monitoring } = monitor(configuration, { 'c a': [2, 2, 2, 2], 'c b': [0, 0, 0, 0] });
  try {
    await advance(clock, 120);
    let running = { configuration, settings, monitoring, startedAt: START };
    const source = siteStatusSource(() => running, 99);
    const service = (of: Configuration, description: string) => {
      const found = of.services.get(`h;${description}`);
      assert.ok(found !== undefined);
      return found;
    };
    const [a, b, otherB] = [service(configuration, 'a'), service(configuration, 'b'), service(reordered, 'b')];
    assert.deepEqual([a.id, b.id, otherB.id], [0, 1, 0]);
    const stateOf = source.serviceStateIds?.();
    const versionOf = source.serviceStatusVersions?.();
    assert.ok(stateOf !== undefined && versionOf !== undefined);
    assert.deepEqual([stateOf(a), stateOf(a, 0), stateOf(b, 1)], [2, 2, 0]);
    assert.equal(source.serviceStatus(a, 0)?.state.kind, 'hard-problem');
    const first = versionOf(a, 0);
    assert.equal(versionOf(a), first, 'the same status, the same version');
    assert.notEqual(versionOf(b, 1), first);
    // A service of another configuration never reads the slot its id has here.
    assert.equal(stateOf(otherB), 0);
    assert.equal(source.serviceStatus(otherB)?.state.kind, 'ok');
    assert.ok(Number.isNaN(versionOf(otherB)), 'no version, so no kept row');

    // Scans read states and kept rows by id: a changed status shows at once, kept rows or not.
    const renderedRows = new RenderedRowCache();
    const scan = (cache?: RenderedRowCache) =>
      converse({
        request: 'GET services\nColumns: description state plugin_output\nFilter: state != 3\nOutputFormat: json\n\n',
        source,
        commands: new RecordingCommandSink(),
        clock: { now: clock.now() },
        ...(cache === undefined ? {} : { renderedRows: cache }),
      });
    const before = await scan();
    for (let i = 0; i < 3; i++) assert.equal(await scan(renderedRows), before);
    assert.ok(
      monitoring.submitResult('h;a', { status: 1, output: 'w', longOutput: '', perfdata: '', durationMs: 0 }).ok,
    );
    await advance(clock, 1);
    const changed = source.serviceStatusVersions?.();
    assert.equal(source.serviceStateIds?.()(a, 0), 1, 'a new status is read at once');
    assert.notEqual(changed?.(a, 0), first);
    const after = await scan(renderedRows);
    assert.equal(after, await scan());
    assert.match(after, /\["a",1,"w"\]/);

    running = { ...running, configuration: reordered };
    const reloaded = source.serviceStateIds?.();
    assert.deepEqual([reloaded?.(otherB, 0), reloaded?.(service(reordered, 'a'), 1)], [0, 1]);
    const earlier = [first, versionOf(b, 1), changed?.(a, 0) ?? NaN];
    const reloadedVersion = source.serviceStatusVersions?.()(otherB, 0) ?? NaN;
    assert.ok(
      earlier.every((version) => reloadedVersion > version),
      `${reloadedVersion} after ${earlier.join(', ')}: versions never come back`,
    );
  } finally {
    await monitoring.stop();
  }
});
