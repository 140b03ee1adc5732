/**
 * `native:ssh host=H [port=22] [remote_version=V] [remote_protocol=P] [warning=s] [critical=s]`:
 * the in-process twin of check_ssh (seed 003 type `ssh`). Reads the server's identification line
 * `SSH-2.0-OpenSSH_9.2p1 Debian-2` (RFC 4253 §4.2; lines before it are allowed and skipped),
 * answers with its own so the server does not log a probe, and closes.
 */
import type { NativeCheck } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult, nativeResult, peerText, secondsText, type Finding } from './native-result.js';
import { responseTimePerfdata, responseTimeStatus } from './response-time.js';
import { runSession } from './check-session.js';
import { connectTcp } from './connect-tcp.js';
import { connectFailureFinding, failureFinding } from './connection-failure.js';
import { SocketReader } from './socket-reader.js';

/** Lines a server may send before its identification: RFC 4253 sets no number, servers send few. */
const MAX_PRE_LINES = 20;

/** The parts of an SSH identification line. */
export interface SshIdentification {
  readonly protocol: string;
  readonly software: string;
}

/** Reads `SSH-protoversion-softwareversion [comments]`; `null` when the line is not one. */
export function parseSshIdentification(line: string): SshIdentification | null {
  const match = /^SSH-([^-\s]+)-(\S.*)$/.exec(line);
  if (match === null) return null;
  return { protocol: match[1] ?? '', software: (match[2] ?? '').trim() };
}

/** The SSH check. */
export const sshCheck: NativeCheck = (parameters, context) => {
  const reader = new ParameterReader(parameters);
  const host = reader.required('host');
  const port = reader.port('port', 22);
  const remoteVersion = reader.text('remote_version', null);
  const remoteProtocol = reader.text('remote_protocol', null);
  const limits = reader.responseTimeLimits();
  reader.rejectUnknown();
  if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult('SSH', reader.problems));

  return runSession(context, async (session) => {
    const durationMs = (): number => performance.now() - session.started;
    const connected = await connectTcp(session, { host, port });
    if (!connected.ok) {
      const finding = connectFailureFinding(connected.failure, session, { host, port });
      return nativeResult({ label: 'SSH', findings: [finding], durationMs: durationMs() });
    }
    const socketReader = new SocketReader(connected.socket, session);
    let identification: SshIdentification | null = null;
    let finding: Finding | null = null;
    let previous = '';
    for (let lines = 0; identification === null && finding === null; lines++) {
      const read = await socketReader.readLine();
      if (!read.ok) {
        const last = read.received === '' ? previous : read.received;
        const got = last === '' ? '' : ` (server answer: "${peerText(last, 60)}")`;
        finding = failureFinding(read.failure, session, `while waiting for the SSH identification${got}`);
      } else if (read.text.startsWith('SSH-')) {
        identification = parseSshIdentification(read.text);
        if (identification === null)
          finding = { status: 2, text: `Invalid SSH identification: ${peerText(read.text)}` };
      } else if (lines >= MAX_PRE_LINES) {
        finding = {
          status: 2,
          text: `No SSH identification in the first ${MAX_PRE_LINES} lines: ${peerText(read.text)}`,
        };
      } else {
        previous = read.text;
      }
    }
    if (identification === null || finding !== null) {
      return nativeResult({
        label: 'SSH',
        findings: [finding ?? { status: 3, text: 'no identification' }],
        durationMs: durationMs(),
      });
    }
    await socketReader.write('SSH-2.0-Watchpost_check\r\n');
    const seconds = session.elapsedSeconds();
    const described = `${identification.software} (protocol ${identification.protocol})`;
    const findings: Finding[] = [{ status: responseTimeStatus(seconds, limits), text: described }];
    if (remoteVersion !== null && identification.software !== remoteVersion) {
      findings.push({ status: 2, text: `version mismatch, expected '${remoteVersion}'` });
    }
    if (remoteProtocol !== null && identification.protocol !== remoteProtocol) {
      findings.push({ status: 2, text: `protocol version mismatch, expected '${remoteProtocol}'` });
    }
    return nativeResult({
      label: 'SSH',
      findings,
      perfdata: [responseTimePerfdata(seconds, limits, session.timeoutSeconds)],
      details: [`${secondsText(seconds)} second response time on ${host} port ${port}`],
      durationMs: durationMs(),
    });
  });
};
