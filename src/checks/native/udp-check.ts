/**
 * `native:udp host=H port=P [send=S] [expect=E] [warning=s] [critical=s]`: the in-process twin of
 * check_udp (seed 003 type `udp`, "does the host accept UDP on this port"). Sends `send` (an empty
 * datagram by default) on a connected socket, so the host's ICMP "port unreachable" arrives as a
 * refusal. With `expect`, an answer containing it is OK and silence is CRITICAL, as check_udp
 * says it ("No data received from host"), and so is an answer without it by the timeout (check_udp
 * cannot tell an answer is complete either); without `expect`, an answer or silence until the
 * listen time (`wait`, default 1 second) means the port is not refused.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { NativeCheck } from './native-check.js';
import { ParameterReader, unescapeText } from './native-parameters.js';
import { invalidParametersResult, nativeResult, peerText, secondsText, type Finding } from './native-result.js';
import { responseTimePerfdata, responseTimeStatus } from './response-time.js';
import { runSession, type CheckSession } from './check-session.js';
import { errorFailure, failureFinding, type ConnectionFailure } from './connection-failure.js';

/** The largest datagram kept. */
const DATAGRAM_LIMIT = 64 * 1024;

type Heard = { kind: 'answer'; text: string } | { kind: 'silence' } | { kind: 'failed'; failure: ConnectionFailure };

/** The UDP check. */
export const udpCheck: NativeCheck = (parameters, context) => {
  const reader = new ParameterReader(parameters);
  const host = reader.required('host');
  const port = reader.port('port', null);
  const send = unescapeText(reader.text('send', ''));
  const expect = reader.text('expect', null);
  const waitSeconds = reader.seconds('wait') ?? 1;
  const limits = reader.responseTimeLimits();
  reader.rejectUnknown();
  if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult('UDP', reader.problems));

  return runSession(context, async (session) => {
    const wanted = expect === null ? null : unescapeText(expect);
    const heard = await exchange(session, {
      host,
      port,
      send,
      wanted,
      waitMs: wanted === null ? waitSeconds * 1000 : null,
    });
    const seconds = session.elapsedSeconds();
    const where = `${secondsText(seconds)} second response time on ${host} port ${port}`;
    let finding: Finding;
    if (heard.kind === 'failed') {
      finding =
        heard.failure.kind === 'timeout' && wanted !== null
          ? { status: context.timeoutStatus, text: `No data received from host (${where})` }
          : heard.failure.kind === 'error'
            ? { status: 2, text: `${heard.failure.message} on ${host} port ${port}` }
            : failureFinding(heard.failure, session, `on ${host} port ${port}`);
    } else if (heard.kind === 'silence') {
      finding = { status: responseTimeStatus(seconds, limits), text: `${where}, no answer and not refused` };
    } else if (wanted !== null && !heard.text.includes(wanted)) {
      // UDP has no end of answer: a wrong one is known only at the timeout, as check_udp says.
      finding = {
        status: context.timeoutStatus,
        text: `Socket timeout after ${session.timeoutSeconds} seconds; unexpected response from host/socket: ${peerText(heard.text)}`,
      };
    } else {
      finding = { status: responseTimeStatus(seconds, limits), text: `${where} [${peerText(heard.text)}]` };
    }
    return nativeResult({
      label: 'UDP',
      findings: [finding],
      perfdata: [responseTimePerfdata(seconds, limits, session.timeoutSeconds)],
      durationMs: performance.now() - session.started,
    });
  });
};

function exchange(
  session: CheckSession,
  options: { host: string; port: number; send: string; wanted: string | null; waitMs: number | null },
): Promise<Heard> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(options.host) ? 'udp6' : 'udp4');
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      socket.close();
    };
    session.track(close);
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (heard: Heard): void => {
      clearTimeout(timer);
      unsubscribe();
      close();
      resolve(heard);
    };
    socket.on('error', (error) => finish({ kind: 'failed', failure: errorFailure(error) }));
    socket.on('message', (message) => {
      received += message.subarray(0, DATAGRAM_LIMIT - received.length).toString('latin1');
      if (options.wanted === null || received.includes(options.wanted) || received.length >= DATAGRAM_LIMIT) {
        finish({ kind: 'answer', text: received });
      }
    });
    const unsubscribe = session.onEnd((end) =>
      finish(
        end === 'timeout' && received !== ''
          ? { kind: 'answer', text: received }
          : { kind: 'failed', failure: { kind: end } },
      ),
    );
    socket.connect(options.port, options.host, () => {
      socket.send(Buffer.from(options.send, 'latin1'), (error) => {
        if (error) finish({ kind: 'failed', failure: errorFailure(error) });
        else if (options.waitMs !== null) timer = setTimeout(() => finish({ kind: 'silence' }), options.waitMs);
      });
    });
  });
}
