import { test } from 'node:test';
import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import type { ObjectType } from '../attributes.js';
import type { AttributeValue, Definition, TimePeriodLine } from '../definition.js';
import { Diagnostics, formatDiagnostic } from '../diagnostic.js';
import { definitionsFromNagios } from '../nagios/definitions-from-nagios.js';
import { readYamlObjects } from './read-yaml-objects.js';
import { formatCommandCall, formatDuration, writeYaml } from './write-yaml.js';

function definition(
  type: ObjectType,
  values: Record<string, AttributeValue>,
  extra: {
    custom?: Record<string, string>;
    labels?: Record<string, string>;
    rules?: TimePeriodLine[];
    services?: Definition[];
  } = {},
): Definition {
  return {
    type,
    source: { file: 'test.cfg', line: 1 },
    values: new Map(Object.entries(values)),
    lines: new Map(),
    customAttributes: new Map(Object.entries(extra.custom ?? {})),
    labels: new Map(Object.entries(extra.labels ?? {})),
    timePeriodLines: extra.rules ?? [],
    folder: '',
    ...(extra.services === undefined ? {} : { services: extra.services }),
  };
}

test('formatDuration() writes seconds in the largest whole unit', () => {
  const cases: [number, string][] = [
    [30, '30s'],
    [60, '1m'],
    [90, '90s'],
    [300, '5m'],
    [3600, '1h'],
    [5400, '90m'],
    [86400, '1d'],
    [0, '0s'],
    [0.5, '0.5s'],
  ];
  for (const [seconds, text] of cases) assert.equal(formatDuration(seconds), text, String(seconds));
});

test('formatCommandCall() writes name!arg and escapes ! in arguments', () => {
  assert.equal(formatCommandCall({ command: 'check_ping', args: [] }), 'check_ping');
  assert.equal(formatCommandCall({ command: 'check_http', args: ['-p', '8080'] }), 'check_http!-p!8080');
  assert.equal(formatCommandCall({ command: 'check_x', args: ['a!b', ''] }), 'check_x!a\\!b!');
});

test('writeYaml() writes one file per object type in the native format', () => {
  const files = writeYaml([
    definition(
      'host',
      {
        host_name: 'web01',
        address: '192.0.2.10',
        parents: ['core-sw1'],
        check_command: { command: 'check-host-alive', args: [] },
        check_interval: 300,
        notifications_enabled: false,
      },
      { custom: { SERIAL: 'A123', OS: 'debian' } },
    ),
    definition('service', {
      hostgroup_name: ['linux'],
      service_description: 'HTTP',
      check_command: { command: 'check_http', args: ['-p', '8080'] },
      max_check_attempts: 3,
    }),
    definition(
      'timeperiod',
      { timeperiod_name: 'workhours', alias: 'Work hours', exclude: ['holidays'] },
      {
        rules: [
          { key: 'monday', value: '09:00-17:00', line: 3 },
          { key: 'december 25', value: '00:00-24:00', line: 4 },
        ],
      },
    ),
    definition('host', { host_name: 'web02' }),
  ]);
  assert.deepEqual([...files.keys()], ['hosts.yaml', 'services.yaml', 'timeperiods.yaml']);
  assert.equal(
    files.get('hosts.yaml'),
    [
      'hosts:',
      '  - host_name: web01',
      '    address: 192.0.2.10',
      '    parents: [core-sw1]',
      '    check_command: check-host-alive',
      '    check_interval: 5m',
      '    notifications_enabled: false',
      '    custom: {serial: A123, os: debian}',
      '  - host_name: web02',
      '',
    ].join('\n'),
  );
  assert.equal(
    files.get('services.yaml'),
    [
      'services:',
      '  - hostgroup_name: [linux]',
      '    service_description: HTTP',
      '    check_command: check_http!-p!8080',
      '    max_check_attempts: 3',
      '',
    ].join('\n'),
  );
  assert.equal(
    files.get('timeperiods.yaml'),
    [
      'timeperiods:',
      '  - timeperiod_name: workhours',
      '    alias: Work hours',
      '    exclude: [holidays]',
      '    ranges: {monday: 09:00-17:00, december 25: 00:00-24:00}',
      '',
    ].join('\n'),
  );
});

test('writeYaml() quotes whatever YAML would otherwise read differently', () => {
  const tricky = [
    'yes',
    'no',
    'null',
    '~',
    'true',
    '123',
    '0x1F',
    '1e3',
    '2024-01-01',
    ': x',
    '- a',
    '# not a comment',
    'a # b',
    "it's",
    '"quoted"',
    ' leading blank',
    'trailing blank ',
    '{a: 1}',
    '[a]',
    '*alias',
    '&anchor',
    '!tag',
    '@at',
    '%percent',
    '`back`',
    'a, b',
    'line\nbreak',
    '',
    'ünïcödé ✓',
  ];
  const files = writeYaml(
    tricky.map((text, i) =>
      definition('host', { host_name: `h${i}`, alias: text, parents: [text || 'x'] }, { custom: { X: text } }),
    ),
  );
  const loaded = yaml.load(files.get('hosts.yaml') ?? '', { schema: yaml.CORE_SCHEMA }) as {
    hosts: { alias: unknown; parents: unknown[]; custom: { x: unknown } }[];
  };
  tricky.forEach((text, i) => {
    assert.equal(loaded.hosts[i]?.alias, text, JSON.stringify(text));
    assert.equal(loaded.hosts[i]?.parents[0], text || 'x', JSON.stringify(text));
    assert.equal(loaded.hosts[i]?.custom.x, text, JSON.stringify(text));
  });
});

test('writeYaml() writes services under their host without host_name', () => {
  const service = definition('service', { host_name: ['web01'], service_description: 'HTTP' });
  const files = writeYaml([definition('host', { host_name: 'web01' }, { services: [service] })]);
  const loaded = yaml.load(files.get('hosts.yaml') ?? '') as { hosts: Record<string, unknown>[] };
  assert.deepEqual(loaded.hosts[0], { host_name: 'web01', services: [{ service_description: 'HTTP' }] });
});

test('writeYaml() output reads back to the same definitions', () => {
  const nagios = [
    'define host {',
    '  name generic',
    '  check_interval 5',
    '  retry_interval 0.5',
    '  contact_groups admins',
    '  register 0',
    '}',
    'define host {',
    '  use generic',
    '  host_name web01',
    '  alias Web: the "front" #1',
    '  address 192.0.2.10',
    '  parents core-sw1,core-sw2',
    '  notification_options d,u,r',
    '  check_command check_http!-u /a\\!b!-p 8080',
    '  _SERIAL 00123',
    '  _OS debian',
    '}',
    'define service {',
    '  hostgroup_name linux,!web',
    '  host_name *',
    '  service_description Disk /',
    '  check_command check_nrpe!check_disk!-w 20% -c 10%',
    '  notification_interval 0',
    '  is_volatile 1',
    '  low_flap_threshold 5.5',
    '}',
    'define timeperiod {',
    '  timeperiod_name misc',
    '  monday 3 - thursday 4   00:00-24:00',
    '  day 1 - 15 / 2   08:00-12:00,13:00-17:00',
    '  exclude holidays',
    '}',
    'define contact {',
    '  contact_name ann',
    '  host_notification_commands notify-mail,notify-sms!urgent',
    '}',
    'define hostdependency {',
    '  host_name db',
    '  dependent_host_name web01',
    '  execution_failure_criteria d,u',
    '}',
    'define command {',
    '  command_line $USER1$/check_http -H \'$HOSTADDRESS$\' -u "$ARG1$"',
    '  command_name check_http',
    '}',
  ].join('\n');
  const diagnostics = new Diagnostics();
  const original = definitionsFromNagios([{ file: 'objects.cfg', text: nagios, folder: '' }], {
    intervalLength: 60,
    diagnostics,
  });
  assert.deepEqual(diagnostics.items.map(formatDiagnostic), []);
  const reread: Definition[] = [];
  for (const [file, text] of writeYaml(original)) {
    reread.push(...readYamlObjects(text, { file, folder: '', diagnostics }));
  }
  assert.deepEqual(diagnostics.items.map(formatDiagnostic), []);
  const comparable = (def: Definition): unknown => ({
    type: def.type,
    values: Object.fromEntries(def.values),
    custom: Object.fromEntries(def.customAttributes),
    rules: def.timePeriodLines.map((rule) => [rule.key, rule.value]),
  });
  const byName = (defs: Definition[]): unknown[] =>
    defs.map(comparable).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  assert.deepEqual(byName(reread), byName(original));
});
