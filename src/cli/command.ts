/**
 * `watchpost command`: sends external commands to a site over Livestatus. Commands are checked
 * here first, because Livestatus answers nothing to a COMMAND, not even to a wrong one.
 */
import { parseCommand } from '../livestatus/parse-command.js';
import { sendRequest } from '../livestatus/socket/send-request.js';
import { EXIT, type CliCommand } from './cli-command.js';
import { ADDRESS_HELP, ADDRESS_OPTIONS, addressFrom, timeoutFrom } from './query.js';

/** `watchpost command`. */
export const commandCommand: CliCommand = {
  name: 'command',
  summary: 'send external commands (acknowledge, downtime, check result, ...)',
  help: `Usage: watchpost command [--site-dir DIR | --socket PATH | --tcp HOST:PORT] 'NAME;ARG;...'...

Sends each argument as a Livestatus external command, with the current time as its timestamp
unless it starts with one ('[1700000000] NAME;...'). Examples:

  watchpost command 'ACKNOWLEDGE_SVC_PROBLEM;web01;HTTP;2;1;1;ann;looking into it'
  watchpost command 'SCHEDULE_FORCED_SVC_CHECK;web01;HTTP;1700000000'
  watchpost command 'PROCESS_SERVICE_CHECK_RESULT;web01;Backup;0;OK - done'

Every command is checked (known name, number and form of the arguments) before any is sent.
The site does not answer commands; whether an object exists is checked when it runs them.

Options:
${ADDRESS_HELP}
  -h, --help        show this help

Exit codes: 0 sent, 1 a command is unknown or malformed (nothing sent), 2 wrong usage,
3 the site could not be reached.`,
  options: ADDRESS_OPTIONS,
  async run(values, positionals, io) {
    const address = addressFrom(values, io);
    const timeout = timeoutFrom(values);
    if (!address.ok || timeout === null) {
      io.err(`watchpost command: ${address.ok ? '--timeout expects seconds (1 to 86400)' : address.message}`);
      return EXIT.usage;
    }
    if (positionals.length === 0) {
      io.err("watchpost command: no command given, e.g. 'ENABLE_NOTIFICATIONS'");
      return EXIT.usage;
    }
    const now = Math.floor(Date.now() / 1000);
    const lines: string[] = [];
    let bad = 0;
    for (const given of positionals) {
      const text = given.trim().replace(/^COMMAND\s+/, '');
      if (/[\r\n]/.test(text)) {
        io.err(`watchpost command: a command is one line: '${text.slice(0, 80)}'`);
        bad++;
        continue;
      }
      const stamped = text.startsWith('[') ? text : `[${now}] ${text}`;
      const parsed = parseCommand(stamped);
      if (parsed.kind === 'bad-command') {
        io.err(`watchpost command: ${parsed.reason}`);
        bad++;
      } else {
        lines.push(`COMMAND ${stamped}\n\n`);
      }
    }
    if (bad > 0) return EXIT.failed;
    const sent = await sendRequest(address.address, lines.join(''), timeout);
    if (!sent.ok) {
      io.err(`watchpost command: ${sent.reason}`);
      return EXIT.runtime;
    }
    return EXIT.ok;
  },
};
