import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeSource } from '../definition.js';
import type { Definition } from '../definition.js';
import { Diagnostics, formatDiagnostic } from '../diagnostic.js';
import { definitionsFromNagios } from './definitions-from-nagios.js';

function read(files: string | Record<string, string>): { definitions: Definition[]; messages: string[] } {
  const diagnostics = new Diagnostics();
  const texts =
    typeof files === 'string'
      ? [{ file: 'objects.cfg', text: files, folder: '' }]
      : Object.entries(files).map(([file, text]) => ({ file, text, folder: '' }));
  const definitions = definitionsFromNagios(texts, { intervalLength: 60, diagnostics });
  return { definitions, messages: diagnostics.items.map(formatDiagnostic) };
}

/** `define <type> {` with `name value` lines from a record. */
function define(type: string, directives: Record<string, string>): string {
  const lines = Object.entries(directives).map(([name, value]) => `  ${name} ${value}`);
  return `define ${type} {\n${lines.join('\n')}\n}\n`;
}

function valuesOf(def: Definition | undefined): Record<string, unknown> {
  return Object.fromEntries(def?.values ?? []);
}

test('templates: an object inherits what it does not set; register 0 makes a template only', () => {
  const cases: { name: string; text: string; values: Record<string, unknown>[] }[] = [
    {
      name: 'one template',
      text:
        define('host', { name: 'generic', check_interval: '5', notes: 'from template', register: '0' }) +
        define('host', { use: 'generic', host_name: 'a', notes: 'own' }),
      values: [{ check_interval: 300, notes: 'own', host_name: 'a' }],
    },
    {
      name: 'a template that is also an object (name, no register 0)',
      text:
        define('host', { name: 'base', host_name: 'base-host', alias: 'Base' }) +
        define('host', { use: 'base', host_name: 'b' }),
      values: [
        { host_name: 'base-host', alias: 'Base' },
        { host_name: 'b', alias: 'Base' },
      ],
    },
    {
      name: 'several templates: the left-most wins',
      text:
        define('host', { name: 'left', alias: 'from left', register: '0' }) +
        define('host', { name: 'right', alias: 'from right', notes: 'only right', register: '0' }) +
        define('host', { use: 'left, right', host_name: 'a' }),
      values: [{ host_name: 'a', alias: 'from left', notes: 'only right' }],
    },
    {
      name: 'each template resolved depth-first with its own templates before the next one',
      text:
        define('host', { name: 'grand', alias: 'from grand', register: '0' }) +
        define('host', { name: 'left', use: 'grand', register: '0' }) +
        define('host', { name: 'right', alias: 'from right', register: '0' }) +
        define('host', { use: 'left,right', host_name: 'a' }),
      values: [{ host_name: 'a', alias: 'from grand' }],
    },
    {
      name: 'templates of templates, three levels',
      text:
        define('service', { name: 's0', max_check_attempts: '9', check_interval: '1', register: '0' }) +
        define('service', { name: 's1', use: 's0', check_interval: '2', register: '0' }) +
        define('service', { name: 's2', use: 's1', retry_interval: '3', register: '0' }) +
        define('service', { use: 's2', host_name: 'h', service_description: 'x' }),
      values: [
        { host_name: ['h'], service_description: 'x', retry_interval: 180, check_interval: 120, max_check_attempts: 9 },
      ],
    },
  ];
  for (const c of cases) {
    const { definitions, messages } = read(c.text);
    assert.deepEqual(messages, [], c.name);
    assert.deepEqual(definitions.map(valuesOf), c.values, c.name);
  }
});

test('templates: custom attributes inherit per name, the object’s own value winning', () => {
  const { definitions } = read(
    define('host', { name: 't', _OS: 'debian', _RACK: 'r1', register: '0' }) +
      define('host', { use: 't', host_name: 'a', _rack: 'r2' }),
  );
  assert.deepEqual(Object.fromEntries(definitions[0]?.customAttributes ?? []), { RACK: 'r2', OS: 'debian' });
});

test('templates: time period rules inherit per day key, the own rule for the same key winning', () => {
  const { definitions, messages } = read(
    define('timeperiod', {
      name: 'holidays',
      timeperiod_name: 'holidays',
      'december 25': '00:00-24:00',
      'monday -1 may': '00:00-24:00',
    }) +
      define('timeperiod', {
        use: 'holidays',
        timeperiod_name: 'work-sans-holidays',
        monday: '09:00-17:00',
        'december  25': '00:00-12:00',
      }),
  );
  assert.deepEqual(messages, []);
  assert.deepEqual(
    definitions[1]?.timePeriodLines.map((l) => `${l.key}=${l.value}`),
    ['monday=09:00-17:00', 'december 25=00:00-12:00', 'monday -1 may=00:00-24:00'],
  );
});

test('templates: a leading + appends a list value to the inherited one', () => {
  const cases: { name: string; text: string; expected: unknown }[] = [
    {
      name: 'appended to the template value',
      text:
        define('host', { name: 't', contact_groups: 'admins', register: '0' }) +
        define('host', { use: 't', host_name: 'a', contact_groups: '+ops,dba' }),
      expected: ['admins', 'ops', 'dba'],
    },
    {
      name: 'without an inherited value the + is dropped',
      text: define('host', { host_name: 'a', contact_groups: '+ops' }),
      expected: ['ops'],
    },
    {
      name: 'a + in a template chain',
      text:
        define('host', { name: 't0', hostgroups: 'all', register: '0' }) +
        define('host', { name: 't1', use: 't0', hostgroups: '+linux', register: '0' }) +
        define('host', { use: 't1', host_name: 'a', hostgroups: '+web' }),
      expected: ['all', 'linux', 'web'],
    },
    {
      name: 'an inherited + value extends the value of the next template (as in Nagios)',
      text:
        define('host', { name: 'left', parents: '+sw2', register: '0' }) +
        define('host', { name: 'right', parents: 'sw1', register: '0' }) +
        define('host', { use: 'left,right', host_name: 'a' }),
      expected: ['sw1', 'sw2'],
    },
    {
      name: 'a list of commands',
      text:
        define('contact', { name: 't', host_notification_commands: 'notify-mail', register: '0' }) +
        define('contact', { use: 't', contact_name: 'c', host_notification_commands: '+notify-sms' }),
      expected: [
        { command: 'notify-mail', args: [] },
        { command: 'notify-sms', args: [] },
      ],
    },
  ];
  for (const c of cases) {
    const { definitions, messages } = read(c.text);
    assert.deepEqual(messages, [], c.name);
    const values = valuesOf(definitions.at(-1));
    const key = Object.keys(values).find((k) => k !== 'host_name' && k !== 'contact_name') ?? '';
    assert.deepEqual(values[key], c.expected, c.name);
  }
});

test('templates: + is literal in a value that is not a list', () => {
  const { definitions } = read(
    define('host', { name: 't', notes: 'a', register: '0' }) +
      define('host', { use: 't', host_name: 'h', notes: '+b' }),
  );
  assert.equal(definitions[0]?.values.get('notes'), '+b');
});

test('templates: the value null cancels an inherited value', () => {
  const cases: { name: string; text: string; notes: unknown }[] = [
    {
      name: 'null on the object',
      text:
        define('host', { name: 't', notes: 'inherited', register: '0' }) +
        define('host', { use: 't', host_name: 'a', notes: 'null' }),
      notes: undefined,
    },
    {
      name: 'null in the left template also hides the right template’s value',
      text:
        define('host', { name: 'left', notes: 'null', register: '0' }) +
        define('host', { name: 'right', notes: 'right', register: '0' }) +
        define('host', { use: 'left,right', host_name: 'a' }),
      notes: undefined,
    },
    {
      name: 'null in a template below the object’s first template',
      text:
        define('host', { name: 'base', notes: 'base', register: '0' }) +
        define('host', { name: 'mid', use: 'base', notes: 'null', register: '0' }) +
        define('host', { use: 'mid', host_name: 'a' }),
      notes: undefined,
    },
    {
      name: 'an own value over a null template',
      text:
        define('host', { name: 't', notes: 'null', register: '0' }) +
        define('host', { use: 't', host_name: 'a', notes: 'own' }),
      notes: 'own',
    },
  ];
  for (const c of cases) {
    const { definitions, messages } = read(c.text);
    assert.deepEqual(messages, [], c.name);
    assert.equal(definitions.at(-1)?.values.get('notes'), c.notes, c.name);
  }
});

test('templates: wrong template use is reported at its line and reading goes on', () => {
  const cases: { name: string; text: string; messages: string[]; objects: number }[] = [
    {
      name: 'unknown template, with a suggestion',
      text:
        define('host', { name: 'generic-host', register: '0' }) +
        define('host', { use: 'generic-hots', host_name: 'a' }),
      messages: ["objects.cfg:6: error: unknown host template 'generic-hots' (did you mean 'generic-host'?)"],
      objects: 1,
    },
    {
      name: 'a template of another object type',
      text: define('service', { name: 'generic', register: '0' }) + define('host', { use: 'generic', host_name: 'a' }),
      messages: [
        "objects.cfg:6: error: unknown host template 'generic' (there is a service template of that name, but templates are per object type)",
      ],
      objects: 1,
    },
    {
      name: 'a cycle, reported once with its path',
      text:
        define('host', { name: 'a', use: 'b', register: '0' }) +
        define('host', { name: 'b', use: 'c', register: '0' }) +
        define('host', { name: 'c', use: 'a', register: '0' }) +
        define('host', { use: 'a', host_name: 'x' }) +
        define('host', { use: 'b', host_name: 'y' }),
      messages: ['objects.cfg:13: error: host template cycle: a -> b -> c -> a'],
      objects: 2,
    },
    {
      name: 'a template using itself',
      text: define('host', { name: 'a', use: 'a', register: '0' }) + define('host', { use: 'a', host_name: 'x' }),
      messages: ['objects.cfg:3: error: host template cycle: a -> a'],
      objects: 1,
    },
    {
      name: 'an object in a cycle through its own name',
      text:
        define('host', { name: 'a', use: 'b', host_name: 'x' }) +
        define('host', { name: 'b', use: 'a', register: '0' }),
      messages: ['objects.cfg:8: error: host template cycle: a -> b -> a'],
      objects: 1,
    },
    {
      name: 'the same template name twice',
      text: define('host', { name: 'generic', register: '0' }) + define('host', { name: 'generic', register: '0' }),
      messages: ["objects.cfg:6: error: host template 'generic' is defined twice (first at objects.cfg:2)"],
      objects: 0,
    },
    {
      name: 'the same template name for different object types is fine',
      text: define('host', { name: 'generic', register: '0' }) + define('service', { name: 'generic', register: '0' }),
      messages: [],
      objects: 0,
    },
  ];
  for (const c of cases) {
    const { definitions, messages } = read(c.text);
    assert.deepEqual(messages, c.messages, c.name);
    assert.equal(definitions.length, c.objects, c.name);
  }
});

test('templates: resolved across files, whatever their order; inherited values located at the template', () => {
  const { definitions, messages } = read({
    'hosts.cfg':
      define('host', { use: 'generic', host_name: 'a', contact_groups: '+ops' }) +
      define('host', { use: 'local', host_name: 'b' }),
    'templates.cfg':
      define('host', { name: 'generic', use: 'base', check_interval: '5', register: '0' }) +
      define('host', { name: 'base', notes: 'base', contact_groups: 'admins', register: '0' }),
  });
  assert.deepEqual(messages, ["hosts.cfg:7: error: unknown host template 'local'"]);
  const [a] = definitions;
  assert.ok(a !== undefined);
  assert.equal(a.values.get('check_interval'), 300);
  assert.deepEqual(a.source, { file: 'hosts.cfg', line: 1 });
  assert.deepEqual(Object.fromEntries(a.lines), { host_name: 3, contact_groups: 4 }, 'what it sets itself');
  assert.deepEqual(attributeSource(a, 'check_interval'), { file: 'templates.cfg', line: 4 });
  assert.deepEqual(attributeSource(a, 'notes'), { file: 'templates.cfg', line: 9 });
  assert.deepEqual(attributeSource(a, 'contact_groups'), { file: 'hosts.cfg', line: 4 }, 'an extended + value');
  assert.deepEqual(attributeSource(a, 'address'), { file: 'hosts.cfg', line: 1 }, 'not set at all');
});

test('templates: objects keep the order they were written in, whether their templates came before or after them', () => {
  const { definitions, messages } = read(
    define('host', { use: 'late', host_name: 'a' }) +
      define('host', { name: 'early', use: 'later', check_interval: '2', register: '0' }) +
      define('host', { host_name: 'b' }) +
      define('host', { use: 'early', host_name: 'c' }) +
      define('host', { name: 'late', check_interval: '3', register: '0' }) +
      define('host', { use: 'late', host_name: 'd' }) +
      define('host', { name: 'later', notes: 'later', register: '0' }) +
      define('host', { name: 'both', host_name: 'e', notes: 'object and template' }) +
      define('host', { use: 'both', host_name: 'f' }),
  );
  assert.deepEqual(messages, []);
  assert.deepEqual(
    definitions.map((d) => [d.values.get('host_name'), d.values.get('check_interval'), d.values.get('notes')]),
    [
      ['a', 180, undefined],
      ['b', undefined, undefined],
      ['c', 120, 'later'],
      ['d', 180, undefined],
      ['e', undefined, 'object and template'],
      ['f', undefined, 'object and template'],
    ],
  );
});

test('templates: objects using the same templates share one map of inherited locations', () => {
  const hosts = ['a', 'b', 'c'].map((name) => define('host', { use: 't', host_name: name })).join('');
  const { definitions } = read(define('host', { name: 't', check_interval: '5', register: '0' }) + hosts);
  const [a, b, c] = definitions;
  assert.ok(a?.inherited !== undefined);
  assert.equal(a.inherited, b?.inherited);
  assert.equal(a.inherited, c?.inherited);
});

test('templates: a bad value in a template is reported once, at the template, however many use it', () => {
  const hosts = ['a', 'b', 'c'].map((name) => define('host', { use: 't', host_name: name })).join('');
  const { definitions, messages } = read(define('host', { name: 't', max_check_attempts: 'x', register: '0' }) + hosts);
  assert.deepEqual(messages, ["objects.cfg:3: error: host attribute 'max_check_attempts': expected a number, got 'x'"]);
  assert.equal(definitions.length, 3);
});

test('templates: 20,000 objects on a chain of 20,000 templates, complete or broken at its end, are read in linear time', () => {
  const chain = (first: Record<string, string>): string[] => {
    const parts = [define('host', { name: 't0', notes: 'deep', register: '0', ...first })];
    for (let i = 1; i < 20000; i++) parts.push(define('host', { name: `t${i}`, use: `t${i - 1}`, register: '0' }));
    return parts;
  };
  const objects: string[] = [];
  for (let i = 0; i < 20000; i++) objects.push(define('host', { use: `t${19999 - i}`, host_name: `h${i}` }));
  const complete = read([...chain({}), ...objects].join(''));
  assert.deepEqual(complete.messages, []);
  assert.equal(complete.definitions.length, 20000);
  assert.ok(complete.definitions.every((d) => d.values.get('notes') === 'deep'));
  const broken = read([...chain({ use: 'missing' }), ...objects].join(''));
  assert.deepEqual(broken.messages, ["objects.cfg:5: error: unknown host template 'missing'"]);
  assert.equal(broken.definitions.length, 20000);
});

test('templates: a chain of 20,000 templates resolves without exhausting the stack', () => {
  const parts = [define('host', { name: 't0', notes: 'deep', register: '0' })];
  for (let i = 1; i < 20000; i++) parts.push(define('host', { name: `t${i}`, use: `t${i - 1}`, register: '0' }));
  parts.push(define('host', { use: 't19999', host_name: 'a' }));
  const { definitions, messages } = read(parts.join(''));
  assert.deepEqual(messages, []);
  assert.equal(definitions[0]?.values.get('notes'), 'deep');
});
