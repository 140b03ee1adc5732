import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../diagnostic.js';
import { parseMainConfig, parseResourceFile } from './main-config.js';

function main(text: string): { config: ReturnType<typeof parseMainConfig>; messages: string[] } {
  const diagnostics = new Diagnostics();
  const config = parseMainConfig(text, { file: 'nagios.cfg', baseDir: '/etc/nagios', diagnostics });
  return { config, messages: diagnostics.items.map(formatDiagnostic) };
}

test('parseMainConfig() reads object sources in order, resource files and interval_length, and keeps the rest', () => {
  const { config, messages } = main(
    [
      '# Nagios main configuration',
      'log_file=/var/log/nagios.log',
      'cfg_file=/etc/nagios/objects/commands.cfg',
      '  cfg_dir = conf.d  ',
      'cfg_file=objects/local.cfg',
      'resource_file=resource.cfg',
      'illegal_object_name_chars=`~!$%^&*|\'"<>?,()=',
      'interval_length=30',
      '',
    ].join('\r\n'),
  );
  assert.deepEqual(messages, []);
  assert.deepEqual(config, {
    objectSources: [
      { kind: 'file', path: '/etc/nagios/objects/commands.cfg', line: 3 },
      { kind: 'dir', path: '/etc/nagios/conf.d', line: 4 },
      { kind: 'file', path: '/etc/nagios/objects/local.cfg', line: 5 },
    ],
    resourceFiles: [{ path: '/etc/nagios/resource.cfg', line: 6 }],
    intervalLength: 30,
    options: new Map([
      ['log_file', { value: '/var/log/nagios.log', line: 2 }],
      ['illegal_object_name_chars', { value: '`~!$%^&*|\'"<>?,()=', line: 7 }],
    ]),
  });
});

test('parseMainConfig() reports lines it cannot use and keeps the default interval_length', () => {
  const cases: [string, string[]][] = [
    [
      'interval_length=0',
      ["nagios.cfg:1: error: interval_length must be a whole number of seconds of at least 1, got '0'"],
    ],
    [
      'interval_length=1.5',
      ["nagios.cfg:1: error: interval_length must be a whole number of seconds of at least 1, got '1.5'"],
    ],
    ['cfg_file=', ['nagios.cfg:1: error: cfg_file= needs a path']],
    ['just some words', ["nagios.cfg:1: error: expected 'name=value', got 'just some words'"]],
    ['=value', ["nagios.cfg:1: error: expected 'name=value', got '=value'"]],
    ['cfg_file=a\0b', ['nagios.cfg:1: error: line contains a NUL byte: binary data, not configuration']],
  ];
  for (const [text, expected] of cases) {
    const { config, messages } = main(text);
    assert.deepEqual(messages, expected, text);
    assert.equal(config.intervalLength, 60, text);
  }
});

test('parseResourceFile() reads $USERn$ macros keyed by n, the value as written', () => {
  const diagnostics = new Diagnostics();
  const macros = parseResourceFile(
    [
      '# Sets $USER1$ to be the path to the plugins',
      '$USER1$=/usr/lib/nagios/plugins',
      '$USER2$=pass=word;with#chars ',
      '$USER256$=last',
      '$USER257$=too far',
      '$USER0$=too low',
      '$HOSTNAME$=not a user macro',
      '$USER1$=/opt/plugins',
    ].join('\n'),
    'resource.cfg',
    diagnostics,
  );
  assert.deepEqual(
    [...macros],
    [
      [1, '/opt/plugins'],
      [2, 'pass=word;with#chars'],
      [256, 'last'],
    ],
  );
  assert.deepEqual(diagnostics.items.map(formatDiagnostic), [
    "resource.cfg:5: warning: '$USER257$' is not read: a resource file holds $USER1$ ... $USER256$",
    "resource.cfg:6: warning: '$USER0$' is not read: a resource file holds $USER1$ ... $USER256$",
    "resource.cfg:7: warning: '$HOSTNAME$' is not read: a resource file holds $USER1$ ... $USER256$",
  ]);
});
