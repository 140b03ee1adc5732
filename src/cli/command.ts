/**
 * `watchpost command`: sends external commands to a site over Livestatus. Commands are checked
 * here first; each is sent with `ResponseHeader: fixed16`, to which Watchpost answers with the
 * outcome (a refused command is reported). Livestatus servers that answer nothing to a COMMAND
 * (Checkmk) leave the outcome unknown, which counts as sent.
 */
import { parseCommand } from '../livestatus/parse-command.js';
import { sendRequest } from '../livestatus/socket/send-request.js';
import { EXIT, type CliCommand } from './cli-command.js';
import { ADDRESS_HELP, ADDRESS_OPTIONS, addressFrom, timeoutFrom } from './query.js';

/** `watchpost command`. */
export const commandCommand: CliCommand = {
  name: 'command',
  summary: 'send external commands (acknowledge, downtime, check result, ...)',
  help: `Usage: watchpost command [--site-dir DIR | --socket PATH | --tcp HOST:PORT [TLS options]] 'NAME;ARG;...'...

Sends each argument as a Livestatus external command, with the current time as its timestamp
unless it starts with one ('[1700000000] NAME;...'). Examples:

  watchpost command 'ACKNOWLEDGE_SVC_PROBLEM;web01;HTTP;2;1;1;ann;looking into it'
  watchpost command 'SCHEDULE_FORCED_SVC_CHECK;web01;HTTP;1700000000'
  watchpost command 'PROCESS_SERVICE_CHECK_RESULT;web01;Backup;0;OK - done'

Every command is checked (known name, number and form of the arguments) before any is sent.
The site then says for each whether it carried it out: an unknown object, or an object the
AuthUser may not command, is printed with the site's reason.

Options:
${ADDRESS_HELP}
  -h, --help        show this help

Exit codes: 0 sent (and carried out, as far as the site says), 1 a command is unknown or
malformed (nothing sent) or the site refused one, 2 wrong usage, 3 the site could not be reached.`,
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
        lines.push(`COMMAND ${stamped}\nResponseHeader: fixed16\n\n`);
      }
    }
    if (bad > 0) return EXIT.failed;
    const sent = await sendRequest(address.address, lines.join(''), timeout);
    if (!sent.ok) {
      io.err(`watchpost command: ${sent.reason}`);
      return EXIT.runtime;
    }
    let refused = 0;
    for (const [i, answer] of readFrames(sent.answer).entries()) {
      if (answer.code === 200) continue;
      refused++;
      const command = lines[i]?.split('\n')[0] ?? '';
      io.err(`watchpost command: ${command.replace(/^COMMAND /, '')}: ${answer.code}: ${answer.body.trimEnd()}`);
    }
    return refused > 0 ? EXIT.failed : EXIT.ok;
  },
};

/** The fixed16-framed answers in `bytes`, in order; stops at anything else. */
function readFrames(bytes: Buffer): { code: number; body: string }[] {
  const frames: { code: number; body: string }[] = [];
  let at = 0;
  while (at + 16 <= bytes.length) {
    const header = /^(\d{3}) {1,11}(\d+)\n$/.exec(bytes.subarray(at, at + 16).toString('latin1'));
    if (header === null) break;
    const length = Number(header[2]);
    frames.push({ code: Number(header[1]), body: bytes.subarray(at + 16, at + 16 + length).toString('utf8') });
    at += 16 + length;
  }
  return frames;
}
