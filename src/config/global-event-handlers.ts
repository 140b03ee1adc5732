/**
 * The site-wide event handlers (watchpost.yaml's event_handlers, nagios.cfg's
 * global_host_event_handler and global_service_event_handler) and their check against the
 * configuration's commands, shared by both loaders.
 */
import type { Configuration, SourceRef } from '../model/objects.js';
import { parseCommandCall } from './attribute-value.js';
import type { Diagnostics } from './diagnostic.js';
import type { SiteSettings } from './site-settings.js';

/** The names of the global event handler settings, in watchpost.yaml and in nagios.cfg. */
export const GLOBAL_HANDLERS = [
  ['globalHost', 'event_handlers.global_host', 'global_host_event_handler'],
  ['globalService', 'event_handlers.global_service', 'global_service_event_handler'],
] as const;

/**
 * Checks the global event handlers of `settings`: each must name a command of `configuration`, as
 * Nagios requires at start; `where` names the setting and its place for the message.
 */
export function checkGlobalEventHandlers(
  settings: SiteSettings,
  configuration: Configuration,
  diags: Diagnostics,
  where: (key: string) => { readonly name: string; readonly at: SourceRef },
): void {
  for (const [field, key] of GLOBAL_HANDLERS) {
    const text = settings.eventHandlers[field].trim();
    if (text === '') continue;
    const command = parseCommandCall(text).command;
    if (configuration.commands.has(command)) continue;
    const { name, at } = where(key);
    diags.error(at, `${name}: command '${command}' is not defined`);
  }
}
