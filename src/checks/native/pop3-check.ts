/**
 * `native:pop3 host=H [port=110|995] [ssl=...] [starttls=true] [username=U password=P]
 * [warning=s] [critical=s]`: the in-process twin of check_pop (seed 003 type `pop3`): a `+OK`
 * greeting, optionally STLS and USER/PASS, and QUIT answered with `+OK`.
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

async function answer(talk: Conversation, during: string): Promise<Step> {
  const read = await talk.reader.readLine();
  if (!read.ok) return failedStep(read.failure, talk, during);
  if (read.text.startsWith('+OK')) return { ok: true, text: read.text };
  return { ok: false, finding: { status: 2, text: `${during}: ${peerText(read.text)}` } };
}

async function command(talk: Conversation, line: string, during: string): Promise<Step> {
  const failure = await talk.reader.write(`${line}\r\n`);
  if (failure !== null) return failedStep(failure, talk, during);
  return answer(talk, during);
}

const pop3Protocol: MailProtocol = {
  label: 'POP',
  async greet(talk) {
    const read = await talk.reader.readLine();
    if (!read.ok) return failedStep(read.failure, talk, 'while waiting for the greeting');
    if (read.text.startsWith('+OK')) return { ok: true, text: read.text };
    return { ok: false, finding: { status: 1, text: `Unexpected response from host/socket: ${peerText(read.text)}` } };
  },
  startTls: (talk) => command(talk, 'STLS', 'after STLS'),
  afterTls: () => null,
  async login(talk, username, password) {
    const user = await command(talk, `USER ${username}`, 'login failed after USER');
    return user.ok ? command(talk, `PASS ${password}`, 'login failed') : user;
  },
  quit: (talk) => command(talk, 'QUIT', 'after QUIT'),
};

/** The POP3 check. */
export const pop3Check: NativeCheck = (parameters, context) => {
  const reader = new ParameterReader(parameters);
  const settings = readMailSettings(reader, { plain: 110, tls: 995 }, { login: true });
  reader.rejectUnknown();
  if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult('POP', reader.problems));
  return runSession(context, (session) => runMailDialogue(pop3Protocol, settings, session));
};
