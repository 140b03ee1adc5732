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
    const attempt = async (port: number): Promise<Attempt> => {
      const connected = await connectTcp(session, { host, port });
      if (connected.ok) return { port, answer: 'accepted the connection' };
      const refused = connected.failure.kind === 'error' && connected.failure.code === 'ECONNREFUSED';
      return refused ? { port, answer: 'refused the connection' } : { port, failure: connected.failure };
    };
    const outcome = await firstAnswer(ports.map(attempt));
    const seconds = session.elapsedSeconds();
    let finding: Finding;
    if ('answer' in outcome) {
      finding = {
        status: responseTimeStatus(seconds, limits),
        text: `${host} is alive: port ${outcome.port} ${outcome.answer} in ${secondsText(seconds)} seconds`,
      };
    } else {
      // An error says more than a timeout: report the first error, if any port gave one.
      const failure = outcome.find((one) => one.failure.kind === 'error')?.failure ?? outcome[0]?.failure;
      const reason = failureFinding(failure ?? { kind: 'timeout' }, session, `on ${host} port ${ports.join(',')}`);
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

/** How one port answered, or why it did not. */
type Attempt =
  { readonly port: number; readonly answer: string } | { readonly port: number; readonly failure: ConnectionFailure };

/** The first attempt that got an answer, or every failure when none did. */
function firstAnswer(
  attempts: readonly Promise<Attempt>[],
): Promise<Extract<Attempt, { answer: string }> | Extract<Attempt, { failure: ConnectionFailure }>[]> {
  return new Promise((resolve) => {
    const failures: Extract<Attempt, { failure: ConnectionFailure }>[] = [];
    for (const pending of attempts) {
      void pending.then((attempt) => {
        if ('answer' in attempt) resolve(attempt);
        else if (failures.push(attempt) === attempts.length) resolve(failures);
      });
    }
  });
}
