/**
 * A nagios.cfg that `nagios4 -v` accepts, for tests and benchmarks that compare with Nagios 4.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The text of a nagios.cfg whose every file lies inside `dir`, reading `objectFiles` and
 * `resourceFile`, plus `extra` directives. Nagios switches to `nagios_user` before it checks that its directories are
 * writable, so that is the current user (numeric ids, which Nagios accepts). Creates the
 * directories Nagios insists on.
 */
export function nagiosMainConfig(
  dir: string,
  objectFiles: readonly string[],
  resourceFile: string,
  extra: readonly string[] = [],
): string {
  for (const sub of ['var', 'rw', 'spool/checkresults', 'tmp', 'var/archives'])
    mkdirSync(join(dir, sub), { recursive: true });
  const v = (name: string): string => join(dir, 'var', name);
  return [
    `log_file=${v('nagios.log')}`,
    ...objectFiles.map((file) => `cfg_file=${file}`),
    `resource_file=${resourceFile}`,
    `object_cache_file=${v('objects.cache')}`,
    `precached_object_file=${v('objects.precache')}`,
    `status_file=${v('status.dat')}`,
    `state_retention_file=${v('retention.dat')}`,
    `command_file=${join(dir, 'rw', 'nagios.cmd')}`,
    `check_result_path=${join(dir, 'spool', 'checkresults')}`,
    `lock_file=${v('nagios.lock')}`,
    `temp_file=${v('nagios.tmp')}`,
    `temp_path=${join(dir, 'tmp')}`,
    `log_archive_path=${join(dir, 'var', 'archives')}`,
    `debug_file=${v('nagios.debug')}`,
    `nagios_user=${process.getuid?.() ?? 0}`,
    `nagios_group=${process.getgid?.() ?? 0}`,
    'interval_length=60',
    'check_external_commands=0',
    'enable_notifications=1',
    'illegal_object_name_chars=`~!$%^&*|\'"<>?,()=',
    'illegal_macro_output_chars=`~$&|\'"<>',
    ...extra,
    '',
  ].join('\n');
}

/** The object counts `nagios4 -v` prints ("Checked 8 services."), keyed as check-config keys them. */
export function parseNagiosVerifyCounts(output: string): Record<string, number> {
  const names: Record<string, string> = {
    services: 'services',
    hosts: 'hosts',
    'host groups': 'hostgroups',
    'service groups': 'servicegroups',
    contacts: 'contacts',
    'contact groups': 'contactgroups',
    commands: 'commands',
    'time periods': 'timeperiods',
    'host escalations': 'hostescalations',
    'service escalations': 'serviceescalations',
    'host dependencies': 'hostdependencies',
    'service dependencies': 'servicedependencies',
  };
  const counts: Record<string, number> = {};
  for (const match of output.matchAll(/^\s*Checked (\d+) ([a-z ]+?)\.?$/gm)) {
    const key = names[match[2] ?? ''];
    if (key !== undefined && !(key in counts)) counts[key] = Number(match[1]);
  }
  return counts;
}
