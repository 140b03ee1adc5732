import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostics, formatDiagnostic } from '../diagnostic.js';
import { tempSite } from '../../testing/temp-site.js';
import { readNagiosConfig, readNagiosObjectFiles } from './read-nagios.js';

const host = (name: string, extra = ''): string => `define host {\n  use generic\n  host_name ${name}\n${extra}}\n`;

test('readNagiosConfig() reads cfg_file, cfg_dir (recursively, sorted), resource_file and interval_length', () => {
  const site = tempSite({
    'etc/nagios.cfg': [
      'cfg_file=objects/templates.cfg',
      'cfg_dir=conf.d',
      'resource_file=resource.cfg',
      'interval_length=10',
      'status_file=/var/lib/nagios/status.dat',
    ].join('\n'),
    'etc/resource.cfg': '$USER1$=/usr/lib/nagios/plugins\n$USER3$=secret\n',
    'etc/objects/templates.cfg': 'define host {\n  name generic\n  check_interval 6\n  register 0\n}\n',
    'etc/conf.d/b.cfg': host('b'),
    'etc/conf.d/a.cfg': host('a'),
    'etc/conf.d/sub/deeper/c.cfg': host('c'),
    'etc/conf.d/z/d.cfg': host('d'),
    'etc/conf.d/notes.txt': 'not configuration',
    'etc/conf.d/old.cfg.bak': 'define nonsense {',
  });
  try {
    const diagnostics = new Diagnostics();
    const nagiosCfg = join(site.dir, 'etc/nagios.cfg');
    const result = readNagiosConfig(nagiosCfg, diagnostics);
    assert.deepEqual(diagnostics.items.map(formatDiagnostic), []);
    assert.equal(result.intervalLength, 10);
    assert.deepEqual(
      [...result.userMacros],
      [
        [1, '/usr/lib/nagios/plugins'],
        [3, 'secret'],
      ],
    );
    const conf = join(site.dir, 'etc/conf.d');
    assert.deepEqual(result.files, [
      join(site.dir, 'etc/objects/templates.cfg'),
      join(conf, 'a.cfg'),
      join(conf, 'b.cfg'),
      join(conf, 'sub/deeper/c.cfg'),
      join(conf, 'z/d.cfg'),
    ]);
    assert.deepEqual(
      result.definitions.map((d) => [d.values.get('host_name'), d.values.get('check_interval'), d.source.file]),
      [
        ['a', 60, join(conf, 'a.cfg')],
        ['b', 60, join(conf, 'b.cfg')],
        ['c', 60, join(conf, 'sub/deeper/c.cfg')],
        ['d', 60, join(conf, 'z/d.cfg')],
      ],
    );
  } finally {
    site.remove();
  }
});

test('readNagiosConfig() reports a missing file at the nagios.cfg line naming it', () => {
  const site = tempSite({
    'nagios.cfg': [
      'cfg_file=missing.cfg',
      'cfg_dir=missing-dir',
      'resource_file=missing-resource.cfg',
      'cfg_file=dir.cfg',
      'cfg_dir=file.cfg',
      'cfg_file=file.cfg',
      'cfg_file=file.cfg',
    ].join('\n'),
    'dir.cfg/x': '',
    'file.cfg': 'define command {\n command_name c\n}\n',
  });
  try {
    const diagnostics = new Diagnostics();
    const nagiosCfg = join(site.dir, 'nagios.cfg');
    const result = readNagiosConfig(nagiosCfg, diagnostics);
    const at = (line: number): string => `${nagiosCfg}:${line}`;
    assert.deepEqual(diagnostics.items.map(formatDiagnostic), [
      `${at(3)}: error: ${join(site.dir, 'missing-resource.cfg')} cannot be read: no such file`,
      `${at(1)}: error: cfg_file ${join(site.dir, 'missing.cfg')} does not exist`,
      `${at(2)}: error: cfg_dir ${join(site.dir, 'missing-dir')} does not exist`,
      `${at(4)}: error: cfg_file ${join(site.dir, 'dir.cfg')} is not a file`,
      `${at(5)}: error: cfg_dir ${join(site.dir, 'file.cfg')} is not a directory`,
      `${at(7)}: warning: ${join(site.dir, 'file.cfg')} is named more than once in nagios.cfg; it is read once`,
    ]);
    assert.equal(result.definitions.length, 1);
  } finally {
    site.remove();
  }
});

test('readNagiosConfig() reports a missing nagios.cfg and returns nothing', () => {
  const diagnostics = new Diagnostics();
  const result = readNagiosConfig('/nonexistent/nagios.cfg', diagnostics);
  assert.deepEqual(diagnostics.items.map(formatDiagnostic), [
    '/nonexistent/nagios.cfg: error: /nonexistent/nagios.cfg cannot be read: no such file',
  ]);
  assert.deepEqual(result, {
    definitions: [],
    userMacros: new Map(),
    intervalLength: 60,
    files: [],
    options: new Map(),
  });
});

test('readNagiosConfig() survives binary files, a binary nagios.cfg and a link cycle in cfg_dir', () => {
  const binary = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
  const site = tempSite({
    'nagios.cfg': 'cfg_dir=conf.d\n',
    'conf.d/good.cfg': 'define command {\n command_name c\n}\n',
  });
  try {
    writeFileSync(join(site.dir, 'conf.d/binary.cfg'), binary);
    writeFileSync(join(site.dir, 'binary-nagios.cfg'), binary);
    mkdirSync(join(site.dir, 'conf.d/loop'));
    symlinkSync(join(site.dir, 'conf.d'), join(site.dir, 'conf.d/loop/back'));
    const diagnostics = new Diagnostics();
    const result = readNagiosConfig(join(site.dir, 'nagios.cfg'), diagnostics);
    assert.ok(diagnostics.errorCount > 0);
    assert.ok(diagnostics.items.every((d) => d.file.endsWith('binary.cfg')));
    assert.deepEqual(
      result.definitions.map((d) => d.values.get('command_name')),
      ['c'],
    );

    const binaryMain = new Diagnostics();
    readNagiosConfig(join(site.dir, 'binary-nagios.cfg'), binaryMain);
    assert.ok(binaryMain.errorCount > 0 && binaryMain.items.length <= 51);
  } finally {
    site.remove();
  }
});

test('readNagiosObjectFiles() names files relative to a directory and sets folders below a root', () => {
  const site = tempSite({
    'conf.d/top.cfg': 'define host {\n  name generic\n  register 0\n}\n' + host('top'),
    'conf.d/linux/web/web.cfg': host('web'),
  });
  try {
    const diagnostics = new Diagnostics();
    const conf = join(site.dir, 'conf.d');
    const definitions = readNagiosObjectFiles(
      [join(conf, 'top.cfg'), join(conf, 'linux/web/web.cfg'), join(conf, 'gone.cfg')],
      { intervalLength: 60, root: conf, shownRelativeTo: site.dir, diagnostics },
    );
    assert.deepEqual(diagnostics.items.map(formatDiagnostic), [
      'conf.d/gone.cfg: error: conf.d/gone.cfg cannot be read: no such file',
    ]);
    assert.deepEqual(
      definitions.map((d) => [d.values.get('host_name'), d.folder, d.source.file]),
      [
        ['top', '', 'conf.d/top.cfg'],
        ['web', 'linux/web', 'conf.d/linux/web/web.cfg'],
      ],
    );
    const plain = readNagiosObjectFiles([join(conf, 'linux/web/web.cfg')], { intervalLength: 60, diagnostics });
    assert.equal(plain[0]?.folder, '', 'no root: no folder');
  } finally {
    site.remove();
  }
});

test("readNagiosConfig() reads Debian's sample configuration without errors", () => {
  const nagiosCfg = '/etc/nagios4/nagios.cfg';
  assert.ok(
    existsSync(nagiosCfg),
    `${nagiosCfg} is missing: install the Debian packages nagios4-common and nagios4-core ` +
      '(apt-get install -y nagios4-common nagios4-core), which this test reads',
  );
  const diagnostics = new Diagnostics();
  const result = readNagiosConfig(nagiosCfg, diagnostics);
  const errors = diagnostics.items.filter((d) => d.severity === 'error').map(formatDiagnostic);
  assert.deepEqual(errors, []);
  assert.ok(result.files.some((f) => f.endsWith('/objects/localhost.cfg')));
  assert.equal(result.userMacros.get(1), '/usr/lib/nagios/plugins');
  const localhost = result.definitions.find((d) => d.type === 'host' && d.values.get('host_name') === 'localhost');
  assert.ok(localhost !== undefined, 'the localhost host');
  // linux-server → generic-host: check_interval 5 and notification_period workhours (overridden).
  assert.equal(localhost.values.get('check_interval'), 300);
  assert.equal(localhost.values.get('notification_period'), 'workhours');
  const holidays = result.definitions.find((d) => d.values.get('timeperiod_name') === 'us-holidays');
  assert.ok(holidays?.timePeriodLines.some((l) => l.key === 'thursday 4 november' && l.value === '00:00-00:00'));
});

/** A 12 MB objects.cfg: two templates, 10,000 hosts and 100,000 services. */
function largeObjectsCfg(): string {
  const parts = [
    'define host {\n name generic-host\n check_interval 5\n retry_interval 1\n max_check_attempts 3\n',
    ' check_command check-host-alive\n notification_period 24x7\n contact_groups admins\n register 0\n}\n',
    'define service {\n name generic-service\n check_interval 5\n retry_interval 1\n max_check_attempts 3\n',
    ' check_period 24x7\n notification_interval 60\n notification_options w,u,c,r\n contact_groups admins\n',
    ' register 0\n}\n',
  ];
  for (let h = 0; h < 10000; h++) {
    parts.push(
      `define host {\n use generic-host\n host_name host${h}\n alias Host number ${h}\n`,
      ` address 10.${h >> 8}.${h & 255}.1\n _SERIAL S${h}\n}\n`,
    );
    for (let s = 0; s < 10; s++) {
      parts.push(
        `define service {\n use generic-service\n host_name host${h}\n service_description Service ${s}\n`,
        ` check_command check_dummy!0 ; all fine\n}\n`,
      );
    }
  }
  return parts.join('');
}

test('readNagiosObjectFiles() reads a 12 MB objects.cfg of 110,000 objects completely', () => {
  // Its speed is measured by `npm run bench`, not here: timed unit tests fail on a busy machine.
  const text = largeObjectsCfg();
  assert.ok(text.length > 12_000_000, `${text.length} bytes`);
  const site = tempSite({ 'objects.cfg': text });
  try {
    const diagnostics = new Diagnostics();
    const definitions = readNagiosObjectFiles([join(site.dir, 'objects.cfg')], { intervalLength: 60, diagnostics });
    assert.deepEqual(diagnostics.items.map(formatDiagnostic), []);
    assert.equal(definitions.length, 110000);
    assert.equal(definitions.at(-1)?.values.get('check_interval'), 300);
  } finally {
    site.remove();
  }
});
