/**
 * `native:tcp host=H port=P [send=S] [expect=E] [warning=s] [critical=s] [ssl=...]`: the
 * in-process twin of check_tcp (seed 003 type `tcp`). Connects (with implicit TLS when `ssl`),
 * optionally sends `send` (with `\r\n` escapes) and waits until the answer contains `expect`.
 */
import type { NativeCheck } from './native-check.js';
import { ParameterReader, unescapeText } from './native-parameters.js';
import { invalidParametersResult, nativeResult, peerText, secondsText, type Finding } from './native-result.js';
import { responseTimePerfdata, responseTimeStatus } from './response-time.js';
import { runSession } from './check-session.js';
import { failureFinding } from './connection-failure.js';
import { openConnection } from './open-connection.js';
import { SocketReader } from './socket-reader.js';
import { readTlsSettings } from './tls-settings.js';

/** The TCP check. */
export const tcpCheck: NativeCheck = (parameters, context) => {
  const reader = new ParameterReader(parameters);
  const host = reader.required('host');
  const port = reader.port('port', null);
  const send = reader.text('send', null);
  const expect = reader.text('expect', null);
  const limits = reader.responseTimeLimits();
  const tls = readTlsSettings(reader, { hostName: host, starttls: false });
  reader.rejectUnknown();
  if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult('TCP', reader.problems));

  return runSession(context, async (session) => {
    const durationMs = (): number => performance.now() - session.started;
    const opened = await openConnection(session, { host, port }, tls);
    if (!opened.ok) return nativeResult({ label: 'TCP', findings: [opened.finding], durationMs: durationMs() });
    const findings: Finding[] = [];
    let answer = '';
    if (send !== null || expect !== null) {
      const socketReader = new SocketReader(opened.socket, session);
      if (send !== null) {
        const failure = await socketReader.write(unescapeText(send));
        if (failure !== null) findings.push(failureFinding(failure, session, 'while sending'));
      }
      if (expect !== null && findings.length === 0) {
        const wanted = unescapeText(expect);
        const read = await socketReader.readUntil((text) => text.includes(wanted));
        if (read.ok) answer = read.text;
        else if (read.received !== '' && read.failure.kind !== 'aborted') {
          findings.push({ status: 1, text: `Unexpected response from host/socket: ${peerText(read.received)}` });
        } else findings.push(failureFinding(read.failure, session, 'while waiting for the answer'));
      }
    }
    const seconds = session.elapsedSeconds();
    const where = `${secondsText(seconds)} second response time on ${host} port ${port}`;
    // A failed exchange says only why; a wrong answer also says when it came, as check_tcp does.
    const mismatch = findings.length === 1 && findings[0]?.text.startsWith('Unexpected response') === true;
    if (findings.length === 0 || mismatch) {
      findings.unshift({
        status: findings.length > 0 ? 0 : responseTimeStatus(seconds, limits),
        text: answer === '' ? where : `${where} [${peerText(answer.trimEnd())}]`,
      });
    }
    return nativeResult({
      label: 'TCP',
      findings: [...findings, ...(opened.verdict?.findings ?? [])],
      perfdata: [
        responseTimePerfdata(seconds, limits, session.timeoutSeconds),
        ...(opened.verdict === null ? [] : [opened.verdict.perfdata]),
      ],
      details: opened.verdict?.details ?? [],
      durationMs: durationMs(),
    });
  });
};
