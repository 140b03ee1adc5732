/**
 * Event handlers after a result, as Nagios 4 runs them (sehandlers.c `handle_host_event`,
 * `handle_service_event`): first the site's global handler (`global_host_event_handler`,
 * `global_service_event_handler`) when event handlers are on globally, then the object's own
 * when they are also on for the object. Both run through the plugin runner with the check
 * timeout; their results change nothing. See should-run-event-handler.ts for when.
 */
import { parseCommandCall } from '../config/attribute-value.js';
import type { Logger } from '../lib/logger.js';
import type { PluginStatus } from '../model/check-result.js';
import { hostStatus, problemOf, serviceStatus, type CheckState } from '../model/check-state.js';
import type { StateChangeFacts } from '../model/macros.js';
import type { CommandCall, Configuration } from '../model/objects.js';
import { refOf } from '../model/object-ref.js';
import { shouldRunEventHandler, shouldRunGlobalEventHandler } from '../model/should-run-event-handler.js';
import { checkedObject, type CheckTarget } from './check-targets.js';
import type { MonitoringCore } from './monitoring-core.js';
import { planEventHandler } from './plan-event-handler.js';
import type { RunPlugin } from './ports.js';

/** The site's global event handlers, `null` where none is set. */
export interface GlobalEventHandlers {
  readonly host: CommandCall | null;
  readonly service: CommandCall | null;
  /** The handlers as configured (`name!arg`), for the log line, which Nagios writes so. */
  readonly hostText: string;
  readonly serviceText: string;
}

/** What running event handlers needs. */
export interface EventHandlerOptions {
  readonly core: MonitoringCore;
  readonly configuration: Configuration;
  readonly globals: GlobalEventHandlers;
  readonly runPlugin: RunPlugin;
  readonly timeoutSeconds: number;
  readonly timeoutStatus: PluginStatus;
  /** Aborts running handlers when monitoring stops. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/** One result's change, as the engine hands it over. */
export interface HandledChange {
  readonly target: CheckTarget;
  readonly before: CheckState<string>;
  readonly after: CheckState<string>;
  /** The state type and attempt of the change, as its alert line has them. */
  readonly change: StateChangeFacts;
  readonly now: number;
}

/**
 * A handler as Nagios logs it: as configured, `name!arg1!arg2` (`event_handler` of the object),
 * here rebuilt from the parsed call.
 */
function callText(call: CommandCall | null, fallback: string): string {
  return call === null ? fallback : [call.command, ...call.args].join('!');
}

/** Runs event handlers and keeps track of those still running. */
export class EventHandlers {
  readonly #options: EventHandlerOptions;
  readonly #running = new Set<Promise<void>>();

  constructor(options: EventHandlerOptions) {
    this.#options = options;
  }

  /** Runs the handlers a result calls for: the global one first, then the object's own. */
  afterResult(handled: HandledChange): void {
    const { core, globals } = this.#options;
    const { target, before, after } = handled;
    const globalEnabled = core.globals().eventHandlers;
    if (shouldRunGlobalEventHandler({ before, after, globalEnabled })) {
      const call = target.object === 'host' ? globals.host : globals.service;
      const text = target.object === 'host' ? globals.hostText : globals.serviceText;
      if (call !== null) this.#run(handled, { call, logged: text, global: true });
    }
    const objectEnabled = core.switchesOf(target.key)?.eventHandlers ?? false;
    if (shouldRunEventHandler({ before, after, globalEnabled, objectEnabled })) this.#run(handled, null);
  }

  /** The handlers still running (monitoring waits for them when it stops). */
  running(): readonly Promise<void>[] {
    return [...this.#running];
  }

  /** Runs the object's own handler (`global` null) or the global one for `handled.target`. */
  #run(
    handled: HandledChange,
    global: { readonly call: CommandCall; readonly logged: string; readonly global: true } | null,
  ): void {
    const { core, configuration, runPlugin, logger } = this.#options;
    const { target, now, change } = handled;
    const current = core.state.statuses.get(target.key);
    const host = core.state.statuses.get(target.host.name);
    if (current === undefined) return;
    const handler = planEventHandler(target, {
      configuration,
      hostState: host?.object === 'host' ? host.state : { kind: 'pending' },
      serviceState: current.object === 'service' ? current.state : undefined,
      now,
      change,
      ...(global === null ? {} : { call: global.call }),
    });
    if (handler === null) return;
    const stateName =
      current.object === 'host'
        ? hostStatus(problemOf(current.state)).name
        : serviceStatus(problemOf(current.state)).name;
    core.emit({
      kind: 'event-handler',
      at: now,
      target: refOf(current),
      state: stateName,
      stateType: change.stateType,
      attempt: change.attempt,
      command: global === null ? callText(checkedObject(target).eventHandler, handler.command) : global.logged,
      ...(global === null ? {} : { global: true }),
    });
    const task: Promise<void> = runPlugin({
      commandLine: handler.commandLine,
      timeoutSeconds: this.#options.timeoutSeconds,
      timeoutStatus: this.#options.timeoutStatus,
      signal: this.#options.signal,
    })
      .then(() => undefined)
      .catch((error: unknown) =>
        logger.log('error', 'event handler failed', { object: target.key, error: String(error) }),
      )
      .finally(() => this.#running.delete(task));
    this.#running.add(task);
  }
}

/**
 * The global handlers of the site settings (`name!arg1!arg2`, `''` for none), read as Nagios
 * reads `global_host_event_handler` and `global_service_event_handler`.
 */
export function globalEventHandlers(settings: {
  readonly globalHost: string;
  readonly globalService: string;
}): GlobalEventHandlers {
  const callOf = (text: string): CommandCall | null => (text.trim() === '' ? null : parseCommandCall(text));
  return {
    host: callOf(settings.globalHost),
    service: callOf(settings.globalService),
    hostText: settings.globalHost.trim(),
    serviceText: settings.globalService.trim(),
  };
}
