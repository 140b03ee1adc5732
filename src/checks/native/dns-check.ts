/**
 * `native:dns name=N [host=SERVER] [port=53] [record=A|AAAA] [expect=ADDR,...] [warning=s]
 * [critical=s]`: the in-process twin of check_dns. Asks `host` (the monitored DNS server; the
 * system's resolvers when not given) for the `record`s of `name` through c-ares, which needs no
 * thread per query, and checks that every `expect`ed address is among the answers.
 */
import { Resolver } from 'node:dns/promises';
import { isIPv6 } from 'node:net';
import type { NativeCheck } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult, nativeResult, secondsText, type Finding } from './native-result.js';
import { responseTimePerfdata, responseTimeStatus } from './response-time.js';
import { runSession } from './check-session.js';
import { errorFailure } from './connection-failure.js';

/** DNS answers that mean "the server answered: no such thing", in check_dns's words. */
const DNS_ERRORS: Readonly<Record<string, string>> = {
  ENOTFOUND: "Domain '%s' was not found by the server",
  ENODATA: "Domain '%s' has no %r record",
  ESERVFAIL: "Server failure while resolving '%s'",
  EREFUSED: "The server refused to resolve '%s'",
  ETIMEOUT: "No answer while resolving '%s'",
  ECONNREFUSED: "Connection refused while resolving '%s'",
  ECANCELLED: "Query for '%s' cancelled",
};

/** The DNS check. */
export const dnsCheck: NativeCheck = (parameters, context) => {
  const reader = new ParameterReader(parameters);
  const name = reader.required('name');
  const server = reader.text('host', null);
  const port = reader.port('port', 53);
  const record = reader.text('record', 'A').toUpperCase();
  if (record !== 'A' && record !== 'AAAA')
    reader.problems.push(`parameter "record" must be A or AAAA, not "${record}"`);
  const expectText = reader.text('expect', null);
  const expected = expectText === null ? [] : expectText.split(',').map((address) => address.trim());
  const limits = reader.responseTimeLimits();
  reader.rejectUnknown();
  if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult('DNS', reader.problems));

  return runSession(context, async (session) => {
    const resolver = new Resolver({ timeout: Math.max(1, Math.floor(context.timeoutMs)), tries: 1 });
    if (server !== null) resolver.setServers([isIPv6(server) ? `[${server}]:${port}` : `${server}:${port}`]);
    session.track(() => resolver.cancel());
    const unsubscribe = session.onEnd(() => resolver.cancel());
    let findings: Finding[];
    try {
      const addresses = record === 'A' ? await resolver.resolve4(name) : await resolver.resolve6(name);
      const seconds = session.elapsedSeconds();
      findings = [
        {
          status: responseTimeStatus(seconds, limits),
          text: `${secondsText(seconds)} seconds response time. ${name} returns ${addresses.join(',')}`,
        },
      ];
      const missing = expected.filter((address) => !addresses.includes(address));
      if (missing.length > 0) {
        findings.push({ status: 2, text: `expected '${expected.join(',')}' but got '${addresses.join(',')}'` });
      }
    } catch (error) {
      const failure = errorFailure(error);
      const code = failure.kind === 'error' ? failure.code : '';
      const template = DNS_ERRORS[code];
      const ended = session.ended;
      findings = [
        ended === 'timeout'
          ? {
              status: context.timeoutStatus,
              text: `DNS timeout after ${session.timeoutSeconds} seconds resolving '${name}'`,
            }
          : ended === 'aborted'
            ? { status: 3, text: 'check aborted: monitoring is stopping' }
            : {
                status: 2,
                text:
                  template === undefined
                    ? `cannot resolve '${name}': ${failure.kind === 'error' ? failure.message : failure.kind}`
                    : template.replace('%s', name).replace('%r', record),
              },
      ];
    } finally {
      unsubscribe();
    }
    const seconds = session.elapsedSeconds();
    return nativeResult({
      label: 'DNS',
      findings,
      perfdata: [responseTimePerfdata(seconds, limits, session.timeoutSeconds)],
      details: server === null ? [] : [`Server: ${server} port ${port}`],
      durationMs: performance.now() - session.started,
    });
  });
};
