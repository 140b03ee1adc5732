import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../config/diagnostic.js';
import { parseYaml } from '../../config/yaml/parse-yaml.js';
import { PENDING } from '../../model/check-state.js';
import type { NotificationType } from '../../model/notification-decision.js';
import { readNotificationRules } from '../config/read-notification-rules.js';
import { checkRuleReferences } from '../config/load-notification-rules.js';
import { decisionEvent, notifyConfiguration } from '../fixtures-for-tests.js';
import { notificationLogMessage, notificationResultMessage } from '../notification-log-lines.js';
import { matchRule } from './match-rule.js';
import { expandNotificationLine } from './notification-macros.js';
import type { NotificationRule, ShortState } from './notification-rule.js';
import { planRecipients } from './plan-recipients.js';
import { routeNotification, routingSubject } from './route-notification.js';

const configuration = notifyConfiguration();

/** Rules from the `notification_rules:` YAML text, asserting it has no errors. */
function rules(yaml: string): NotificationRule[] {
  const parsed = parseYaml(`notification_rules:\n${yaml}`);
  assert.ok(parsed.ok);
  const diagnostics = new Diagnostics();
  const read = readNotificationRules(parsed.value, parsed.lines, 'watchpost.yaml', diagnostics);
  checkRuleReferences(read, configuration, diagnostics);
  assert.deepEqual(diagnostics.items.map(formatDiagnostic), []);
  return read;
}

/** The routing subject of a notification about `host` (`service`). */
function subject(options: {
  host: string;
  service?: string;
  type?: NotificationType;
  problem?: string | null;
  previous?: ShortState | null;
}) {
  const host = configuration.hosts.get(options.host);
  assert.ok(host !== undefined);
  const service =
    options.service === undefined ? null : (configuration.services.get(`${options.host};${options.service}`) ?? null);
  return routingSubject(
    decisionEvent({
      host: options.host,
      ...(options.service === undefined ? {} : { service: options.service }),
      type: options.type ?? 'problem',
      problem: options.problem === undefined ? (service === null ? 'down' : 'critical') : options.problem,
    }),
    host,
    service,
    options.previous === undefined ? 'OK' : options.previous,
  );
}

const WORK_HOURS_ONLY = (period: string): boolean => period !== 'workhours';

test('matchRule() checks each condition of a rule', () => {
  const cases: readonly [string, Parameters<typeof subject>[0], string | true][] = [
    ['hosts: [web01]', { host: 'web01', service: 'HTTP' }, true],
    ['hosts: [db01]', { host: 'web01', service: 'HTTP' }, 'hosts'],
    ["hosts: ['~web']", { host: 'web01', service: 'HTTP' }, true],
    ["hosts: ['~eb']", { host: 'web01', service: 'HTTP' }, 'hosts'],
    ["services: ['~Disk']", { host: 'web01', service: 'Disk /' }, true],
    ['services: [HTTP]', { host: 'web01' }, 'services'],
    ['host_groups: [web]', { host: 'web01', service: 'HTTP' }, true],
    ['host_groups: [web]', { host: 'db01', service: 'MySQL' }, 'host_groups'],
    ['service_groups: [shop]', { host: 'web01', service: 'HTTP' }, true],
    ['service_groups: [shop]', { host: 'web01', service: 'Disk /' }, 'service_groups'],
    ['contact_groups: [dba]', { host: 'web01', service: 'Disk /' }, true],
    ['contact_groups: [dba]', { host: 'web01', service: 'HTTP' }, 'contact_groups'],
    ['labels: {env: prod}', { host: 'web01', service: 'HTTP' }, true],
    ['labels: {env: prod}', { host: 'db01', service: 'MySQL' }, 'labels'],
    ['custom: {serial: SN-1}', { host: 'web01' }, true],
    ['custom: {SERIAL: SN-2}', { host: 'web01' }, 'custom'],
    ['event_types: [recovery]', { host: 'web01', type: 'problem' }, 'event_types'],
    ['event_types: [PROBLEM, acknowledgement]', { host: 'web01', type: 'problem' }, true],
    ["transitions: ['OK->CRIT']", { host: 'web01', service: 'HTTP', previous: 'OK' }, true],
    ["transitions: ['WARN->CRIT']", { host: 'web01', service: 'HTTP', previous: 'OK' }, 'transitions'],
    ["transitions: ['any->CRIT']", { host: 'web01', service: 'HTTP', previous: null }, true],
    ["transitions: ['any -> WARNING', 'OK→CRITICAL']", { host: 'web01', service: 'HTTP', previous: 'OK' }, true],
    [
      "transitions: ['CRIT->OK']",
      { host: 'web01', service: 'HTTP', type: 'recovery', problem: null, previous: 'CRIT' },
      true,
    ],
    ["transitions: ['UP->DOWN']", { host: 'web01', previous: 'UP' }, true],
    ["transitions: ['any->CRIT']", { host: 'web01', service: 'HTTP', type: 'acknowledgement' }, 'transitions'],
    ['period: workhours', { host: 'web01' }, 'period'],
    ['period: 24X7', { host: 'web01' }, true],
  ];
  for (const [conditions, about, expected] of cases) {
    const yaml = `  - {${conditions.replace(/^(\w+): /, '$1: ')}}`;
    const parsed = parseYaml(`notification_rules:\n${yaml}`);
    assert.ok(parsed.ok, yaml);
    const diagnostics = new Diagnostics();
    const [rule] = readNotificationRules(parsed.value, parsed.lines, 'watchpost.yaml', diagnostics);
    assert.deepEqual(diagnostics.items.map(formatDiagnostic), [], conditions);
    assert.ok(rule !== undefined);
    const verdict = matchRule(rule, subject(about), WORK_HOURS_ONLY);
    assert.deepEqual(verdict.matches ? true : verdict.failed, expected, `${conditions} for ${JSON.stringify(about)}`);
  }
});

/** `contact method` of each recipient. */
function planned(ruleList: readonly NotificationRule[], about: Parameters<typeof subject>[0]): string[] {
  return planRecipients(ruleList, subject(about), { configuration, inPeriod: (p) => p !== 'never' }).recipients.map(
    (r) => `${r.contact} ${r.method.kind}${r.method.kind === 'webhook' ? ` ${r.method.url}` : ''}`,
  );
}

test("without rules every contact of the object is notified by its own commands, filtered by the contact's settings", () => {
  const cases: readonly [Parameters<typeof subject>[0], string[], RegExp[]][] = [
    // carol is in ops too, but her service notification period is `never`.
    [
      { host: 'web01', service: 'HTTP' },
      ['alice nagios', 'bob nagios'],
      [/carol: outside the contact's notification period 'never'/],
    ],
    // bob takes only c and r.
    [
      { host: 'web01', service: 'HTTP', problem: 'warning' },
      ['alice nagios'],
      [/bob: the contact's service_notification_options lack 'w'/],
    ],
    [{ host: 'web01', service: 'HTTP', type: 'recovery', problem: null }, ['alice nagios', 'bob nagios'], []],
    [{ host: 'web01', service: 'Disk /' }, [], [/dave: service notifications disabled/]],
    [{ host: 'web01' }, ['alice nagios', 'bob nagios', 'carol nagios'], []],
  ];
  for (const [about, expected, notes] of cases) {
    assert.deepEqual(planned([], about), expected, JSON.stringify(about));
    const plan = planRecipients([], subject(about), { configuration, inPeriod: (p) => p !== 'never' });
    for (const note of notes)
      assert.ok(
        plan.notes.some((n) => note.test(n)),
        `${note} in ${plan.notes.join('; ')}`,
      );
  }
});

test("an escalation replaces the object's contacts from its first to its last notification, for its states", () => {
  const escalated = (number: number, problem = 'critical'): string[] =>
    planRecipients(
      [],
      { ...subject({ host: 'db01', service: 'MySQL', problem }), number },
      { configuration, inPeriod: () => true },
    ).recipients.map((r) => r.contact);
  assert.deepEqual(
    [escalated(1), escalated(2), escalated(3), escalated(4), escalated(2, 'warning')],
    [['alice'], ['bob'], ['bob'], ['alice'], ['alice']],
  );
  const routed = routeNotification({
    event: decisionEvent({ host: 'db01', service: 'MySQL', number: 2 }),
    configuration,
    rules: [],
    hostState: PENDING,
    serviceState: PENDING,
    previousHardState: 'CRIT',
    inPeriod: () => true,
    timeZone: 'UTC',
  });
  assert.deepEqual(
    routed?.planned.jobs.map((j) => [j.contact, j.macros.NOTIFICATIONISESCALATED]),
    [['bob', '1']],
  );
});

test('the rule chain adds, replaces, cancels and stops in order', () => {
  const chain = rules(`  - description: everyone by mail
    method: email
  - description: ops also by Slack
    notify: {contact_groups: [ops]}
    method: webhook
    parameters: {url: 'https://chat.example.org/hook', format: slack}
  - description: no mail for bob about HTTP
    services: [HTTP]
    notify: {contacts: [bob]}
    method: email
    cancel: true
  - description: dave hears of disks
    services: ['~Disk']
    notify: {contacts: [dave]}
    method: email
    stop: true
  - description: never reached for disks
    notify: {contacts: [alice]}
    method: script
    parameters: {command: '/usr/local/bin/page $CONTACTPAGER$'}
`);
  assert.deepEqual(planned(chain, { host: 'web01', service: 'HTTP' }), [
    'alice email',
    'alice script',
    'bob webhook https://chat.example.org/hook',
    // Planned; with no address, carol's mail is left out when the notifications are made.
    'carol email',
    'carol webhook https://chat.example.org/hook',
  ]);
  assert.deepEqual(planned(chain, { host: 'web01', service: 'Disk /' }), [
    'dave email',
    'bob webhook https://chat.example.org/hook',
    'carol webhook https://chat.example.org/hook',
  ]);
  const trace = planRecipients(chain, subject({ host: 'web01', service: 'Disk /' }), {
    configuration,
    inPeriod: () => true,
  }).trace;
  assert.deepEqual(
    trace.map((t) => `${t.where} ${t.verdict} ${t.detail}`),
    [
      'watchpost.yaml:2 matched dave',
      'watchpost.yaml:4 matched bob, carol',
      'watchpost.yaml:8 skipped services does not match',
      'watchpost.yaml:13 matched dave',
    ],
  );
});

test('routeNotification() makes one notification per contact command with an id that is the same when routed again', () => {
  const route = () =>
    routeNotification({
      event: decisionEvent({ host: 'web01', service: 'HTTP' }),
      configuration,
      rules: [],
      hostState: PENDING,
      serviceState: PENDING,
      previousHardState: 'OK',
      inPeriod: () => true,
      timeZone: 'UTC',
    });
  const first = route();
  const jobs = first?.planned.jobs ?? [];
  assert.deepEqual(
    jobs.map((j) => [j.contact, j.method.kind === 'script' ? j.method.commandLine : '']),
    [
      ['alice', '/bin/true alice-arg'],
      ['bob', '/bin/true '],
      ['carol', '/bin/true '],
    ],
  );
  assert.deepEqual(
    route()?.planned.jobs.map((j) => j.id),
    jobs.map((j) => j.id),
  );
  assert.equal(new Set(jobs.map((j) => j.id)).size, 3);
  assert.equal(jobs[0]?.macros.NOTIFICATIONRECIPIENTS, 'alice,bob,carol');
  assert.equal(jobs[0]?.macros.CONTACTPAGER, '555-0100');
  assert.equal(jobs[0]?.macros._HOSTSERIAL, 'SN-1');
});

test('expandNotificationLine() strips shell characters from output macros only, expands arguments first and keeps unknown names', () => {
  const macros = {
    HOSTNAME: 'web01',
    SERVICEOUTPUT: `CRIT \`id\` $(x) 'a' "b" <c> | & ~`,
    CONTACTEMAIL: 'a@example.org',
  };
  const users = new Map([[1, '/usr/lib/nagios/plugins']]);
  const cases: readonly [string, string[], string][] = [
    ['notify $HOSTNAME$ "$SERVICEOUTPUT$"', [], 'notify web01 "CRIT id (x) a b c   "'],
    ['$USER1$/notify $ARG1$ $ARG2$', ['$CONTACTEMAIL$', 'x$ARG1$'], '/usr/lib/nagios/plugins/notify a@example.org x'],
    ['cost $$5 $FOO$ $SERVICEDESC$', [], 'cost $5 $FOO$ '],
  ];
  for (const [line, args, expected] of cases)
    assert.equal(expandNotificationLine(line, macros, args, users), expected, line);
});

test('notification log lines have the Nagios and Checkmk formats', () => {
  const [job] =
    routeNotification({
      event: {
        ...decisionEvent({ host: 'web01', service: 'HTTP', type: 'acknowledgement', output: 'CRIT\nmore' }),
        author: 'ann',
        comment: 'on it',
      },
      configuration,
      rules: [],
      hostState: PENDING,
      serviceState: PENDING,
      previousHardState: null,
      inPeriod: () => true,
      timeZone: 'UTC',
    })?.planned.jobs ?? [];
  assert.ok(job !== undefined);
  assert.equal(
    notificationLogMessage(job),
    'SERVICE NOTIFICATION: alice;web01;HTTP;ACKNOWLEDGEMENT (CRITICAL);notify-service-by-script;CRIT more;ann;on it',
  );
  assert.equal(
    notificationResultMessage(job, { ok: false, retryable: true, reason: 'script exited 1' }, 'retry'),
    'SERVICE NOTIFICATION RESULT: alice;web01;HTTP;WARNING;notify-service-by-script;script exited 1',
  );
});

test('readNotificationRules() reports every mistake with file and line and leaves the rule out', () => {
  const text = `site: x
notification_rules:
  - description: ok
    method: email
  - description: bad
    hostz: [a]
    transitions: ['OK->BAD']
    services: ['~(']
    event_types: [problm]
    method: webhook
    parameters: {format: xml}
  - method: pager
  - just text
  - notify: {contacts: [nobody]}
`;
  const parsed = parseYaml(text);
  assert.ok(parsed.ok);
  const diagnostics = new Diagnostics();
  const read = readNotificationRules(parsed.value, parsed.lines, 'watchpost.yaml', diagnostics);
  checkRuleReferences(read, configuration, diagnostics);
  assert.deepEqual(
    read.map((r) => r.description),
    ['ok', 'rule 5'],
  );
  assert.deepEqual(diagnostics.items.map(formatDiagnostic), [
    "watchpost.yaml:6: error: notification rule 'bad': hostz: unknown key (did you mean 'hosts'?)",
    "watchpost.yaml:8: error: notification rule 'bad': services: '~(' is not a regular expression (Invalid regular expression: /^(?:()/: Unterminated group)",
    "watchpost.yaml:9: error: notification rule 'bad': event_types: unknown event type 'problm' (did you mean 'problem'?)",
    "watchpost.yaml:7: error: notification rule 'bad': transitions: 'OK->BAD' is not a transition such as 'OK->CRIT' or 'any->WARN'",
    "watchpost.yaml:11: error: notification rule 'bad': parameters: webhook needs url: http://... or https://...",
    "watchpost.yaml:11: error: notification rule 'bad': parameters: format must be one of json, slack, teams, mattermost",
    "watchpost.yaml:12: error: notification rule 'rule 3': method: unknown method 'pager' (one of nagios, email, webhook, script)",
    'watchpost.yaml:2: error: notification rule 4: expected a mapping',
    "watchpost.yaml:14: error: notification rule 'rule 5': no contact 'nobody'",
  ]);
});
