/**
 * `native:smtp host=H [port=25|465] [ssl=...] [starttls=true] [helo=NAME] [warning=s]
 * [critical=s]`: the in-process twin of check_smtp (seed 003 type `smtp`): a 220 greeting,
 * EHLO answered with 250, optionally STARTTLS (and EHLO again), QUIT answered with 221.
 */
import { hostname } from 'node:os';
import type { NativeCheck } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult, peerText } from './native-result.js';
import { runSession } from './check-session.js';
import {
  failedStep,
  readMailSettings,
  runMailDialogue,
  type Conversation,
  type MailProtocol,
  type Step,
} from './mail-dialogue.js';

/** More lines than any EHLO answer has; a server sending more is not talking SMTP. */
const MAX_REPLY_LINES = 100;

/**
 * Reads one SMTP reply (`250-...` lines up to the `250 ...` one) and checks its code. A wrong
 * greeting is a WARNING and a wrong answer to a command CRITICAL, as check_smtp has them.
 */
async function reply(talk: Conversation, expected: string, during: string, wrongStatus: 1 | 2 = 2): Promise<Step> {
  const lines: string[] = [];
  for (;;) {
    const read = await talk.reader.readLine();
    if (!read.ok) return failedStep(read.failure, talk, during);
    lines.push(read.text);
    const final = /^(\d{3})(?: |$)/.exec(read.text);
    if (final !== null) {
      if (final[1] === expected) return { ok: true, text: lines.join(' ') };
      return {
        ok: false,
        finding: { status: wrongStatus, text: `Unexpected answer ${during}: ${peerText(read.text)}` },
      };
    }
    if (!/^\d{3}-/.test(read.text) || lines.length >= MAX_REPLY_LINES) {
      return {
        ok: false,
        finding: { status: wrongStatus, text: `Invalid SMTP reply ${during}: ${peerText(read.text)}` },
      };
    }
  }
}

async function command(talk: Conversation, line: string, expected: string, during: string): Promise<Step> {
  const failure = await talk.reader.write(`${line}\r\n`);
  if (failure !== null) return failedStep(failure, talk, during);
  return reply(talk, expected, during);
}

function smtpProtocol(helo: string): MailProtocol {
  return {
    label: 'SMTP',
    async greet(talk) {
      const greeting = await reply(talk, '220', 'in the greeting', 1);
      if (!greeting.ok) return greeting;
      const ehlo = await command(talk, `EHLO ${helo}`, '250', 'after EHLO');
      return ehlo.ok ? greeting : ehlo;
    },
    startTls: (talk) => command(talk, 'STARTTLS', '220', 'after STARTTLS'),
    afterTls: (talk) => command(talk, `EHLO ${helo}`, '250', 'after EHLO over TLS'),
    login: () => Promise.resolve({ ok: true, text: '' }),
    quit: (talk) => command(talk, 'QUIT', '221', 'after QUIT'),
  };
}

/** The SMTP check. */
export const smtpCheck: NativeCheck = (parameters, context) => {
  const reader = new ParameterReader(parameters);
  const settings = readMailSettings(reader, { plain: 25, tls: 465 }, { login: false });
  const helo = reader.text('helo', hostname());
  if (!/^[A-Za-z0-9.\-[\]:]+$/.test(helo)) reader.problems.push(`parameter "helo" must be a host name, not "${helo}"`);
  reader.rejectUnknown();
  if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult('SMTP', reader.problems));
  return runSession(context, (session) => runMailDialogue(smtpProtocol(helo), settings, session));
};
