/**
 * `watchpost check-config`: validates a site's configuration, prints every problem with
 * file:line and the count of every object type.
 */
import { formatDiagnostic, type Diagnostics } from '../config/diagnostic.js';
import { loadSite } from '../config/load-site.js';
import { countObjects } from '../model/objects.js';
import { loadNotificationRules } from '../notify/config/load-notification-rules.js';
import { EXIT, type CliCommand, type CliIo } from './cli-command.js';

/** Prints diagnostics, errors last so they stay on screen; returns the number of errors. */
export function printDiagnostics(diagnostics: Diagnostics, io: CliIo, quiet = false): number {
  const order = { notice: 0, warning: 1, error: 2 } as const;
  const items = [...diagnostics.items].sort((a, b) => order[a.severity] - order[b.severity]);
  for (const d of items) if (!quiet || d.severity === 'error') io.err(formatDiagnostic(d));
  return diagnostics.errorCount;
}

export const checkConfigCommand: CliCommand = {
  name: 'check-config',
  summary: 'validate the configuration and print object counts',
  help: `Usage: watchpost check-config [--site-dir DIR] [--json] [--quiet]

Reads watchpost.yaml and conf.d/ of the site directory (and a nagios.cfg named in
watchpost.yaml), checks every reference and the notification rules, and prints the number of
objects of each type.
Every problem is printed as FILE:LINE: error|warning|notice: MESSAGE.

Options:
  --site-dir DIR  site directory (default: the current directory)
  --json          print the counts as one JSON object keyed by object type
  --quiet         print errors only
  -h, --help      show this help

Exit codes: 0 valid, 1 errors found, 2 wrong usage.`,
  options: {
    'site-dir': { type: 'string', default: '.' },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
  async run(values, _positionals, io) {
    const siteDir = String(values['site-dir'] ?? '.');
    const result = loadSite(siteDir);
    let errors = printDiagnostics(result.diagnostics, io, values.quiet === true);
    // Notification rules refer to contacts and periods, so they are checked once those are known.
    if (result.ok)
      errors += printDiagnostics(
        loadNotificationRules(siteDir, result.configuration).diagnostics,
        io,
        values.quiet === true,
      );
    if (!result.ok || errors > 0) {
      io.err(`${errors} error${errors === 1 ? '' : 's'}: the configuration cannot run`);
      if (values.json === true) io.out(JSON.stringify({ ok: false, errors }));
      return EXIT.failed;
    }
    const counts = countObjects(result.configuration);
    if (values.json === true) {
      io.out(JSON.stringify(counts));
    } else {
      const width = Math.max(...Object.keys(counts).map((k) => k.length));
      for (const [type, count] of Object.entries(counts)) io.out(`${type.padEnd(width)}  ${count}`);
      const warnings = result.diagnostics.items.filter((d) => d.severity === 'warning').length;
      io.out(
        `configuration of site '${result.settings.site}' is valid (${warnings} warning${warnings === 1 ? '' : 's'})`,
      );
    }
    return EXIT.ok;
  },
};
