/**
 * `native:alive host=H [port=80] [warning=s] [critical=s]`: host alive by TCP connect, for hosts
 * where ICMP needs privileges the site does not have. A completed connect and a refused one
 * both prove the host is up (a refusal is the host's own answer); only silence or an
 * unreachable network mean it is down. `port` may list several ports (`22,80,443`): the first
 * answer counts.
 */
import type { NativeCheck } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult, nativeResult, secondsText, type Finding } from './native-result.js';
import { responseTimePerfdata, responseTimeStatus } from './response-time.js';
import { runSession } from './check-session.js';
import { connectTcp } from './connect-tcp.js';
import { failureFinding, type ConnectionFailure } from './connection-failure.js';

function readPorts(reader: ParameterReader): number[] {
  const text = reader.text('port', '80');
  const ports = text.split(',').map((part) => Number(part.trim()));
  if (ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535)) {
    reader.problems.push(`parameter "port" must be a port or a list like 22,80,443, not "${text}"`);
  }
  return ports;
}

/** The host-alive check. */
export const aliveCheck: NativeCheck = (parameters, context) => {
  const reader = new ParameterReader(parameters);
  const host = reader.required('host');
  const ports = readPorts(reader);
  const limits = reader.responseTimeLimits();
  reader.rejectUnknown();
  if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult('ALIVE', reader.problems));

  return runSession(context, async (session) => {
    const attempts = ports.map(async (port) => {
      const connected = await connectTcp(session, { host, port });
      const answered =
        connected.ok || (connected.failure.kind === 'error' && connected.failure.code === 'ECONNREFUSED');
      if (!answered) throw connected.failure;
      return { port, how: connected.ok ? 'accepted the connection' : 'refused the connection' };
    });
    let finding: Finding;
    let seconds = 0;
    try {
      const first = await Promise.any(attempts);
      seconds = session.elapsedSeconds();
      finding = {
        status: responseTimeStatus(seconds, limits),
        text: `${host} is alive: port ${first.port} ${first.how} in ${secondsText(seconds)} seconds`,
      };
    } catch (error) {
      seconds = session.elapsedSeconds();
      const failures = error instanceof AggregateError ? (error.errors as ConnectionFailure[]) : [];
      const failure = failures.find((one) => one.kind === 'error') ?? failures[0] ?? { kind: 'timeout' };
      const reason = failureFinding(failure, session, `on ${host} port ${ports.join(',')}`);
      finding = { status: reason.status === 3 ? 3 : 2, text: `${host} is not answering: ${reason.text}` };
    }
    return nativeResult({
      label: 'ALIVE',
      findings: [finding],
      perfdata: [responseTimePerfdata(seconds, limits, session.timeoutSeconds)],
      durationMs: performance.now() - session.started,
    });
  });
};
