/**
 * Where Livestatus hands external commands: each is logged as `EXTERNAL COMMAND:` (Nagios logs
 * every command it accepts), translated into monitoring commands and carried out; a command
 * that cannot be carried out is logged with the reason.
 */
import type { Monitoring } from '../engine/start-monitoring.js';
import type { MonitoringLogFile } from '../history/monitoring-log.js';
import type { Logger } from '../lib/logger.js';
import type { CommandOutcome, ExternalCommand } from '../livestatus/ports.js';
import { toMonitoringCommands } from '../livestatus/to-monitoring-commands.js';
import type { Configuration } from '../model/objects.js';

/** Carries out one external command on `monitoring`; says whether it was carried out. */
export function submitExternalCommand(
  command: ExternalCommand,
  target: { readonly monitoring: Monitoring; readonly configuration: Configuration },
  monitoringLog: MonitoringLogFile,
  logger: Logger,
  now: number = Date.now(),
): CommandOutcome {
  monitoringLog.externalCommand(command.text, now);
  const translation = toMonitoringCommands(command, target.configuration, now, target.monitoring);
  if (!translation.ok) {
    logger.log('warn', 'external command refused', {
      command: command.name,
      reason: translation.error,
      ...(command.authUser === undefined ? {} : { auth_user: command.authUser }),
    });
    return { ok: false, reason: translation.error, forbidden: translation.forbidden === true };
  }
  const failures: string[] = [];
  for (const monitoringCommand of translation.commands) {
    const outcome = target.monitoring.command(monitoringCommand);
    if (!outcome.ok) {
      logger.log('warn', 'external command failed', { command: command.name, reason: outcome.error });
      failures.push(outcome.error);
    }
  }
  return failures.length === 0 ? { ok: true } : { ok: false, reason: failures.join('; '), forbidden: false };
}
