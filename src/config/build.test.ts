import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFromYaml } from '../testing/build-from-yaml.js';

const COMMANDS = `commands:
  - {command_name: check-ping, command_line: /bin/true}
  - {command_name: notify-mail, command_line: /bin/true}
`;

test('buildConfiguration() fills Nagios/Checkmk defaults and predefines 24X7', () => {
  const { configuration, errors } = buildFromYaml({ 'a.yaml': 'hosts:\n  - host_name: web01\n' });
  assert.deepEqual(errors, []);
  const host = configuration.hosts.get('web01');
  assert.ok(host);
  assert.equal(host.address, 'web01');
  assert.equal(host.alias, 'web01');
  assert.equal(host.checkInterval, 60);
  assert.equal(host.retryInterval, 60);
  assert.equal(host.maxCheckAttempts, 1);
  assert.equal(host.checkPeriod, '24X7');
  assert.equal(host.notificationInterval, 1800);
  assert.deepEqual(host.notificationOptions, ['d', 'u', 'r', 'f', 's']);
  assert.equal(host.activeChecksEnabled, true);
  assert.ok(configuration.timePeriods.has('24X7'));
  assert.equal(configuration.roles.size, 3);
});

test('buildConfiguration() resolves host group membership from both sides and through nesting', () => {
  const { configuration, errors } = buildFromYaml({
    'a.yaml': `hosts:
  - {host_name: web01, hostgroups: [web]}
  - {host_name: web02}
  - {host_name: db01}
hostgroups:
  - {hostgroup_name: web, members: [web02]}
  - {hostgroup_name: db, members: 'db*'}
  - {hostgroup_name: all, hostgroup_members: [web, db]}
`,
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(new Set(configuration.hostGroups.get('web')?.members), new Set(['web01', 'web02']));
  assert.deepEqual(configuration.hostGroups.get('db')?.members, ['db01']);
  assert.deepEqual(new Set(configuration.hostGroups.get('all')?.members), new Set(['web01', 'web02', 'db01']));
  assert.deepEqual(configuration.hosts.get('web01')?.hostGroups, ['web', 'all']);
});

test('buildConfiguration() expands services over host lists, groups, wildcards and exclusions', () => {
  const cases: { name: string; attach: string; expected: string[] }[] = [
    { name: 'one host', attach: 'host_name: h1', expected: ['h1'] },
    { name: 'list', attach: 'host_name: [h1, h2]', expected: ['h1', 'h2'] },
    { name: 'all hosts', attach: "host_name: '*'", expected: ['h1', 'h2', 'x1'] },
    { name: 'wildcard', attach: "host_name: 'h*'", expected: ['h1', 'h2'] },
    { name: 'all but one', attach: "host_name: ['*', '!h2']", expected: ['h1', 'x1'] },
    { name: 'group', attach: 'hostgroup_name: g', expected: ['h1', 'h2'] },
    { name: 'group minus host', attach: "hostgroup_name: g\n    host_name: '!h1'", expected: ['h2'] },
    { name: 'host plus group', attach: 'hostgroup_name: g\n    host_name: x1', expected: ['h1', 'h2', 'x1'] },
    { name: 'all minus group', attach: "host_name: '*'\n    hostgroup_name: '!g'", expected: ['x1'] },
  ];
  for (const { name, attach, expected } of cases) {
    const { configuration, errors } = buildFromYaml({
      'a.yaml': `hosts:
  - {host_name: h1, hostgroups: [g]}
  - {host_name: h2, hostgroups: [g]}
  - {host_name: x1}
hostgroups:
  - {hostgroup_name: g}
services:
  - service_description: PING
    ${attach}
`,
    });
    assert.deepEqual(errors, [], name);
    const hosts = [...configuration.services.values()].map((s) => s.hostName).sort();
    assert.deepEqual(hosts, expected, name);
  }
});

test('buildConfiguration() lets an explicit host win over a group-applied duplicate service', () => {
  const { configuration, messages } = buildFromYaml({
    'a.yaml': `hosts:
  - {host_name: h1, hostgroups: [g]}
hostgroups:
  - {hostgroup_name: g}
services:
  - {service_description: Disk, hostgroup_name: g, notes: from-group}
  - {service_description: Disk, host_name: h1, notes: explicit}
  - {service_description: Disk, hostgroup_name: g, notes: second-group}
`,
  });
  assert.equal(configuration.services.get('h1;Disk')?.notes, 'explicit');
  assert.equal(messages.filter((m) => m.includes('duplicate service')).length, 1);
  const twice = buildFromYaml({
    'a.yaml':
      'hosts:\n  - {host_name: h1}\nservices:\n  - {service_description: S, host_name: h1}\n  - {service_description: S, host_name: h1}\n',
  });
  assert.match(
    twice.errors.join('\n'),
    /a\.yaml:5: error: duplicate service 'S' on host 'h1' \(first defined at a\.yaml:4\)/,
  );
});

test('buildConfiguration() gives services their host contacts and notification period (implied inheritance)', () => {
  const { configuration, errors } = buildFromYaml({
    'a.yaml': `${COMMANDS}
timeperiods:
  - {timeperiod_name: work, ranges: {monday: '09:00-17:00'}}
contacts:
  - {contact_name: ann}
contactgroups:
  - {contactgroup_name: ops, members: [ann]}
hosts:
  - host_name: h1
    contact_groups: [ops]
    notification_period: work
    notification_interval: 10m
    services:
      - {service_description: inherits}
      - {service_description: own, contacts: [ann]}
`,
  });
  assert.deepEqual(errors, []);
  const inherits = configuration.services.get('h1;inherits');
  assert.deepEqual(inherits?.contactGroups, ['ops']);
  assert.equal(inherits?.notificationPeriod, 'work');
  assert.equal(inherits?.notificationInterval, 600);
  const own = configuration.services.get('h1;own');
  assert.deepEqual(own?.contactGroups, []);
  assert.deepEqual(own?.contacts, ['ann']);
  assert.deepEqual(configuration.contacts.get('ann')?.contactGroups, ['ops']);
});

test('buildConfiguration() reports every unknown reference at the line that names it', () => {
  const { errors } = buildFromYaml({
    'a.yaml': `${COMMANDS}hosts:
  - host_name: web01
    parents: [core-sw]
    check_command: check-pnig
    check_period: never
    contact_groups: [nobody]
    hostgroups: [webs]
  - {host_name: core-sw1}
services:
  - {service_description: S, host_name: web1}
  - {service_description: T, hostgroup_name: nogroup}
`,
  });
  const expected = [
    "a.yaml:6: error: host 'web01': unknown parent host 'core-sw' (did you mean 'core-sw1'?)",
    "a.yaml:7: error: host 'web01': unknown command 'check-pnig' (did you mean 'check-ping'?)",
    "a.yaml:8: error: host 'web01': unknown time period 'never'",
    "a.yaml:9: error: host 'web01': unknown contact group 'nobody'",
    "a.yaml:10: error: host 'web01': unknown host group 'webs'",
    "a.yaml:13: error: service 'S': unknown host 'web1' (did you mean 'web01'?)",
    "a.yaml:14: error: service 'T': unknown host group 'nogroup'",
  ];
  for (const line of expected) assert.ok(errors.includes(line), `missing: ${line}\nin:\n${errors.join('\n')}`);
});

test('buildConfiguration() finds parent cycles, also long ones, without overflowing the stack', () => {
  const small = buildFromYaml({
    'a.yaml':
      'hosts:\n  - {host_name: a, parents: [b]}\n  - {host_name: b, parents: [c]}\n  - {host_name: c, parents: [a]}\n',
  });
  assert.equal(small.errors.filter((e) => e.includes('parent cycle')).length, 1);
  assert.match(small.errors.join('\n'), /parent cycle: (a → b → c → a|b → c → a → b|c → a → b → c)/);
  const n = 20000;
  const lines = Array.from({ length: n }, (_, i) => `  - {host_name: h${i}, parents: [h${(i + 1) % n}]}`);
  const long = buildFromYaml({ 'a.yaml': `hosts:\n${lines.join('\n')}\n` });
  assert.equal(long.errors.filter((e) => e.includes('parent cycle')).length, 1);
});

test('buildConfiguration() rejects duplicates, nesting cycles and self-parents', () => {
  const { errors } = buildFromYaml({
    'a.yaml':
      'hosts:\n  - {host_name: a}\n  - {host_name: b, parents: [b]}\nhostgroups:\n  - {hostgroup_name: x, hostgroup_members: [y]}\n  - {hostgroup_name: y, hostgroup_members: [x]}\n',
    'b.yaml': 'hosts:\n  - {host_name: a}\n',
  });
  assert.ok(errors.includes("b.yaml:2: error: duplicate host 'a' (first defined at a.yaml:2)"), errors.join('\n'));
  assert.ok(errors.some((e) => e.includes("host 'b' is its own parent")));
  assert.ok(errors.some((e) => e.includes('contains itself: x → y → x') || e.includes('contains itself: y → x → y')));
});

test('buildConfiguration() expands dependencies and escalations per object', () => {
  const { configuration, errors } = buildFromYaml({
    'a.yaml': `contacts:
  - {contact_name: boss}
hosts:
  - {host_name: sw, services: [{service_description: PING}]}
  - {host_name: a, hostgroups: [g], services: [{service_description: PING}, {service_description: HTTP}]}
  - {host_name: b, hostgroups: [g], services: [{service_description: PING}, {service_description: HTTP}]}
hostgroups:
  - {hostgroup_name: g}
hostdependencies:
  - {host_name: sw, dependent_hostgroup_name: g, notification_failure_criteria: [d, u]}
servicedependencies:
  - {hostgroup_name: g, service_description: PING, dependent_service_description: HTTP}
serviceescalations:
  - {hostgroup_name: g, service_description: '*', first_notification: 3, contacts: [boss]}
hostescalations:
  - {host_name: sw, first_notification: 2, last_notification: 5, contacts: [boss]}
`,
  });
  assert.deepEqual(errors, []);
  assert.equal(configuration.hostDependencies.length, 2);
  assert.deepEqual(configuration.hostDependencies[0]?.notificationFailureCriteria, ['d', 'u']);
  // Same-host service dependencies: HTTP on a depends on PING on a, not on b.
  assert.deepEqual(
    configuration.serviceDependencies.map(
      (d) => `${d.hostName}:${d.serviceDescription}->${d.dependentHostName}:${d.dependentServiceDescription}`,
    ),
    ['a:PING->a:HTTP', 'b:PING->b:HTTP'],
  );
  assert.equal(configuration.serviceEscalations.length, 4);
  assert.equal(configuration.hostEscalations[0]?.lastNotification, 5);
});

test('buildConfiguration() builds service groups from member pairs, services and nesting', () => {
  const { configuration, errors } = buildFromYaml({
    'a.yaml': `hosts:
  - {host_name: a, services: [{service_description: X, servicegroups: [one]}, {service_description: Y}]}
servicegroups:
  - {servicegroup_name: one}
  - {servicegroup_name: two, members: [a, Y]}
  - {servicegroup_name: both, servicegroup_members: [one, two]}
  - {servicegroup_name: odd, members: [a, Y, a]}
`,
  });
  assert.deepEqual(
    configuration.serviceGroups
      .get('both')
      ?.members.map((m) => m.description)
      .sort(),
    ['X', 'Y'],
  );
  assert.deepEqual(configuration.services.get('a;X')?.serviceGroups, ['one', 'both']);
  assert.ok(errors.some((e) => e.includes("service group 'odd': members must be pairs")));
});

test('buildConfiguration() links users to their contacts and roles', () => {
  const { configuration, errors } = buildFromYaml({
    'a.yaml':
      'contacts:\n  - {contact_name: ann}\nusers:\n  - {user_name: ann, role: admin}\n  - {user_name: bob, role: guest}\n  - {user_name: eve, contact: nobody}\n',
  });
  assert.equal(configuration.users.get('ann')?.contact, 'ann');
  assert.equal(configuration.users.get('bob')?.contact, null);
  assert.equal(configuration.users.get('bob')?.role, 'guest');
  assert.ok(errors.includes("a.yaml:6: error: user 'eve': unknown contact 'nobody'"), errors.join('\n'));
});
