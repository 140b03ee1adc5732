/**
 * `native:smtp host=H [port=25|465] [ssl=...] [starttls=true] [helo=NAME] [email=ADDRESS
 * [mailflowid=ID]] [warning=s] [critical=s]`: the in-process twin of check_smtp (seed 003 type
 * `smtp`): a 220 greeting, EHLO answered with 250, optionally STARTTLS (and EHLO again), QUIT
 * answered with 221. With `email`, a token mail goes to that address (from it) and its token is
 * stored with the flow id (`mailflowid`, default the address) and the send time, for the
 * `imap`/`pop3` checks to find and `mailflow` to judge.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { readFlowId, type Mailflows } from './mailflow-context.js';
import { withSentToken } from './mailflow-tokens.js';
import { tokenMailData } from './mail-token.js';
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

/** Where a token mail goes. */
interface FlowMail {
  readonly email: string;
  readonly flowId: string;
}

/** Sends the token mail and stores its token once the server has accepted it. */
async function sendToken(talk: Conversation, helo: string, mail: FlowMail, mailflows: Mailflows): Promise<Step> {
  const from = await command(talk, `MAIL FROM:<${mail.email}>`, '250', 'after MAIL FROM');
  if (!from.ok) return from;
  const to = await command(talk, `RCPT TO:<${mail.email}>`, '250', 'after RCPT TO');
  if (!to.ok) return to;
  const data = await command(talk, 'DATA', '354', 'after DATA');
  if (!data.ok) return data;
  const token = randomUUID();
  const sentAt = mailflows.now();
  const text = tokenMailData({ flowId: mail.flowId, token, sentAt, from: mail.email, to: mail.email, hostName: helo });
  const accepted = await command(talk, text.slice(0, -2), '250', 'after the token mail');
  if (!accepted.ok) return accepted;
  const stored = await mailflows.store.update((state) => ({
    state: withSentToken(state, mail.flowId, token, sentAt),
    value: null,
  }));
  if (stored.problem !== null) return { ok: false, finding: { status: 1, text: stored.problem } };
  return { ok: true, text: `token mail ${token} of flow ${mail.flowId} sent to ${mail.email}` };
}

function smtpProtocol(helo: string, mail: FlowMail | null, mailflows: Mailflows): MailProtocol {
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
    ...(mail === null ? {} : { transact: (talk: Conversation) => sendToken(talk, helo, mail, mailflows) }),
    quit: (talk) => command(talk, 'QUIT', '221', 'after QUIT'),
  };
}

/** The SMTP check, keeping the tokens of the mails it sends in `mailflows`. */
export function makeSmtpCheck(mailflows: Mailflows): NativeCheck {
  return (parameters, context) => {
    const reader = new ParameterReader(parameters);
    const settings = readMailSettings(reader, { plain: 25, tls: 465 }, { login: false });
    const helo = reader.text('helo', hostname());
    if (!/^[A-Za-z0-9.\-[\]:]+$/.test(helo))
      reader.problems.push(`parameter "helo" must be a host name, not "${helo}"`);
    const email = reader.text('email', null);
    if (email !== null && !/^[^\s<>@]+@[^\s<>@]+$/.test(email))
      reader.problems.push(`parameter "email" must be a mail address like monitor@example.org, not "${email}"`);
    const flowId = readFlowId(reader, 'mailflowid', email);
    if (email === null && flowId !== null)
      reader.problems.push('parameter "mailflowid" needs "email", the address to send to');
    reader.rejectUnknown();
    if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult('SMTP', reader.problems));
    const mail = email === null || flowId === null ? null : { email, flowId };
    return runSession(context, (session) => runMailDialogue(smtpProtocol(helo, mail, mailflows), settings, session));
  };
}
