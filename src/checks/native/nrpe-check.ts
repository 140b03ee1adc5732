/**
 * `native:nrpe host=H [command=C] [args='A B'] ...`: the in-process twin of check_nrpe 4.x (see
 * nrpe-options.ts for every parameter). Sends one query packet, reads one response packet and
 * returns the remote plugin's result code and output as if the plugin had run here.
 *
 * As check_nrpe: a v4 query first; if the daemon's answer cannot be read as a v4 packet (an old
 * daemon closes the connection, answers another version or a bad length), a new connection with
 * a v2 query. A bad CRC is an UNKNOWN at once. Connection problems and timeouts are CRITICAL, or
 * the state `timeout=SECONDS:STATE` names; everything the daemon gets wrong is UNKNOWN.
 */
import { randomFillSync } from 'node:crypto';
import { pluginStatusOf, type CheckResult, type PluginStatus } from '../../model/check-result.js';
import { parsePluginOutput } from '../plugin-output.js';
import { ByteReader } from './byte-reader.js';
import { runSession, type CheckSession } from './check-session.js';
import type { ConnectionFailure } from './connection-failure.js';
import type { NativeCheck, NativeCheckContext } from './native-check.js';
import { invalidParametersResult } from './native-result.js';
import { openNrpeConnection, readTlsFiles, type TlsFiles } from './nrpe-connection.js';
import { NRPE_TIMEOUT_SECONDS, readNrpeOptions, type NrpeOptions } from './nrpe-options.js';
import {
  decodeNrpeResponse,
  encodeNrpeQuery,
  NRPE_HEADER_SIZE,
  NRPE_MAX_BUFFER,
  readNrpeResponseHead,
  type NrpeResponseError,
  type NrpeVersion,
} from './nrpe-packet.js';

/** check_nrpe's words for a response it cannot use. */
const RESPONSE_ERRORS: Readonly<Record<NrpeResponseError, string>> = {
  version: 'CHECK_NRPE: Invalid packet version received from server.',
  type: 'CHECK_NRPE: Invalid packet type received from server.',
  length: 'CHECK_NRPE: Response packet had invalid buffer size.',
  crc: 'CHECK_NRPE: Response packet had invalid CRC32.',
};

/** The NRPE check. */
export const nrpeCheck: NativeCheck = async (parameters, context) => {
  const read = readNrpeOptions(parameters);
  if (!read.ok) return invalidParametersResult('NRPE', read.problems);
  const options = read.options;
  const files = await readTlsFiles(options);
  const problemStatus = options.problemStatus ?? 2;
  if (!files.ok) return result(problemStatus, files.message, 0);
  return runSession(limitedContext(options, context), (session) => runAttempts(session, options, files));
};

/**
 * The context with check_nrpe's own timeout when it is the shorter one; the site's timeout still
 * bounds it. The timeout state is check_nrpe's (CRITICAL) unless the site's timeout is shorter.
 */
function limitedContext(options: NrpeOptions, context: NativeCheckContext): NativeCheckContext {
  const ownMs = (options.timeoutSeconds ?? NRPE_TIMEOUT_SECONDS) * 1000;
  if (ownMs <= context.timeoutMs) return { ...context, timeoutMs: ownMs, timeoutStatus: options.problemStatus ?? 2 };
  return { ...context, timeoutStatus: options.problemStatus ?? context.timeoutStatus };
}

async function runAttempts(
  session: CheckSession,
  options: NrpeOptions,
  files: TlsFiles & { ok: true },
): Promise<CheckResult> {
  let last: CheckResult = result(3, 'CHECK_NRPE: no packet version to try.', 0);
  for (const version of options.versions) {
    const attempt = await exchange(session, options, files, version);
    last = attempt.result;
    if (!attempt.unreadable) break;
  }
  return last;
}

/** One query and its response; `unreadable` when a lower version may still work. */
interface Attempt {
  readonly result: CheckResult;
  readonly unreadable: boolean;
}

async function exchange(
  session: CheckSession,
  options: NrpeOptions,
  files: TlsFiles & { ok: true },
  version: NrpeVersion,
): Promise<Attempt> {
  const elapsed = (): number => performance.now() - session.started;
  const query = encodeNrpeQuery(version, options.query, (size) => randomFillSync(Buffer.alloc(size)));
  if (query === null) {
    return final(result(3, `CHECK_NRPE: the query is too long for NRPE v${version} packets.`, 0));
  }
  const connection = await openNrpeConnection(session, options, files);
  if (session.ended !== null) return final(endedResult(session, elapsed()));
  if (!connection.ok) return final(result(options.problemStatus ?? 2, connection.message, elapsed()));
  // One response packet and the v3 padding after it: nothing a daemon sends needs more.
  const reader = new ByteReader(connection.socket, session, NRPE_HEADER_SIZE + NRPE_MAX_BUFFER + 3);
  const sent = await reader.write(query);
  if (session.ended !== null) return final(endedResult(session, elapsed()));
  if (sent !== null) return final(result(3, 'CHECK_NRPE: Error sending query to host.', elapsed()));
  const head = await reader.read(NRPE_HEADER_SIZE);
  if (session.ended !== null) return final(endedResult(session, elapsed()));
  if (!head.ok) {
    const text = `CHECK_NRPE: Receive header underflow - only ${head.received} bytes received (${NRPE_HEADER_SIZE} expected)${why(head.failure)}.`;
    return { result: result(3, text, elapsed()), unreadable: true };
  }
  const sized = readNrpeResponseHead(version, head.bytes);
  if (!sized.ok) return { result: result(3, RESPONSE_ERRORS[sized.error], elapsed()), unreadable: true };
  const rest = await reader.read(sized.totalSize - NRPE_HEADER_SIZE);
  if (session.ended !== null) return final(endedResult(session, elapsed()));
  if (!rest.ok) {
    const expected = sized.totalSize - NRPE_HEADER_SIZE;
    const text = `CHECK_NRPE: Receive underflow - only ${rest.received} bytes received (${expected} expected)${why(rest.failure)}.`;
    return { result: result(3, text, elapsed()), unreadable: true };
  }
  const response = decodeNrpeResponse(version, Buffer.concat([head.bytes, rest.bytes]));
  if (!response.ok) return final(result(3, RESPONSE_ERRORS[response.error], elapsed()));
  return final(commandResult(response.resultCode, response.text, elapsed()));
}

/** What went wrong besides the daemon closing the connection (a reset, a TLS alert). */
function why(failure: ConnectionFailure): string {
  return failure.kind === 'error' ? `: ${failure.message}` : '';
}

function final(result: CheckResult): Attempt {
  return { result, unreadable: false };
}

/** The remote plugin's result: its code and its output, split as plugin output is. */
function commandResult(resultCode: number, text: string, durationMs: number): CheckResult {
  if (text === '') return result(statusOf(resultCode), 'CHECK_NRPE: No output returned from daemon.', durationMs);
  const parsed = parsePluginOutput(text);
  const status = statusOf(resultCode);
  const output = status === resultCode ? parsed.output : `${parsed.output} (NRPE result code ${resultCode})`;
  return { status, output, longOutput: parsed.longOutput, perfdata: parsed.perfdata, durationMs };
}

function statusOf(resultCode: number): PluginStatus {
  return pluginStatusOf(resultCode) ?? 3;
}

function endedResult(session: CheckSession, durationMs: number): CheckResult {
  if (session.ended === 'aborted') return result(3, 'CHECK_NRPE: check aborted: monitoring is stopping.', durationMs);
  const status = session.context.timeoutStatus;
  const word = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][status] ?? 'UNKNOWN';
  return result(
    status,
    `CHECK_NRPE STATE ${word}: Socket timeout after ${session.timeoutSeconds} seconds.`,
    durationMs,
  );
}

function result(status: PluginStatus, output: string, durationMs: number): CheckResult {
  return { status, output, longOutput: '', perfdata: '', durationMs };
}
