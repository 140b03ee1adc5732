/**
 * Loads the notification rules of a site: `notification_rules:` of its watchpost.yaml, then the
 * users' personal rules (load-personal-rules.ts), checked against the configuration (contacts,
 * contact groups and time periods must exist).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostics } from '../../config/diagnostic.js';
import { readSiteSettings } from '../../config/site-settings.js';
import { parseYaml } from '../../config/yaml/parse-yaml.js';
import type { Configuration } from '../../model/objects.js';
import type { NotificationRule } from '../route/notification-rule.js';
import { loadPersonalRules, siteRuleFiles } from './load-personal-rules.js';
import { readNotificationRules } from './read-notification-rules.js';

/** The rules and what is wrong with them; with errors the rules are not to be used. */
export interface LoadedRules {
  readonly rules: readonly NotificationRule[];
  readonly diagnostics: Diagnostics;
}

/** Reports names in `rules` that the configuration does not define. */
export function checkRuleReferences(
  rules: readonly NotificationRule[],
  configuration: Configuration,
  diagnostics: Diagnostics,
): void {
  for (const rule of rules) {
    const where = rule.source;
    const label = `notification rule '${rule.description.slice(0, 80)}'`;
    for (const name of rule.recipients.contacts) {
      if (!configuration.contacts.has(name)) diagnostics.error(where, `${label}: no contact '${name.slice(0, 80)}'`);
    }
    const groups = [...rule.recipients.contactGroups, ...(rule.conditions.contactGroups ?? [])];
    for (const name of groups) {
      if (!configuration.contactGroups.has(name))
        diagnostics.error(where, `${label}: no contact group '${name.slice(0, 80)}'`);
    }
    const period = rule.conditions.period;
    if (period !== null && !configuration.timePeriods.has(period)) {
      diagnostics.error(where, `${label}: no time period '${period.slice(0, 80)}'`);
    }
  }
}

/** Reads and checks the rules of the site in `siteDir`: the global ones first, then the personal ones. */
export function loadNotificationRules(siteDir: string, configuration: Configuration): LoadedRules {
  const diagnostics = new Diagnostics();
  const file = 'watchpost.yaml';
  let text: string;
  try {
    text = readFileSync(join(siteDir, file), 'utf8');
  } catch (error) {
    diagnostics.error({ file, line: 0 }, `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return { rules: [], diagnostics };
  }
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    diagnostics.error({ file, line: parsed.line }, `YAML syntax: ${parsed.message}`);
    return { rules: [], diagnostics };
  }
  // The site loader reports the settings' own mistakes; here only the switch is read.
  const settings = readSiteSettings(parsed.value, parsed.lines, {
    file,
    defaultSite: 'site',
    diagnostics: new Diagnostics(),
  });
  const rules = [
    ...readNotificationRules(parsed.value, parsed.lines, file, diagnostics),
    ...loadPersonalRules(siteRuleFiles(siteDir), configuration, settings.notifications.personalRules, diagnostics),
  ];
  checkRuleReferences(rules, configuration, diagnostics);
  return { rules, diagnostics };
}
