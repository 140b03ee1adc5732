/**
 * Personal notification rules (Checkmk's): a user may keep rules of their own in
 * `users/<user>/notification_rules.yaml` of the site directory, written as the global ones
 * (`notification_rules:`, read-notification-rules.ts) but without recipients: a personal rule
 * only ever notifies the contact the user is linked to. A file per user rather than a key under
 * the user's object, because a user is a flat object of the attribute table (also writable in
 * Nagios syntax), and a file of its own is what a user can be given to edit.
 *
 * Allowed when the site setting `notifications.personal_rules` is on (the default) and the
 * user's role is `admin` or `user`; a guest changes nothing. Files that are not allowed are
 * reported as warnings and ignored, so that switching the setting off never stops a site.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostics } from '../../config/diagnostic.js';
import { parseYaml, type YamlLines } from '../../config/yaml/parse-yaml.js';
import { didYouMean } from '../../lib/did-you-mean.js';
import type { Configuration, RoleName, User } from '../../model/objects.js';
import type { NotificationRule, RuleOwner } from '../route/notification-rule.js';
import { readNotificationRules } from './read-notification-rules.js';

/** The roles whose users may have personal rules. */
export const PERSONAL_RULE_ROLES: readonly RoleName[] = ['admin', 'user'];

/** The file of a user's personal rules, relative to the site directory. */
export function personalRulesFile(user: string): string {
  return `users/${user}/notification_rules.yaml`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The contact a user is linked to: `contact`, by default the contact of the user's name. */
export function contactOfUser(user: User): string {
  return user.contact ?? user.name;
}

/** Reports every `notify:` of a personal rule that names someone other than `contact`. */
function checkRecipients(root: unknown, lines: YamlLines, file: string, contact: string, diags: Diagnostics): void {
  if (!isMapping(root) || !Array.isArray(root.notification_rules)) return;
  for (const [index, raw] of root.notification_rules.entries()) {
    if (!isMapping(raw) || !isMapping(raw.notify)) continue;
    const notify = raw.notify;
    const others = [
      ...(notify.object_contacts === true ? ['the object contacts'] : []),
      ...(Array.isArray(notify.contacts) ? notify.contacts : [notify.contacts])
        .filter((name) => name !== undefined && name !== null && name !== contact)
        .map((name) => `contact '${String(name).slice(0, 80)}'`),
      ...(Array.isArray(notify.contact_groups) ? notify.contact_groups : [notify.contact_groups])
        .filter((name) => name !== undefined && name !== null)
        .map((name) => `contact group '${String(name).slice(0, 80)}'`),
    ];
    if (others.length === 0) continue;
    const description = typeof raw.description === 'string' ? raw.description : `rule ${index + 1}`;
    diags.error(
      { file, line: lines.keyLineOf(raw, 'notify') || lines.lineOf(raw) || 1 },
      `personal notification rule '${description.slice(0, 80)}': notify: names ${others.join(', ')}; ` +
        `a personal rule notifies only its user's contact '${contact.slice(0, 80)}' (remove notify:)`,
    );
  }
}

/**
 * The personal rules of `user` from the text of their file, each with its owner and the
 * user's contact as its only recipient. Problems go to `diagnostics`.
 */
export function readPersonalRules(
  text: string,
  file: string,
  user: User,
  configuration: Configuration,
  diagnostics: Diagnostics,
): NotificationRule[] {
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    diagnostics.error({ file, line: parsed.line }, `YAML syntax: ${parsed.message}`);
    return [];
  }
  const contact = contactOfUser(user);
  if (!configuration.contacts.has(contact)) {
    diagnostics.error(
      { file, line: 1 },
      `user '${user.name.slice(0, 80)}' has no contact '${contact.slice(0, 80)}' to notify (set contact: on the user)`,
    );
    return [];
  }
  if (isMapping(parsed.value)) {
    for (const key of Object.keys(parsed.value)) {
      if (key !== 'notification_rules')
        diagnostics.error(
          { file, line: parsed.lines.keyLineOf(parsed.value, key) || 1 },
          `unknown key '${key.slice(0, 80)}'${didYouMean(key, ['notification_rules'])} (this file holds notification_rules: only)`,
        );
    }
  } else if (parsed.value !== undefined && parsed.value !== null) {
    diagnostics.error({ file, line: 1 }, 'expected a mapping with notification_rules:');
    return [];
  }
  checkRecipients(parsed.value, parsed.lines, file, contact, diagnostics);
  const owner: RuleOwner = {
    user: user.name,
    contact,
    seesAll: configuration.roles.get(user.role)?.seesAll ?? false,
  };
  return readNotificationRules(parsed.value, parsed.lines, file, diagnostics).map((rule) => ({
    ...rule,
    recipients: { objectContacts: false, contacts: [contact], contactGroups: [] },
    owner,
  }));
}

/** What reading a site's files needs: the text of a file relative to the site, `null` when absent. */
export interface PersonalRuleFiles {
  read(file: string): string | null;
  /** The names in `users/` of the site directory. */
  userDirectories(): readonly string[];
}

/** The files of the site in `siteDir`. */
export function siteRuleFiles(siteDir: string): PersonalRuleFiles {
  return {
    read(file) {
      try {
        return readFileSync(join(siteDir, file), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw error;
      }
    },
    userDirectories() {
      try {
        return readdirSync(join(siteDir, 'users'));
      } catch {
        return [];
      }
    },
  };
}

/** Every user's personal rules, in the order of the users; `allowed` is `notifications.personal_rules`. */
export function loadPersonalRules(
  files: PersonalRuleFiles,
  configuration: Configuration,
  allowed: boolean,
  diagnostics: Diagnostics,
): NotificationRule[] {
  const rules: NotificationRule[] = [];
  const users = [...configuration.users.keys()];
  for (const name of files.userDirectories()) {
    if (configuration.users.has(name) || files.read(personalRulesFile(name)) === null) continue;
    diagnostics.warning(
      { file: personalRulesFile(name), line: 1 },
      `no user '${name.slice(0, 80)}'${didYouMean(name, users)}: these personal notification rules are ignored`,
    );
  }
  for (const user of configuration.users.values()) {
    // A name with a path in it is not a directory of users/.
    if (/[/\\]|^\.\.?$/.test(user.name)) continue;
    const file = personalRulesFile(user.name);
    let text: string | null;
    try {
      text = files.read(file);
    } catch (error) {
      diagnostics.error({ file, line: 0 }, `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    if (text === null) continue;
    if (!allowed) {
      diagnostics.warning({ file, line: 1 }, 'ignored: notifications.personal_rules is off in watchpost.yaml');
      continue;
    }
    if (!PERSONAL_RULE_ROLES.includes(user.role)) {
      diagnostics.warning(
        { file, line: 1 },
        `ignored: user '${user.name.slice(0, 80)}' has role ${user.role}; personal rules are for ${PERSONAL_RULE_ROLES.join(' and ')}`,
      );
      continue;
    }
    rules.push(...readPersonalRules(text, file, user, configuration, diagnostics));
  }
  return rules;
}
