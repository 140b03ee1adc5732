/**
 * `watchpost start`: runs a site in the foreground.
 */
import { runSite } from '../app/run-site.js';
import { EXIT, type CliCommand } from './cli-command.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the site in the foreground',
  help: `Usage: watchpost start [--site-dir DIR]

Loads and validates the configuration, then runs the site in the foreground until SIGINT
(Ctrl-C) or SIGTERM. SIGHUP reloads the configuration; a configuration with errors is refused
and the running one stays. The daemon's log goes to DIR/log/watchpost.log and the terminal,
the monitoring log to DIR/log/monitoring.log; DIR/run/watchpost.pid holds the process id.

Options:
  --site-dir DIR  site directory (default: the current directory)
  -h, --help      show this help

Exit codes: 0 stopped on request, 1 configuration errors (nothing started),
2 wrong usage, 3 the site could not run (directory not writable, already running).`,
  options: { 'site-dir': { type: 'string', default: '.' } },
  async run(values, _positionals, io) {
    const status = await runSite({
      siteDir: String(values['site-dir'] ?? '.'),
      pid: process.pid,
      console: io.err,
      stopRequested: io.stopRequested,
      onReload: io.onReload,
    });
    return status === 0 ? EXIT.ok : status === 1 ? EXIT.failed : EXIT.runtime;
  },
};
