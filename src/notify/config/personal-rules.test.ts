import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostics, formatDiagnostic } from '../../config/diagnostic.js';
import { PENDING } from '../../model/check-state.js';
import type { Configuration, RoleName, User } from '../../model/objects.js';
import { decisionEvent, notifyConfiguration, tempDir } from '../fixtures-for-tests.js';
import type { NotificationRule } from '../route/notification-rule.js';
import { routeNotification } from '../route/route-notification.js';
import { loadNotificationRules } from './load-notification-rules.js';
import { loadPersonalRules, personalRulesFile, type PersonalRuleFiles } from './load-personal-rules.js';

const aUser = (name: string, role: RoleName, contact: string | null): User => ({
  name,
  alias: name,
  role,
  contact,
  email: '',
  folders: [],
  passwordHash: null,
  source: { file: 'conf.d/users.yaml', line: 1 },
});

const base = notifyConfiguration();
/** web01 (and its HTTP) has contacts alice, bob and carol; web01's Disk / has dave; db01 has alice. */
const configuration: Configuration = {
  ...base,
  users: new Map(
    [
      aUser('alice', 'user', null),
      aUser('dan', 'user', 'dave'),
      aUser('boss', 'admin', 'bob'),
      aUser('gus', 'guest', 'alice'),
      aUser('nocontact', 'user', 'zoe'),
    ].map((u) => [u.name, u]),
  ),
};

/** Site files from a table of path → text. */
function files(table: Readonly<Record<string, string>>): PersonalRuleFiles {
  return {
    read: (file) => table[file] ?? null,
    userDirectories: () => [...new Set(Object.keys(table).map((f) => f.split('/')[1] ?? ''))],
  };
}

function load(
  table: Readonly<Record<string, string>>,
  allowed = true,
): { rules: NotificationRule[]; messages: string[] } {
  const diagnostics = new Diagnostics();
  const rules = loadPersonalRules(files(table), configuration, allowed, diagnostics);
  return { rules, messages: diagnostics.items.map(formatDiagnostic) };
}

const ALICE = personalRulesFile('alice');

test('personal rules are read per user, allowed by the site setting and the role, and notify only the own contact', () => {
  const cases: readonly {
    name: string;
    table: Record<string, string>;
    allowed?: boolean;
    owners: string[];
    messages: string[];
  }[] = [
    {
      name: 'a user role reads its rules, recipient is its contact',
      table: { [ALICE]: 'notification_rules:\n  - method: email\n' },
      owners: ['alice>alice'],
      messages: [],
    },
    {
      name: 'a user linked to another contact notifies that contact',
      table: { [personalRulesFile('dan')]: 'notification_rules:\n  - method: email\n' },
      owners: ['dan>dave'],
      messages: [],
    },
    {
      name: 'notify naming the own contact is allowed',
      table: { [ALICE]: 'notification_rules:\n  - method: email\n    notify: {contacts: [alice]}\n' },
      owners: ['alice>alice'],
      messages: [],
    },
    {
      name: 'notify naming another contact is an error at its line',
      table: { [ALICE]: 'notification_rules:\n  - description: x\n    method: email\n    notify: {contacts: [bob]}\n' },
      owners: ['alice>alice'],
      messages: [
        `${ALICE}:4: error: personal notification rule 'x': notify: names contact 'bob'; a personal rule notifies only its user's contact 'alice' (remove notify:)`,
      ],
    },
    {
      name: 'notify naming contact groups and object contacts is an error',
      table: { [ALICE]: 'notification_rules:\n  - notify: {object_contacts: true, contact_groups: [ops]}\n' },
      owners: ['alice>alice'],
      messages: [
        `${ALICE}:2: error: personal notification rule 'rule 1': notify: names the object contacts, contact group 'ops'; a personal rule notifies only its user's contact 'alice' (remove notify:)`,
      ],
    },
    {
      name: 'the site setting off: ignored with a warning',
      table: { [ALICE]: 'notification_rules:\n  - method: email\n' },
      allowed: false,
      owners: [],
      messages: [`${ALICE}:1: warning: ignored: notifications.personal_rules is off in watchpost.yaml`],
    },
    {
      name: 'a guest may not',
      table: { [personalRulesFile('gus')]: 'notification_rules:\n  - method: email\n' },
      owners: [],
      messages: [
        `${personalRulesFile('gus')}:1: warning: ignored: user 'gus' has role guest; personal rules are for admin and user`,
      ],
    },
    {
      name: 'a directory of no user',
      table: { [personalRulesFile('alicia')]: 'notification_rules: []\n' },
      owners: [],
      messages: [
        `${personalRulesFile('alicia')}:1: warning: no user 'alicia' (did you mean 'alice'?): these personal notification rules are ignored`,
      ],
    },
    {
      name: 'a user whose contact does not exist',
      table: { [personalRulesFile('nocontact')]: 'notification_rules:\n  - method: email\n' },
      owners: [],
      messages: [
        `${personalRulesFile('nocontact')}:1: error: user 'nocontact' has no contact 'zoe' to notify (set contact: on the user)`,
      ],
    },
    {
      name: 'rule mistakes are reported as for global rules, and other keys',
      table: { [ALICE]: 'notification_rules:\n  - method: pager\nrules: []\n' },
      owners: [],
      messages: [
        `${ALICE}:3: error: unknown key 'rules' (this file holds notification_rules: only)`,
        `${ALICE}:2: error: notification rule 'rule 1': method: unknown method 'pager' (one of nagios, email, webhook, script)`,
      ],
    },
  ];
  for (const c of cases) {
    const got = load(c.table, c.allowed ?? true);
    assert.deepEqual(
      got.rules.map((r) => `${r.owner?.user ?? '-'}>${r.recipients.contacts.join(',')}`),
      c.owners,
      c.name,
    );
    assert.ok(
      got.rules.every((r) => !r.recipients.objectContacts && r.recipients.contactGroups.length === 0),
      c.name,
    );
    assert.deepEqual(got.messages, c.messages, c.name);
  }
});

/** Routes a problem of `host` (`service`) under `globalYaml` rules plus the personal files. */
function route(globalYaml: string, table: Record<string, string>, host: string, service?: string) {
  const { dir, remove } = tempDir();
  try {
    writeFileSync(join(dir, 'watchpost.yaml'), `site: t\n${globalYaml}`);
    for (const [file, text] of Object.entries(table)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const loaded = loadNotificationRules(dir, configuration);
    assert.deepEqual(loaded.diagnostics.items.map(formatDiagnostic), []);
    const routed = routeNotification({
      event: decisionEvent({ host, ...(service === undefined ? {} : { service }) }),
      configuration,
      rules: loaded.rules,
      hostState: PENDING,
      serviceState: service === undefined ? null : PENDING,
      previousHardState: 'OK',
      inPeriod: () => true,
      timeZone: 'UTC',
    });
    assert.ok(routed !== null);
    return {
      planned: routed.plan.recipients.map((r) => `${r.contact} ${r.method.kind}`),
      trace: routed.plan.trace.map((t) => `${t.where} ${t.verdict} ${t.rule}: ${t.detail}`),
    };
  } finally {
    remove();
  }
}

const EMAIL_ALL = 'notification_rules:\n  - description: all by mail\n    method: email\n';

test('personal rules run after the global chain, add or cancel for their own contact, and show in the trace', () => {
  const cases: readonly {
    name: string;
    global: string;
    table: Record<string, string>;
    host: string;
    service?: string;
    planned: string[];
    trace: string[];
  }[] = [
    {
      name: 'no global rules: Nagios routing, then a personal e-mail',
      global: '',
      table: { [ALICE]: 'notification_rules:\n  - description: mine\n    method: email\n' },
      host: 'web01',
      service: 'HTTP',
      planned: ['alice nagios', 'alice email', 'bob nagios', 'carol nagios'],
      trace: [
        '(built in) matched default: alice, bob, carol',
        `${ALICE}:2 matched personal rule of alice: mine: alice`,
      ],
    },
    {
      name: 'a personal cancel takes back the global e-mail of the own contact only',
      global: EMAIL_ALL,
      table: {
        [personalRulesFile('boss')]:
          'notification_rules:\n  - description: quiet\n    services: [HTTP]\n    method: email\n    cancel: true\n',
      },
      host: 'web01',
      service: 'HTTP',
      planned: ['alice email', 'carol email'],
      trace: [
        'watchpost.yaml:3 matched all by mail: alice, bob, carol',
        `${personalRulesFile('boss')}:2 cancelled personal rule of boss: quiet: email for bob`,
      ],
    },
    {
      name: 'a user role is not told of objects its contact is not a contact of',
      global: '',
      table: { [personalRulesFile('dan')]: 'notification_rules:\n  - description: all\n    method: email\n' },
      host: 'db01',
      service: 'MySQL',
      planned: ['alice nagios'],
      trace: [
        '(built in) matched default: alice',
        `${personalRulesFile('dan')}:2 skipped personal rule of dan: all: dave is not a contact of the object`,
      ],
    },
    {
      name: 'an admin sees all objects',
      global: '',
      table: { [personalRulesFile('boss')]: 'notification_rules:\n  - description: all\n    method: email\n' },
      host: 'db01',
      service: 'MySQL',
      planned: ['alice nagios', 'bob email'],
      trace: [
        '(built in) matched default: alice',
        `${personalRulesFile('boss')}:2 matched personal rule of boss: all: bob`,
      ],
    },
    {
      name: 'a global stop ends the global chain, not the personal rules; a personal stop ends its own',
      global: `${EMAIL_ALL}    stop: true\n  - description: never read\n    method: email\n    cancel: true\n`,
      table: {
        [ALICE]:
          'notification_rules:\n  - description: first\n    method: webhook\n    parameters: {url: "http://127.0.0.1:1/x"}\n    stop: true\n  - description: second\n    method: email\n    cancel: true\n',
        [personalRulesFile('boss')]: 'notification_rules:\n  - description: no\n    hosts: [db01]\n    method: email\n',
      },
      host: 'web01',
      service: 'HTTP',
      planned: ['alice email', 'alice webhook', 'bob email', 'carol email'],
      trace: [
        'watchpost.yaml:3 matched all by mail: alice, bob, carol',
        `${ALICE}:2 matched personal rule of alice: first: alice`,
        `${personalRulesFile('boss')}:2 skipped personal rule of boss: no: hosts does not match`,
      ],
    },
  ];
  for (const c of cases) {
    const got = route(c.global, c.table, c.host, c.service);
    assert.deepEqual(got.planned, c.planned, c.name);
    assert.deepEqual(got.trace, c.trace, c.name);
  }
});

test('notifications.personal_rules: false in watchpost.yaml switches personal rules off', () => {
  const { dir, remove } = tempDir();
  try {
    writeFileSync(join(dir, 'watchpost.yaml'), 'site: t\nnotifications:\n  personal_rules: false\n');
    mkdirSync(join(dir, 'users', 'alice'), { recursive: true });
    writeFileSync(join(dir, ALICE), 'notification_rules:\n  - method: email\n');
    const loaded = loadNotificationRules(dir, configuration);
    assert.deepEqual(loaded.rules, []);
    assert.deepEqual(loaded.diagnostics.items.map(formatDiagnostic), [
      `${ALICE}:1: warning: ignored: notifications.personal_rules is off in watchpost.yaml`,
    ]);
  } finally {
    remove();
  }
});
