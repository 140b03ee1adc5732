/**
 * `native:imap host=H [port=143|993] [ssl=...] [starttls=true] [username=U password=P]
 * [warning=s] [critical=s]`: the in-process twin of check_imap (seed 003 type `imap`): an
 * `* OK` greeting, optionally STARTTLS and LOGIN, and LOGOUT answered properly.
 */
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

/** Untagged lines tolerated before a tagged answer (CAPABILITY, BYE, ...). */
const MAX_UNTAGGED_LINES = 100;

/** An IMAP quoted string. */
export function imapQuoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

async function tagged(talk: Conversation, tag: string, line: string, during: string): Promise<Step> {
  const failure = await talk.reader.write(`${tag} ${line}\r\n`);
  if (failure !== null) return failedStep(failure, talk, during);
  for (let lines = 0; lines < MAX_UNTAGGED_LINES; lines++) {
    const read = await talk.reader.readLine();
    if (!read.ok) return failedStep(read.failure, talk, during);
    if (!read.text.startsWith(`${tag} `)) continue;
    const answer = read.text.slice(tag.length + 1);
    if (/^OK\b/i.test(answer)) return { ok: true, text: answer };
    return { ok: false, finding: { status: 2, text: `${during}: ${peerText(answer)}` } };
  }
  return { ok: false, finding: { status: 2, text: `no tagged answer ${during}` } };
}

const imapProtocol: MailProtocol = {
  label: 'IMAP',
  async greet(talk) {
    const read = await talk.reader.readLine();
    if (!read.ok) return failedStep(read.failure, talk, 'while waiting for the greeting');
    if (/^\* (OK|PREAUTH)\b/i.test(read.text)) return { ok: true, text: read.text };
    return { ok: false, finding: { status: 1, text: `Unexpected response from host/socket: ${peerText(read.text)}` } };
  },
  startTls: (talk) => tagged(talk, 'w1', 'STARTTLS', 'after STARTTLS'),
  afterTls: () => null,
  login: (talk, username, password) =>
    tagged(talk, 'w2', `LOGIN ${imapQuoted(username)} ${imapQuoted(password)}`, 'login failed'),
  quit: (talk) => tagged(talk, 'w3', 'LOGOUT', 'after LOGOUT'),
};

/** The IMAP check. */
export const imapCheck: NativeCheck = (parameters, context) => {
  const reader = new ParameterReader(parameters);
  const settings = readMailSettings(reader, { plain: 143, tls: 993 }, { login: true });
  reader.rejectUnknown();
  if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult('IMAP', reader.problems));
  return runSession(context, (session) => runMailDialogue(imapProtocol, settings, session));
};
