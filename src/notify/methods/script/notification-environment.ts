/**
 * The environment of a notification script: every macro of the notification three times, as
 * `NOTIFY_<MACRO>` (Checkmk), `NAGIOS_<MACRO>` (Nagios' environment macros) and
 * `ICINGA_<MACRO>` (Icinga 1), so that existing scripts run unmodified; plus `NOTIFY_WHAT`
 * (HOST or SERVICE), `NOTIFY_ID` (the notification's id, the same on a repeated delivery) and
 * `NOTIFY_PARAMETER_n` for the words of a rule's `parameters`. Pure.
 */
import type { NotificationJob } from '../../notification-job.js';

/** The variables a script gets besides `PATH` and `LANG`. */
export function notificationEnvironment(
  job: NotificationJob,
  parameters: readonly string[] = [],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(job.macros)) {
    // $USERn$ macros hold secrets for command lines; they never go into the environment, as in Nagios.
    if (/^USER\d+$/.test(name)) continue;
    const clean = value.replaceAll('\u0000', '');
    env[`NOTIFY_${name}`] = clean;
    env[`NAGIOS_${name}`] = clean;
    env[`ICINGA_${name}`] = clean;
  }
  env.NOTIFY_WHAT = job.what;
  env.NOTIFY_ID = job.id;
  env.NOTIFY_CONTACTNAME = job.contact;
  parameters.forEach((p, i) => {
    env[`NOTIFY_PARAMETER_${i + 1}`] = p;
  });
  return env;
}
