/**
 * `native:ldap host=H [base=DN] [username=DN password=P] [ssl=true|starttls=true] ...`: the
 * in-process twin of check_ldap (seed 003 type `ldap`). Binds (simple bind as `username`, else
 * anonymously), searches `base` with scope base for `filter` as check_ldap does, unbinds, and
 * reports the response time in check_ldap's words
 * (`LDAP OK - 0.006 seconds response time|time=0.006149s;;;0.000000`).
 *
 * Parameters: `host` (required); `port` (389, 636 with `ssl=true`); `base` (default `""`, the
 * root DSE every server lets anyone read; check_ldap `-b`); `username` and `password` (check_ldap
 * `-D`, `-P`); `filter` (`(objectclass=*)`, or any `(attr=value)`/`(attr=*)`; check_ldap `-a`);
 * `warning`/`critical` response times in seconds; the SSL parameters of seed 003 (`ssl`,
 * `ssl_hostname`, `ignore_invalid_ssl`, `expire_before_days`, `ca_file`) and `starttls=true`
 * (check_ldap `-T`). Always LDAPv3 (check_ldap defaults to v2, which current servers refuse).
 */
import type { CheckResult } from '../../model/check-result.js';
import { ByteReader } from './byte-reader.js';
import { runSession, type CheckSession } from './check-session.js';
import { failureFinding } from './connection-failure.js';
import {
  bindRequest,
  decodeLdapResponse,
  LDAP_OPS,
  ldapMessageSize,
  parseLdapFilter,
  resultCodeText,
  searchRequest,
  startTlsRequest,
  unbindRequest,
  type LdapFilter,
  type LdapResponse,
} from './ldap-message.js';
import type { NativeCheck } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult, nativeResult, peerText, secondsText, type Finding } from './native-result.js';
import { openConnection } from './open-connection.js';
import { responseTimeStatus, type ResponseTimeLimits } from './response-time.js';
import { readTlsSettings, secureSocket, type TlsSettings } from './tls-settings.js';
import type { CertificateVerdict } from './certificate-state.js';

/** The largest message read: a result with a long diagnostic, or one entry without attributes. */
const MESSAGE_LIMIT = 64 * 1024;
/** A base-scope search returns one entry; a server sending this many is not answering the search. */
const ENTRY_LIMIT = 1000;

/** What one `native:ldap` check does. */
interface LdapOptions {
  readonly host: string;
  readonly port: number;
  readonly base: string;
  readonly username: string;
  readonly password: string;
  readonly filter: LdapFilter;
  readonly limits: ResponseTimeLimits;
  readonly tls: TlsSettings;
}

/** The LDAP check. */
export const ldapCheck: NativeCheck = (parameters, context) => {
  const read = readLdapOptions(new ParameterReader(parameters));
  if (!read.ok) return Promise.resolve(invalidParametersResult('LDAP', read.problems));
  return runSession(context, (session) => runLdap(session, read.options));
};

function readLdapOptions(
  reader: ParameterReader,
): { ok: true; options: LdapOptions } | { ok: false; problems: readonly string[] } {
  const host = reader.required('host');
  const tls = readTlsSettings(reader, { hostName: host, starttls: true });
  const port = reader.port('port', tls.ssl ? 636 : 389);
  const base = reader.text('base', '');
  const username = reader.text('username', null);
  const password = reader.text('password', null);
  if (password !== null && username === null) reader.problems.push('parameter "password" needs "username"');
  const filterText = reader.text('filter', '(objectclass=*)');
  const filter = parseLdapFilter(filterText);
  if (filter === null)
    reader.problems.push(`parameter "filter" must be (attribute=value) or (attribute=*), not "${filterText}"`);
  const limits = reader.responseTimeLimits();
  reader.rejectUnknown();
  if (reader.problems.length > 0 || filter === null) return { ok: false, problems: reader.problems };
  return {
    ok: true,
    options: { host, port, base, username: username ?? '', password: password ?? '', filter, limits, tls },
  };
}

async function runLdap(session: CheckSession, options: LdapOptions): Promise<CheckResult> {
  const durationMs = (): number => performance.now() - session.started;
  const fail = (finding: Finding, verdict: CertificateVerdict | null = null): CheckResult =>
    nativeResult({
      label: 'LDAP',
      findings: [finding, ...(verdict?.findings ?? [])],
      details: verdict?.details ?? [],
      durationMs: durationMs(),
    });
  const opened = await openConnection(session, { host: options.host, port: options.port }, options.tls);
  if (!opened.ok) return fail(opened.finding);
  let verdict = opened.verdict;
  let connection = new ByteReader(opened.socket, session, MESSAGE_LIMIT);
  let messageId = 1;

  if (options.tls.starttls) {
    const started = await exchange(session, connection, startTlsRequest(messageId), messageId, 'StartTLS');
    if (!started.ok) return fail(started.finding);
    if (started.response.result.code !== 0) {
      return fail({
        status: 2,
        text: `Could not init startTLS at port ${options.port}: ${describe(started.response)}`,
      });
    }
    // Bytes after the StartTLS answer, before the handshake, would be read as if protected.
    if (connection.pending > 0) return fail({ status: 2, text: 'the server sent data before the TLS handshake' });
    connection.detach();
    const secured = await secureSocket(session, opened.socket, options.tls, opened.trust);
    if (!secured.ok) return fail(failureFinding(secured.failure, session, 'during the TLS handshake'));
    verdict = secured.verdict;
    connection = new ByteReader(secured.socket, session, MESSAGE_LIMIT);
    messageId += 1;
  }

  const bound = await exchange(
    session,
    connection,
    bindRequest(messageId, options.username, options.password),
    messageId,
    'bind',
  );
  if (!bound.ok) return fail(bound.finding, verdict);
  if (bound.response.result.code !== 0) {
    return fail({ status: 2, text: `Could not bind to the LDAP server: ${describe(bound.response)}` }, verdict);
  }
  messageId += 1;
  const searchId = messageId;
  const search = searchRequest(searchId, { base: options.base, scope: 'base', filter: options.filter });
  const sent = await connection.write(search);
  if (sent !== null) return fail(failureFinding(sent, session, 'while sending the search'), verdict);
  let entries = 0;
  for (;;) {
    const message = await readMessage(session, connection, 'while waiting for the search result');
    if (!message.ok) return fail(message.finding, verdict);
    const response = message.response;
    if (response.messageId !== searchId) return fail(unexpected(response), verdict);
    if (response.kind === 'entry') {
      entries += 1;
      if (entries > ENTRY_LIMIT)
        return fail({ status: 2, text: `more than ${ENTRY_LIMIT} entries for a base search` }, verdict);
      continue;
    }
    if (response.op !== LDAP_OPS.searchResultDone) return fail(unexpected(response), verdict);
    if (response.result.code !== 0) {
      const where = options.base === '' ? 'the root DSE' : options.base;
      return fail(
        { status: 2, text: `Could not search/find objectclasses in ${where}: ${describe(response)}` },
        verdict,
      );
    }
    break;
  }
  const seconds = session.elapsedSeconds();
  // Polite, as check_ldap's ldap_unbind: the server closes without waiting for a timeout.
  await connection.write(unbindRequest(messageId + 1));
  return nativeResult({
    label: 'LDAP',
    findings: [
      { status: responseTimeStatus(seconds, options.limits), text: `${secondsText(seconds)} seconds response time` },
      ...(verdict?.findings ?? []),
    ],
    perfdata: [timePerfdata(seconds, options.limits), ...(verdict === null ? [] : [verdict.perfdata])],
    details: verdict?.details ?? [],
    durationMs: durationMs(),
  });
}

/** check_ldap's `time=` item: six decimals, thresholds when set, minimum 0, no maximum. */
function timePerfdata(seconds: number, limits: ResponseTimeLimits): string {
  const six = (value: number | null): string => (value === null ? '' : value.toFixed(6));
  return `time=${six(seconds)}s;${six(limits.warning)};${six(limits.critical)};0.000000`;
}

type Answer = { ok: true; response: LdapResponse & { kind: 'result' } } | { ok: false; finding: Finding };

/** Sends one request and reads its one result. */
async function exchange(
  session: CheckSession,
  connection: ByteReader,
  request: Buffer,
  messageId: number,
  what: string,
): Promise<Answer> {
  const sent = await connection.write(request);
  if (sent !== null) return { ok: false, finding: failureFinding(sent, session, `while sending the ${what} request`) };
  const message = await readMessage(session, connection, `while waiting for the ${what} response`);
  if (!message.ok) return message;
  const response = message.response;
  if (response.kind !== 'result' || response.messageId !== messageId)
    return { ok: false, finding: unexpected(response) };
  return { ok: true, response };
}

/** Reads one whole LDAPMessage. */
async function readMessage(
  session: CheckSession,
  connection: ByteReader,
  during: string,
): Promise<{ ok: true; response: LdapResponse } | { ok: false; finding: Finding }> {
  let bytes = Buffer.alloc(0);
  for (;;) {
    const size = ldapMessageSize(bytes);
    if (size.kind === 'invalid') return { ok: false, finding: { status: 2, text: `not an LDAP message ${during}` } };
    if (size.kind === 'size' && size.total > MESSAGE_LIMIT) {
      return { ok: false, finding: { status: 2, text: `an LDAP message of ${size.total} bytes ${during}` } };
    }
    const want = size.kind === 'need' ? size.bytes : size.total;
    if (bytes.length >= want && size.kind === 'size') break;
    const more = await connection.read(want - bytes.length);
    if (!more.ok) return { ok: false, finding: failureFinding(more.failure, session, during) };
    bytes = Buffer.concat([bytes, more.bytes]);
  }
  const response = decodeLdapResponse(bytes);
  if (response === null) return { ok: false, finding: { status: 2, text: `a malformed LDAP message ${during}` } };
  return { ok: true, response };
}

/** A message that answers nothing asked, such as the server's notice of disconnection. */
function unexpected(response: LdapResponse): Finding {
  if (response.kind === 'result' && response.messageId === 0) {
    return { status: 2, text: `the server ended the session: ${describe(response)}` };
  }
  return {
    status: 2,
    text: `an unexpected LDAP message (id ${response.messageId}, operation 0x${response.op.toString(16)})`,
  };
}

function describe(response: LdapResponse & { kind: 'result' }): string {
  const diagnostic = peerText(response.result.diagnostic);
  return `${resultCodeText(response.result.code)}${diagnostic === '' ? '' : `: ${diagnostic}`}`;
}
