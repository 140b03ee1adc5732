import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from './diagnostic.js';
import { loadNagiosMainConfig, loadSite } from './load-site.js';
import { tempSite } from '../testing/temp-site.js';

function errorsOf(result: ReturnType<typeof loadSite>): string[] {
  return result.diagnostics.items.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

test('loadSite() lets hosts inherit folder attributes: nearest folder wins, the host over all', () => {
  const site = tempSite({
    'watchpost.yaml': 'site: t1\n',
    'conf.d/contacts.yaml': 'contactgroups:\n  - {contactgroup_name: top}\n  - {contactgroup_name: dc1}\n',
    'conf.d/dc1/folder.yaml':
      'site: dc1\ncontact_groups: [top]\ncheck_interval: 2m\ncustom: {location: Frankfurt, rack: A}\nlabels: {env: prod}\n',
    'conf.d/dc1/linux/folder.yaml': 'contact_groups: [dc1]\ncustom: {rack: B}\n',
    'conf.d/dc1/linux/hosts.yaml':
      'hosts:\n  - {host_name: web01}\n  - {host_name: web02, check_interval: 30s, custom: {rack: C}}\n',
    'conf.d/dc1/hosts.cfg': 'define host {\n  host_name db01\n  address 10.0.0.1\n}\n',
    'conf.d/top.yaml': 'hosts:\n  - {host_name: top01}\n',
  });
  try {
    const result = loadSite(site.dir);
    assert.deepEqual(errorsOf(result), []);
    assert.ok(result.ok);
    const hosts = result.configuration.hosts;
    const web01 = hosts.get('web01');
    assert.equal(web01?.folder, 'dc1/linux');
    assert.equal(web01?.site, 'dc1');
    assert.deepEqual(web01?.contactGroups, ['dc1']);
    assert.equal(web01?.checkInterval, 120);
    assert.deepEqual(web01?.customAttributes, { LOCATION: 'Frankfurt', RACK: 'B' });
    assert.deepEqual(web01?.labels, { env: 'prod' });
    const web02 = hosts.get('web02');
    assert.equal(web02?.checkInterval, 30);
    assert.deepEqual(web02?.customAttributes, { LOCATION: 'Frankfurt', RACK: 'C' });
    assert.equal(hosts.get('db01')?.site, 'dc1', 'Nagios hosts in a folder inherit too');
    assert.equal(hosts.get('top01')?.site, null);
    assert.equal(result.settings.site, 't1');
  } finally {
    site.remove();
  }
});

test('loadSite() refuses a configuration with errors and names file and line', () => {
  const site = tempSite({
    'watchpost.yaml': 'site: t2\nlivestatus:\n  prot: 6557\n',
    'conf.d/hosts.yaml': 'hosts:\n  - host_name: a\n    adress: 10.0.0.1\n',
    'conf.d/f/folder.yaml': 'host_name: x\nsitee: y\n',
  });
  try {
    const result = loadSite(site.dir);
    assert.equal(result.ok, false);
    const errors = errorsOf(result);
    for (const expected of [
      "watchpost.yaml:3: error: unknown setting 'livestatus.prot' (did you mean 'port'?)",
      "conf.d/hosts.yaml:3: error: host 'a': unknown host attribute 'adress' (did you mean 'address'?)",
      "conf.d/f/folder.yaml:1: error: folder: 'host_name' names a single host and cannot be set for a folder",
      "conf.d/f/folder.yaml:2: error: folder: unknown attribute 'sitee' (did you mean 'site'?)",
    ]) {
      assert.ok(errors.includes(expected), `missing ${expected} in\n${errors.join('\n')}`);
    }
  } finally {
    site.remove();
  }
});

test('loadSite() says what is wrong when the directory is no site, and survives link loops', () => {
  const empty = tempSite({});
  try {
    const result = loadSite(empty.dir);
    assert.equal(result.ok, false);
    assert.match(errorsOf(result)[0] ?? '', /no watchpost\.yaml .*watchpost init/);
  } finally {
    empty.remove();
  }
  const looped = tempSite({ 'watchpost.yaml': '', 'conf.d/a/hosts.yaml': 'hosts:\n  - {host_name: h}\n' });
  try {
    symlinkSync(join(looped.dir, 'conf.d'), join(looped.dir, 'conf.d', 'a', 'loop'));
    mkdirSync(join(looped.dir, 'conf.d', 'b'));
    const result = loadSite(looped.dir);
    assert.match(errorsOf(result).join('\n'), /symbolic link loop/);
  } finally {
    looped.remove();
  }
});

test('loadSite() reads an existing nagios.cfg named in watchpost.yaml with its $USERn$ macros', () => {
  const site = tempSite({
    'watchpost.yaml': 'nagios:\n  config: nagios/nagios.cfg\n',
    'nagios/nagios.cfg': 'cfg_file=objects.cfg\nresource_file=resource.cfg\n',
    'nagios/resource.cfg': '$USER1$=/usr/lib/nagios/plugins\n',
    'nagios/objects.cfg':
      'define command {\n command_name c\n command_line $USER1$/check_dummy 0\n}\ndefine host {\n host_name h\n check_command c\n}\n',
  });
  try {
    const result = loadSite(site.dir);
    assert.deepEqual(errorsOf(result), []);
    assert.ok(result.ok);
    assert.equal(result.configuration.userMacros.get(1), '/usr/lib/nagios/plugins');
    assert.equal(result.configuration.hosts.get('h')?.checkCommand?.command, 'c');
  } finally {
    site.remove();
  }
});

test('loadSite() reads a nagios.cfg with more definitions than a call takes arguments (130,000 commands)', () => {
  const count = 130_000;
  const commands: string[] = [];
  for (let i = 0; i < count; i++) commands.push(`define command {\ncommand_name c${i}\ncommand_line /bin/true\n}\n`);
  const site = tempSite({
    'watchpost.yaml': 'site: big\nnagios:\n  config: nagios/nagios.cfg\n',
    'nagios/nagios.cfg': 'cfg_file=objects.cfg\n',
    'nagios/objects.cfg': commands.join(''),
  });
  try {
    const result = loadSite(site.dir);
    assert.deepEqual(errorsOf(result), []);
    assert.equal(result.ok && result.configuration.commands.size, count);
  } finally {
    site.remove();
  }
});

const COMMANDS_CFG =
  'define command {\n command_name log-all\n command_line /bin/true $HOSTNAME$ $ARG1$\n}\n' +
  'define host {\n host_name h\n}\n';

test('loadSite() refuses global event handlers that name no command, at their line', () => {
  const site = tempSite({
    'watchpost.yaml': 'event_handlers:\n  global_host: log-all!x\n  global_service: nope!y\n',
    'conf.d/objects.cfg': COMMANDS_CFG,
  });
  try {
    const result = loadSite(site.dir);
    assert.deepEqual(errorsOf(result), [
      "watchpost.yaml:3: error: event_handlers.global_service: command 'nope' is not defined",
    ]);
  } finally {
    site.remove();
  }
});

test('loadNagiosMainConfig() maps the global event handlers, enable_event_handlers and cached_host_check_horizon', () => {
  const site = tempSite({
    'nagios.cfg':
      'cfg_file=objects.cfg\nglobal_host_event_handler=log-all!host\nglobal_service_event_handler=log-all\n' +
      'enable_event_handlers=0\ncached_host_check_horizon=30\nlog_file=/var/log/nagios.log\n',
    'objects.cfg': COMMANDS_CFG,
  });
  try {
    const result = loadNagiosMainConfig(join(site.dir, 'nagios.cfg'));
    assert.deepEqual(errorsOf(result), []);
    assert.ok(result.ok);
    assert.deepEqual(result.settings.eventHandlers, {
      enabled: false,
      globalHost: 'log-all!host',
      globalService: 'log-all',
    });
    assert.equal(result.settings.checks.cachedHostCheckHorizon, 30);
  } finally {
    site.remove();
  }
});

test('loadNagiosMainConfig() refuses an undefined global handler and bad values, naming nagios.cfg lines', () => {
  const site = tempSite({
    'nagios.cfg':
      'cfg_file=objects.cfg\nglobal_service_event_handler=missing!x\nenable_event_handlers=yes\n' +
      'cached_host_check_horizon=-1\n',
    'objects.cfg': COMMANDS_CFG,
  });
  try {
    const cfg = join(site.dir, 'nagios.cfg');
    const result = loadNagiosMainConfig(cfg);
    assert.equal(result.ok, false);
    assert.deepEqual(errorsOf(result), [
      `${cfg}:3: error: enable_event_handlers must be 0 or 1, got 'yes'`,
      `${cfg}:4: error: cached_host_check_horizon must be seconds, got '-1'`,
      `${cfg}:2: error: global_service_event_handler: command 'missing' is not defined`,
    ]);
  } finally {
    site.remove();
  }
});
