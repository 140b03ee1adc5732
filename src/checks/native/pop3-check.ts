/**
 * `native:pop3 host=H [port=110|995] [ssl=...] [starttls=true] [username=U password=P
 * [mailflowid=ID]] [warning=s] [critical=s]`: the in-process twin of check_pop (seed 003 type
 * `pop3`): a `+OK` greeting, optionally STLS and USER/PASS, and QUIT answered with `+OK`. With
 * `mailflowid`, the headers of the newest mails (TOP n 0) are read for the token mails of that
 * flow sent by `smtp`: their tokens are marked arrived and the mails deleted (DELE, kept by QUIT).
 */
import type { NativeCheck } from './native-check.js';
import { peerText } from './native-result.js';
import { makeMailboxCheck } from './mailbox-check.js';
import { flowTokens, MAX_TOKEN_MAILS, recordArrivals } from './mailbox-tokens.js';
import type { Mailflows } from './mailflow-context.js';
import { subjectOfHeaders } from './mail-token.js';
import { failedStep, type Conversation, type MailProtocol, type Step } from './mail-dialogue.js';

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

/** More header lines than a mail's header has; a longer answer is cut off there. */
const MAX_HEADER_LINES = 1000;

/** Reads a multi-line answer after its `+OK` line, up to the lone dot, undoing dot-stuffing. */
async function multiLine(talk: Conversation, during: string): Promise<{ ok: true; lines: string[] } | Step> {
  const lines: string[] = [];
  for (;;) {
    const read = await talk.reader.readLine();
    if (!read.ok) return failedStep(read.failure, talk, during);
    if (read.text === '.') return { ok: true, lines };
    if (lines.length < MAX_HEADER_LINES) lines.push(read.text.startsWith('.') ? read.text.slice(1) : read.text);
  }
}

/** Finds, records and deletes the token mails of `flowId`, looking at the newest mails. */
async function collectTokens(talk: Conversation, flowId: string, mailflows: Mailflows): Promise<Step> {
  const stat = await command(talk, 'STAT', 'after STAT');
  if (!stat.ok) return stat;
  const count = Number(/^\+OK\s+(\d+)/.exec(stat.text)?.[1] ?? '0');
  const subjects = new Map<number, string>();
  for (let number = count; number > Math.max(0, count - MAX_TOKEN_MAILS); number--) {
    const top = await command(talk, `TOP ${number} 0`, `after TOP ${number} 0`);
    if (!top.ok) return top;
    const headers = await multiLine(talk, `reading the header of mail ${number}`);
    if (!('lines' in headers)) return headers;
    const subject = subjectOfHeaders(headers.lines);
    if (subject !== null) subjects.set(number, subject);
  }
  const tokens = flowTokens(flowId, subjects);
  for (const number of tokens.keys()) {
    const deleted = await command(talk, `DELE ${number}`, `after DELE ${number}`);
    if (!deleted.ok) return deleted;
  }
  return recordArrivals(mailflows, flowId, new Set(tokens.values()));
}

function pop3Protocol(flowId: string | null, mailflows: Mailflows): MailProtocol {
  return {
    label: 'POP',
    async greet(talk) {
      const read = await talk.reader.readLine();
      if (!read.ok) return failedStep(read.failure, talk, 'while waiting for the greeting');
      if (read.text.startsWith('+OK')) return { ok: true, text: read.text };
      return {
        ok: false,
        finding: { status: 1, text: `Unexpected response from host/socket: ${peerText(read.text)}` },
      };
    },
    startTls: (talk) => command(talk, 'STLS', 'after STLS'),
    afterTls: () => null,
    async login(talk, username, password) {
      const user = await command(talk, `USER ${username}`, 'login failed after USER');
      return user.ok ? command(talk, `PASS ${password}`, 'login failed') : user;
    },
    quit: (talk) => command(talk, 'QUIT', 'after QUIT'),
    ...(flowId === null ? {} : { transact: (talk: Conversation) => collectTokens(talk, flowId, mailflows) }),
  };
}

/** The POP3 check, marking the tokens of the mails it finds as arrived in `mailflows`. */
export function makePop3Check(mailflows: Mailflows): NativeCheck {
  return makeMailboxCheck({ label: 'POP', ports: { plain: 110, tls: 995 }, protocol: pop3Protocol }, mailflows);
}
