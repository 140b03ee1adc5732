/**
 * Loading a Nagios installation from its nagios.cfg into one Configuration (for `import-nagios`
 * and the comparison with Nagios). Kept apart from the site loader so that reading Nagios files
 * does not load the YAML modules. A configuration with errors is never returned as runnable.
 */
import { resolve } from 'node:path';
import { buildConfiguration } from './build.js';
import { Diagnostics } from './diagnostic.js';
import { checkGlobalEventHandlers, GLOBAL_HANDLERS } from './global-event-handlers.js';
import type { LoadResult } from './load-site.js';
import { readNagiosConfig, type NagiosConfig } from './nagios/read-nagios.js';
import { readSiteSettings, type SiteSettings } from './site-settings.js';
import type { YamlLines } from './yaml/parse-yaml.js';

const NO_LINES: YamlLines = { lineOf: () => 0, keyLineOf: () => 0 };

/**
 * The nagios.cfg directives that mean something to a site, mapped onto its settings:
 * global_host_event_handler, global_service_event_handler, enable_event_handlers and
 * cached_host_check_horizon. A bad value is reported at its line and the default kept.
 */
function settingsFromNagios(
  settings: SiteSettings,
  nagios: NagiosConfig,
  file: string,
  diags: Diagnostics,
): SiteSettings {
  const option = (name: string): { value: string; line: number } | undefined => nagios.options.get(name);
  let { eventHandlers, checks } = settings;
  for (const [field, , name] of GLOBAL_HANDLERS) {
    const value = option(name)?.value;
    if (value !== undefined) eventHandlers = { ...eventHandlers, [field]: value };
  }
  const enable = option('enable_event_handlers');
  if (enable !== undefined) {
    if (enable.value === '0' || enable.value === '1')
      eventHandlers = { ...eventHandlers, enabled: enable.value === '1' };
    else diags.error({ file, line: enable.line }, `enable_event_handlers must be 0 or 1, got '${enable.value}'`);
  }
  const horizon = option('cached_host_check_horizon');
  if (horizon !== undefined) {
    if (/^\d{1,5}$/.test(horizon.value)) checks = { ...checks, cachedHostCheckHorizon: Number(horizon.value) };
    else diags.error({ file, line: horizon.line }, `cached_host_check_horizon must be seconds, got '${horizon.value}'`);
  }
  return { ...settings, eventHandlers, checks };
}

/** Reads and builds a Nagios configuration from its nagios.cfg (for `import-nagios`). */
export function loadNagiosMainConfig(nagiosCfgPath: string): LoadResult {
  const diags = new Diagnostics();
  const nagios = readNagiosConfig(resolve(nagiosCfgPath), diags);
  const configuration = buildConfiguration({
    definitions: nagios.definitions,
    userMacros: nagios.userMacros,
    diagnostics: diags,
  });
  const defaults = readSiteSettings(undefined, NO_LINES, {
    file: nagiosCfgPath,
    defaultSite: 'nagios',
    diagnostics: diags,
  });
  const settings = settingsFromNagios(defaults, nagios, nagiosCfgPath, diags);
  checkGlobalEventHandlers(settings, configuration, diags, (key) => {
    const name = GLOBAL_HANDLERS.find(([, yamlKey]) => yamlKey === key)?.[2] ?? key;
    return { name, at: { file: nagiosCfgPath, line: nagios.options.get(name)?.line ?? 0 } };
  });
  if (diags.errorCount > 0) return { ok: false, diagnostics: diags, files: nagios.files };
  return {
    ok: true,
    configuration,
    settings: { ...settings, intervalLength: nagios.intervalLength },
    diagnostics: diags,
    files: nagios.files,
  };
}
