/**
 * The shape the mail checks share (SMTP, IMAP, POP3; seed 003): connect (implicit TLS with
 * `ssl`), read the greeting, optionally upgrade with the protocol's STARTTLS, optionally log in,
 * and say goodbye properly; each protocol supplies its commands and how it reads a reply.
 */
import type { Socket } from 'node:net';
import type { CertificateVerdict } from './certificate-state.js';
import type { CheckSession } from './check-session.js';
import { failureFinding, type ConnectionFailure } from './connection-failure.js';
import { nativeResult, peerText, secondsText, type Finding } from './native-result.js';
import type { ParameterReader } from './native-parameters.js';
import { openConnection } from './open-connection.js';
import { responseTimePerfdata, responseTimeStatus, type ResponseTimeLimits } from './response-time.js';
import { SocketReader } from './socket-reader.js';
import { readTlsSettings, secureSocket, type TlsSettings } from './tls-settings.js';
import type { Trust } from './trust-store.js';

/** A step of a dialogue: the server's answer text, or the finding why it failed. */
export type Step = { ok: true; text: string } | { ok: false; finding: Finding };

/** The open connection a protocol talks over. */
export interface Conversation {
  readonly reader: SocketReader;
  readonly session: CheckSession;
}

/** A mail protocol's part of the dialogue. */
export interface MailProtocol {
  readonly label: string;
  /** Reads the greeting (and, for SMTP, says EHLO). */
  greet(talk: Conversation): Promise<Step>;
  /** Sends the STARTTLS command and reads its answer; TLS starts after it. */
  startTls(talk: Conversation): Promise<Step>;
  /** What to say again once TLS runs (SMTP repeats EHLO); `null` for nothing. */
  afterTls(talk: Conversation): Promise<Step> | null;
  login(talk: Conversation, username: string, password: string): Promise<Step>;
  /**
   * What the check does once greeted (and logged in, when it logs in): send a token mail, look
   * for token mails (seed 003 mail flow). A successful step's text joins the output.
   */
  transact?(talk: Conversation): Promise<Step>;
  quit(talk: Conversation): Promise<Step>;
}

/** The settings of a mail check. */
export interface MailSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: TlsSettings;
  readonly username: string | null;
  readonly password: string | null;
  readonly limits: ResponseTimeLimits;
  /** Long output lines about parameters the check accepts but does not act on. */
  readonly notes: readonly string[];
}

/** Reads the settings every mail check shares; the port default depends on `ssl`. */
export function readMailSettings(
  reader: ParameterReader,
  ports: { readonly plain: number; readonly tls: number },
  options: { readonly login: boolean },
): MailSettings {
  const host = reader.required('host');
  const tls = readTlsSettings(reader, { hostName: host, starttls: true });
  const port = reader.port('port', tls.ssl ? ports.tls : ports.plain);
  const username = options.login ? reader.text('username', null) : null;
  const password = options.login ? reader.text('password', null) : null;
  if ((username === null) !== (password === null)) reader.problems.push('give both username and password, or neither');
  if (/[\r\n]/.test(`${username ?? ''}${password ?? ''}`))
    reader.problems.push('username and password cannot hold line breaks');
  return { host, port, tls, username, password, limits: reader.responseTimeLimits(), notes: [] };
}

/** A failed read or write as a step. */
export function failedStep(failure: ConnectionFailure, talk: Conversation, during: string): Step {
  return { ok: false, finding: failureFinding(failure, talk.session, during) };
}

/** Runs the dialogue of `protocol` with the server and turns it into a result. */
export async function runMailDialogue(
  protocol: MailProtocol,
  settings: MailSettings,
  session: CheckSession,
): Promise<ReturnType<typeof nativeResult>> {
  const durationMs = (): number => performance.now() - session.started;
  const opened = await openConnection(session, { host: settings.host, port: settings.port }, settings.tls);
  if (!opened.ok) return nativeResult({ label: protocol.label, findings: [opened.finding], durationMs: durationMs() });
  let verdict = opened.verdict;
  let talk: Conversation = { reader: new SocketReader(opened.socket, session), session };
  const greeting = await protocol.greet(talk);
  const steps: Step[] = [greeting];
  const allOk = (): boolean => steps.every((step) => step.ok === true);
  if (greeting.ok && settings.tls.starttls) {
    const upgraded = await upgrade(protocol, talk, opened.socket, settings.tls, opened.trust);
    steps.push(upgraded.step);
    if (upgraded.talk !== null) {
      talk = upgraded.talk;
      verdict = upgraded.verdict;
    }
  }
  if (allOk() && settings.username !== null && settings.password !== null) {
    steps.push(await protocol.login(talk, settings.username, settings.password));
  }
  let transacted: Step | null = null;
  if (allOk() && protocol.transact !== undefined) {
    transacted = await protocol.transact(talk);
    steps.push(transacted);
  }
  if (allOk()) steps.push(await protocol.quit(talk));
  const seconds = session.elapsedSeconds();
  const failed = steps.flatMap((step) => (step.ok ? [] : [step.finding]));
  const summary = `${secondsText(seconds)} second response time on ${settings.host} port ${settings.port}${greeting.ok ? ` [${peerText(greeting.text, 120)}]` : ''}`;
  // A failed dialogue says why; the response time belongs to one that worked.
  const findings: Finding[] =
    failed.length > 0
      ? failed
      : [
          { status: responseTimeStatus(seconds, settings.limits), text: summary },
          ...(transacted?.ok === true && transacted.text !== '' ? [{ status: 0 as const, text: transacted.text }] : []),
        ];
  return nativeResult({
    label: protocol.label,
    findings: [...findings, ...(verdict?.findings ?? [])],
    perfdata: [
      responseTimePerfdata(seconds, settings.limits, session.timeoutSeconds),
      ...(verdict === null ? [] : [verdict.perfdata]),
    ],
    details: [...(verdict?.details ?? []), ...settings.notes],
    durationMs: durationMs(),
  });
}

async function upgrade(
  protocol: MailProtocol,
  talk: Conversation,
  plain: Socket,
  tls: TlsSettings,
  trust: Trust,
): Promise<{ step: Step; talk: Conversation | null; verdict: CertificateVerdict | null }> {
  const answer = await protocol.startTls(talk);
  if (!answer.ok) return { step: answer, talk: null, verdict: null };
  talk.reader.detach();
  // Bytes after the STARTTLS answer would be read as if protected by TLS (CVE-2011-0411 class).
  if (talk.reader.takeRest() !== '') {
    return {
      step: { ok: false, finding: { status: 2, text: 'server sent data after its STARTTLS answer' } },
      talk: null,
      verdict: null,
    };
  }
  const secured = await secureSocket(talk.session, plain, tls, trust);
  if (!secured.ok) {
    return { step: failedStep(secured.failure, talk, 'during the STARTTLS handshake'), talk: null, verdict: null };
  }
  const next: Conversation = { reader: new SocketReader(secured.socket, talk.session), session: talk.session };
  const again = protocol.afterTls(next);
  const step = again === null ? answer : await again;
  return { step, talk: next, verdict: secured.verdict };
}
