/**
 * `native:imap host=H [port=143|993] [ssl=...] [starttls=true] [username=U password=P
 * [mailflowid=ID]] [warning=s] [critical=s]`: the in-process twin of check_imap (seed 003 type
 * `imap`): an `* OK` greeting, optionally STARTTLS and LOGIN, and LOGOUT answered properly.
 * With `mailflowid`, INBOX is searched for the token mails of that flow sent by `smtp`: their
 * tokens are marked arrived and the mails deleted (so the mailbox does not fill up).
 */
import type { NativeCheck } from './native-check.js';
import { peerText } from './native-result.js';
import { makeMailboxCheck } from './mailbox-check.js';
import { flowTokens, MAX_TOKEN_MAILS, recordArrivals } from './mailbox-tokens.js';
import type { Mailflows } from './mailflow-context.js';
import { flowSubjectPrefix, subjectOfHeaders } from './mail-token.js';
import { failedStep, type Conversation, type MailProtocol, type Step } from './mail-dialogue.js';

/** Untagged lines tolerated before a tagged answer (CAPABILITY, BYE, ...). */
const MAX_UNTAGGED_LINES = 100;

/** An IMAP quoted string. */
export function imapQuoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

/** A tagged OK answer with the untagged lines before it, or the failed step. */
type Answer = { ok: true; text: string; untagged: string[] } | { ok: false; step: Step };

async function taggedLines(
  talk: Conversation,
  tag: string,
  line: string,
  during: string,
  maxLines = MAX_UNTAGGED_LINES,
): Promise<Answer> {
  const failed = (step: Step): Answer => ({ ok: false, step });
  const failure = await talk.reader.write(`${tag} ${line}\r\n`);
  if (failure !== null) return failed(failedStep(failure, talk, during));
  const untagged: string[] = [];
  for (let lines = 0; lines < maxLines; lines++) {
    const read = await talk.reader.readLine();
    if (!read.ok) return failed(failedStep(read.failure, talk, during));
    if (!read.text.startsWith(`${tag} `)) {
      untagged.push(read.text);
      continue;
    }
    const answer = read.text.slice(tag.length + 1);
    if (/^OK\b/i.test(answer)) return { ok: true, text: answer, untagged };
    return failed({ ok: false, finding: { status: 2, text: `${during}: ${peerText(answer)}` } });
  }
  return failed({ ok: false, finding: { status: 2, text: `no tagged answer ${during}` } });
}

async function tagged(talk: Conversation, tag: string, line: string, during: string): Promise<Step> {
  const answer = await taggedLines(talk, tag, line, during);
  return answer.ok ? { ok: true, text: answer.text } : answer.step;
}

/** The subjects of the FETCH answers in `lines`, by message number. */
function fetchedSubjects(lines: readonly string[]): Map<number, string> {
  const subjects = new Map<number, string>();
  let number: number | null = null;
  let headers: string[] = [];
  const flush = (): void => {
    const subject = subjectOfHeaders(headers);
    if (number !== null && subject !== null) subjects.set(number, subject);
  };
  for (const line of lines) {
    const start = /^\* (\d+) FETCH /i.exec(line);
    if (start !== null) {
      flush();
      number = Number(start[1]);
      headers = [];
    } else headers.push(line);
  }
  flush();
  return subjects;
}

/** Finds, records and deletes the token mails of `flowId` in INBOX. */
async function collectTokens(talk: Conversation, flowId: string, mailflows: Mailflows): Promise<Step> {
  const select = await tagged(talk, 'w4', 'SELECT INBOX', 'after SELECT INBOX');
  if (!select.ok) return select;
  const search = await taggedLines(
    talk,
    'w5',
    `SEARCH SUBJECT ${imapQuoted(flowSubjectPrefix(flowId))}`,
    'after SEARCH',
  );
  if (!search.ok) return search.step;
  const numbers = search.untagged
    .flatMap((line) => /^\* SEARCH\b(.*)$/i.exec(line)?.[1]?.trim().split(/\s+/) ?? [])
    .filter((word) => /^\d+$/.test(word))
    .slice(0, MAX_TOKEN_MAILS);
  if (numbers.length === 0) return recordArrivals(mailflows, flowId, new Set());
  const fetch = await taggedLines(
    talk,
    'w6',
    `FETCH ${numbers.join(',')} (BODY.PEEK[HEADER.FIELDS (SUBJECT)])`,
    'after FETCH',
    numbers.length * 10 + MAX_UNTAGGED_LINES,
  );
  if (!fetch.ok) return fetch.step;
  const tokens = flowTokens(flowId, fetchedSubjects(fetch.untagged));
  if (tokens.size > 0) {
    const marked = await tagged(
      talk,
      'w7',
      `STORE ${[...tokens.keys()].join(',')} +FLAGS.SILENT (\\Deleted)`,
      'after STORE',
    );
    if (!marked.ok) return marked;
    const expunged = await taggedLines(talk, 'w8', 'EXPUNGE', 'after EXPUNGE', tokens.size + MAX_UNTAGGED_LINES);
    if (!expunged.ok) return expunged.step;
  }
  return recordArrivals(mailflows, flowId, new Set(tokens.values()));
}

function imapProtocol(flowId: string | null, mailflows: Mailflows): MailProtocol {
  return {
    label: 'IMAP',
    async greet(talk) {
      const read = await talk.reader.readLine();
      if (!read.ok) return failedStep(read.failure, talk, 'while waiting for the greeting');
      if (/^\* (OK|PREAUTH)\b/i.test(read.text)) return { ok: true, text: read.text };
      return {
        ok: false,
        finding: { status: 1, text: `Unexpected response from host/socket: ${peerText(read.text)}` },
      };
    },
    startTls: (talk) => tagged(talk, 'w1', 'STARTTLS', 'after STARTTLS'),
    afterTls: () => null,
    login: (talk, username, password) =>
      tagged(talk, 'w2', `LOGIN ${imapQuoted(username)} ${imapQuoted(password)}`, 'login failed'),
    quit: (talk) => tagged(talk, 'w3', 'LOGOUT', 'after LOGOUT'),
    ...(flowId === null ? {} : { transact: (talk: Conversation) => collectTokens(talk, flowId, mailflows) }),
  };
}

/** The IMAP check, marking the tokens of the mails it finds as arrived in `mailflows`. */
export function makeImapCheck(mailflows: Mailflows): NativeCheck {
  return makeMailboxCheck({ label: 'IMAP', ports: { plain: 143, tls: 993 }, protocol: imapProtocol }, mailflows);
}
