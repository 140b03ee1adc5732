import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Definition } from '../definition.js';
import { Diagnostics, formatDiagnostic } from '../diagnostic.js';
import { definitionsFromNagios } from './definitions-from-nagios.js';

/** Reads object files given as name → text (one file `objects.cfg` when a string). */
function read(
  files: string | Record<string, string>,
  intervalLength = 60,
): { definitions: Definition[]; messages: string[] } {
  const diagnostics = new Diagnostics();
  const texts =
    typeof files === 'string'
      ? [{ file: 'objects.cfg', text: files, folder: '' }]
      : Object.entries(files).map(([file, text]) => ({ file, text, folder: file.includes('/') ? 'sub' : '' }));
  const definitions = definitionsFromNagios(texts, { intervalLength, diagnostics });
  return { definitions, messages: diagnostics.items.map(formatDiagnostic) };
}

function only(definitions: readonly Definition[]): Definition {
  assert.equal(definitions.length, 1, 'one definition');
  const [def] = definitions;
  assert.ok(def !== undefined);
  return def;
}

test('definitionsFromNagios() converts each directive to the type the attribute table names', () => {
  const cases: { name: string; text: string; values: Record<string, unknown>; intervalLength?: number }[] = [
    {
      name: 'names, text, numbers, booleans',
      text: 'define host {\n host_name web01\n alias Web 01\n max_check_attempts 5\n notifications_enabled 0\n}',
      values: { host_name: 'web01', alias: 'Web 01', max_check_attempts: 5, notifications_enabled: false },
    },
    {
      name: 'intervals in units of 60 seconds by default',
      text: 'define host {\n host_name a\n check_interval 5\n retry_interval 0.5\n}',
      values: { host_name: 'a', check_interval: 300, retry_interval: 30 },
    },
    {
      name: 'intervals in units of interval_length',
      text: 'define host {\n host_name a\n check_interval 3\n}',
      intervalLength: 10,
      values: { host_name: 'a', check_interval: 30 },
    },
    {
      name: 'old names are stored under the real name',
      text: 'define service {\n host_name a\n normal_check_interval 2\n retry_check_interval 1\n}',
      values: { host_name: ['a'], check_interval: 120, retry_interval: 60 },
    },
    {
      name: 'lists, options and commands',
      text: [
        'define host {',
        ' host_name a',
        ' parents core1, core2',
        ' notification_options d,u,r',
        ' check_command check_tcp!80!-w 2\\!3',
        ' event_handler restart',
        '}',
      ].join('\n'),
      values: {
        host_name: 'a',
        parents: ['core1', 'core2'],
        notification_options: ['d', 'u', 'r'],
        check_command: { command: 'check_tcp', args: ['80', '-w 2!3'] },
        event_handler: { command: 'restart', args: [] },
      },
    },
    {
      name: 'a list of commands',
      text: 'define contact {\n contact_name x\n host_notification_commands notify-a,notify-b!x\n}',
      values: {
        contact_name: 'x',
        host_notification_commands: [
          { command: 'notify-a', args: [] },
          { command: 'notify-b', args: ['x'] },
        ],
      },
    },
    {
      name: 'the value null leaves the attribute unset',
      text: 'define host {\n host_name a\n notes null\n}',
      values: { host_name: 'a' },
    },
    {
      name: 'an escaped semicolon in a command line',
      text: 'define command {\n command_name x\n command_line echo a\\;b ; comment\n}',
      values: { command_name: 'x', command_line: 'echo a;b' },
    },
    {
      name: 'a user (Watchpost object type)',
      text: 'define user {\n user_name ann\n role admin\n folders a,b\n}',
      values: { user_name: 'ann', role: 'admin', folders: ['a', 'b'] },
    },
  ];
  for (const c of cases) {
    const { definitions, messages } = read(c.text, c.intervalLength);
    assert.deepEqual(messages, [], c.name);
    assert.deepEqual(Object.fromEntries(only(definitions).values), c.values, c.name);
  }
});

test('definitionsFromNagios() records where each definition and attribute was written', () => {
  const { definitions } = read({
    'a.cfg': '# hosts\n\ndefine host {\n  host_name web01\n\n  address 192.0.2.1\n}\n',
    'dir/b.cfg': 'define command {\n command_name x\n}\n',
  });
  const [host, command] = definitions;
  assert.deepEqual(host?.source, { file: 'a.cfg', line: 3 });
  assert.deepEqual(Object.fromEntries(host?.lines ?? []), { host_name: 4, address: 6 });
  assert.equal(host?.folder, '');
  assert.equal(command?.folder, 'sub');
  assert.equal(host?.type, 'host');
  assert.equal(command?.type, 'command');
});

test('definitionsFromNagios() keeps custom attributes apart, upper-cased without the underscore', () => {
  const { definitions, messages } = read('define host {\n host_name a\n _serial A123\n _SNMP_COMMUNITY public x\n}');
  assert.deepEqual(messages, []);
  const def = only(definitions);
  assert.deepEqual(Object.fromEntries(def.customAttributes), { SERIAL: 'A123', SNMP_COMMUNITY: 'public x' });
  assert.equal(def.values.has('_serial'), false);
});

test('definitionsFromNagios() splits time period lines into rules, the key holding blanks', () => {
  const text = [
    'define timeperiod {',
    '  timeperiod_name  misc',
    '  alias            Misc days',
    '  monday           00:00-09:00,17:00-24:00',
    '  monday 3 - thursday 4   00:00-24:00',
    '  day 1 - 15 / 2   08:00-12:00',
    '  2007-01-01 - 2008-02-01 / 3  00:00-24:00 ; every 3 days',
    '  exclude          holidays, us-holidays',
    '}',
  ].join('\n');
  const { definitions, messages } = read(text);
  assert.deepEqual(messages, []);
  const def = only(definitions);
  assert.deepEqual(Object.fromEntries(def.values), {
    timeperiod_name: 'misc',
    alias: 'Misc days',
    exclude: ['holidays', 'us-holidays'],
  });
  assert.deepEqual(def.timePeriodLines, [
    { key: 'monday', value: '00:00-09:00,17:00-24:00', line: 4 },
    { key: 'monday 3 - thursday 4', value: '00:00-24:00', line: 5 },
    { key: 'day 1 - 15 / 2', value: '08:00-12:00', line: 6 },
    { key: '2007-01-01 - 2008-02-01 / 3', value: '00:00-24:00', line: 7 },
  ]);
});

test('definitionsFromNagios() reports wrong names and values at their line', () => {
  const cases: { name: string; text: string; messages: string[]; values?: Record<string, unknown> }[] = [
    {
      name: 'unknown attribute with a suggestion',
      text: 'define host {\n host_name a\n adress 192.0.2.1\n}',
      messages: ["objects.cfg:3: error: unknown host attribute 'adress' (did you mean 'address'?)"],
      values: { host_name: 'a' },
    },
    {
      name: 'unknown attribute without a suggestion',
      text: 'define command {\n command_name a\n frobnicate 1\n}',
      messages: ["objects.cfg:3: error: unknown command attribute 'frobnicate'"],
    },
    {
      name: 'an attribute of another object type',
      text: 'define hostgroup {\n hostgroup_name g\n address x\n}',
      messages: ["objects.cfg:3: error: unknown hostgroup attribute 'address'"],
    },
    {
      name: 'a value that does not convert names the attribute',
      text: 'define host {\n host_name a\n max_check_attempts many\n check_interval 5m\n}',
      messages: [
        "objects.cfg:3: error: host attribute 'max_check_attempts': expected a number, got 'many'",
        "objects.cfg:4: error: host attribute 'check_interval': expected a number of time units, got '5m'",
      ],
      values: { host_name: 'a' },
    },
    {
      name: 'bad booleans and options',
      text: 'define service {\n host_name a\n is_volatile yes\n notification_options w,x\n}',
      messages: [
        "objects.cfg:3: error: service attribute 'is_volatile': expected 0 or 1, got 'yes'",
        "objects.cfg:4: error: service attribute 'notification_options': unknown option 'x' (allowed: w, u, c, r, f, s, n)",
      ],
    },
    {
      name: 'unknown object type with a suggestion',
      text: 'define hots {\n host_name a\n}\ndefine command {\n command_name c\n}',
      messages: ["objects.cfg:1: error: unknown object type 'hots' (did you mean 'host'?)"],
      values: { command_name: 'c' },
    },
    {
      name: 'custom attributes only on hosts, services and contacts',
      text: 'define hostgroup {\n hostgroup_name g\n _SERIAL 1\n}',
      messages: [
        "objects.cfg:3: error: custom attribute '_SERIAL' on a hostgroup: only hosts, services and contacts have custom attributes",
      ],
    },
    {
      name: 'a custom attribute without a name',
      text: 'define host {\n host_name a\n _ 1\n}',
      messages: ["objects.cfg:3: error: custom attribute without a name after '_'"],
    },
    {
      name: 'a misspelt time period attribute',
      text: 'define timeperiod {\n timeperiod_nmae t\n}',
      messages: [
        "objects.cfg:2: error: unknown timeperiod attribute 'timeperiod_nmae' (did you mean 'timeperiod_name'?)",
      ],
    },
    {
      name: 'a time period rule without ranges',
      text: 'define timeperiod {\n timeperiod_name t\n monday 9-17\n}',
      messages: ["objects.cfg:3: error: time period rule 'monday 9-17' has no time ranges such as 09:00-17:00"],
    },
    {
      name: 'register other than 0 or 1',
      text: 'define host {\n host_name a\n register no\n}',
      messages: ["objects.cfg:3: error: 'register' must be 0 (a template only) or 1, got 'no'"],
    },
    {
      name: 'a template without a name',
      text: 'define host {\n alias a\n register 0\n}',
      messages: [
        "objects.cfg:3: warning: 'register 0' without 'name': nothing can use this template (add 'name <template name>')",
      ],
    },
    {
      name: 'use and name without a value',
      text: 'define host {\n host_name a\n use\n name\n}',
      messages: [
        "objects.cfg:3: error: 'use' needs the name of a template",
        "objects.cfg:4: error: 'name' needs a template name",
      ],
    },
    {
      name: 'an attribute set twice: a warning, the last value counts',
      text: 'define host {\n host_name a\n alias one\n alias two\n}',
      messages: [
        "objects.cfg:4: warning: 'alias' is set again in this definition (first at line 3); the last value counts",
      ],
      values: { host_name: 'a', alias: 'two' },
    },
    {
      name: 'an attribute set twice under its old and new name',
      text: 'define host {\n host_name a\n normal_check_interval 1\n check_interval 2\n}',
      messages: [
        "objects.cfg:4: warning: 'check_interval' is set again in this definition (first at line 3); the last value counts",
      ],
      values: { host_name: 'a', check_interval: 120 },
    },
  ];
  for (const c of cases) {
    const { definitions, messages } = read(c.text);
    assert.deepEqual(messages, c.messages, c.name);
    if (c.values !== undefined) assert.deepEqual(Object.fromEntries(only(definitions).values), c.values, c.name);
  }
});

test('definitionsFromNagios() notes an ignored attribute once per name and file, and drops it', () => {
  const host = (name: string): string =>
    `define host {\n host_name ${name}\n statusmap_image x.png\n 2d_coords 1,2\n statusmap_image y.png\n}\n`;
  const { definitions, messages } = read({ 'a.cfg': host('a') + host('b'), 'b.cfg': host('c') });
  assert.deepEqual(messages, [
    "a.cfg:3: notice: host attribute 'statusmap_image' is read and ignored: Nagios status map image; read and ignored.",
    "a.cfg:4: notice: host attribute '2d_coords' is read and ignored: Nagios status map coordinates; read and ignored.",
    "b.cfg:3: notice: host attribute 'statusmap_image' is read and ignored: Nagios status map image; read and ignored.",
    "b.cfg:4: notice: host attribute '2d_coords' is read and ignored: Nagios status map coordinates; read and ignored.",
  ]);
  for (const def of definitions) assert.deepEqual([...def.values.keys()], ['host_name']);
});

test('definitionsFromNagios() reads hostextinfo and serviceextinfo, notes it once and drops them', () => {
  const ext = 'define hostextinfo {\n host_name a\n icon_image x.png\n}\n';
  const sext = 'define serviceextinfo {\n host_name a\n service_description b\n}\n';
  const { definitions, messages } = read(ext + ext + sext + 'define command {\n command_name c\n}\n');
  assert.deepEqual(messages, [
    'objects.cfg:1: notice: hostextinfo is read and ignored',
    'objects.cfg:9: notice: serviceextinfo is read and ignored',
  ]);
  assert.deepEqual(
    definitions.map((d) => d.type),
    ['command'],
  );
});

test('definitionsFromNagios() reads a block written with the names of the block before it as it reads it alone', () => {
  // The block under test follows a host written with the same names in the same order (whose
  // plan it then takes) or with the same names in another order (so it is read on its own);
  // both leaders have as many lines, so both readings must say the same at the same lines.
  const template = 'define host {\n name generic\n parents core1\n notes from the template\n register 0\n}\n';
  const cases: { name: string; directives: readonly (readonly [string, string])[] }[] = [
    {
      name: 'plain values',
      directives: [
        ['use', 'generic'],
        ['host_name', 'b'],
        ['alias', 'B'],
        ['max_check_attempts', '4'],
        ['_SERIAL', 'SN2'],
      ],
    },
    {
      name: 'null cancels an inherited value',
      directives: [
        ['use', 'generic'],
        ['host_name', 'b'],
        ['notes', 'null'],
      ],
    },
    {
      name: 'a + list appends to the inherited list',
      directives: [
        ['use', 'generic'],
        ['host_name', 'b'],
        ['parents', '+core2'],
      ],
    },
    {
      name: 'a bad value is reported at its line',
      directives: [
        ['use', 'generic'],
        ['host_name', 'b'],
        ['max_check_attempts', 'many'],
      ],
    },
    {
      name: 'an old name is stored under the real name',
      directives: [
        ['host_name', 'b'],
        ['normal_check_interval', '2'],
      ],
    },
  ];
  const block = (directives: readonly (readonly [string, string])[]): string =>
    `define host {\n${directives.map(([name, value]) => ` ${name} ${value}\n`).join('')}}\n`;
  const leaderValue = (name: string): string =>
    name === 'use' ? 'generic' : name === 'max_check_attempts' || name === 'normal_check_interval' ? '3' : 'a';
  for (const { name, directives } of cases) {
    const leader = directives.map(([key]) => [key, leaderValue(key)] as const);
    const planned = read(template + block(leader) + block(directives));
    const alone = read(template + block([...leader].reverse()) + block(directives));
    const [plannedDef, aloneDef] = [planned.definitions[1], alone.definitions[1]];
    assert.ok(plannedDef !== undefined && aloneDef !== undefined, name);
    assert.deepEqual([...plannedDef.values], [...aloneDef.values], `${name}: values`);
    assert.deepEqual([...plannedDef.lines], [...aloneDef.lines], `${name}: lines`);
    assert.deepEqual([...plannedDef.customAttributes], [...aloneDef.customAttributes], `${name}: custom attributes`);
    assert.deepEqual(planned.messages, alone.messages, `${name}: messages`);
  }
});
