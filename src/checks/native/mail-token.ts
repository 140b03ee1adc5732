/**
 * The token mail of a mail flow (seed 003): its subject names the flow, the token and the send
 * time, so the mailbox checks find it by subject alone (an IMAP SEARCH, a POP3 TOP with no body
 * lines) and a person reading the mailbox sees what it is.
 */

/** The start of every token mail's subject, up to the flow id. */
const SUBJECT_START = 'Watchpost mail flow';

/** The subject text every token mail of `flowId` starts with (for an IMAP SEARCH). */
export function flowSubjectPrefix(flowId: string): string {
  return `${SUBJECT_START} ${flowId} token`;
}

/** The subject of the token mail for `token` of `flowId`, sent at `sentAt` (ms since the epoch). */
export function tokenSubject(flowId: string, token: string, sentAt: number): string {
  return `${flowSubjectPrefix(flowId)} ${token} sent ${new Date(sentAt).toISOString()}`;
}

/** The flow and token a subject names, or `null` when it is not a token mail's subject. */
export function readTokenSubject(subject: string): { readonly flowId: string; readonly token: string } | null {
  const match = /^Watchpost mail flow (\S+) token (\S+) sent \S+\s*$/.exec(subject.trim());
  if (match === null) return null;
  const [, flowId = '', token = ''] = match;
  return { flowId, token };
}

/** The subject in a block of header lines (unfolding a folded header), or `null`. */
export function subjectOfHeaders(lines: readonly string[]): string | null {
  for (let index = 0; index < lines.length; index++) {
    const match = /^subject:\s*(.*)$/i.exec(lines[index] ?? '');
    if (match === null) continue;
    let subject = match[1] ?? '';
    for (let next = index + 1; next < lines.length && /^[ \t]/.test(lines[next] ?? ''); next++) {
      subject += ` ${(lines[next] ?? '').trim()}`;
    }
    return subject;
  }
  return null;
}

/** What a token mail says. */
export interface TokenMail {
  readonly flowId: string;
  readonly token: string;
  readonly sentAt: number;
  readonly from: string;
  readonly to: string;
  readonly hostName: string;
}

/**
 * The token mail as SMTP DATA: CR LF lines, dot-stuffed, ending with the lone dot. Plain ASCII,
 * so no transfer encoding is needed.
 */
export function tokenMailData(mail: TokenMail): string {
  const date = new Date(mail.sentAt);
  const lines = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${tokenSubject(mail.flowId, mail.token, mail.sentAt)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${mail.token}@${mail.hostName}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    'Auto-Submitted: auto-generated',
    '',
    `This mail tests the mail flow "${mail.flowId}" of the monitoring on ${mail.hostName}.`,
    `Token ${mail.token}, sent ${date.toISOString()}.`,
    'The check that finds it in the mailbox deletes it.',
  ];
  return `${lines.map((line) => (line.startsWith('.') ? `.${line}` : line)).join('\r\n')}\r\n.\r\n`;
}
