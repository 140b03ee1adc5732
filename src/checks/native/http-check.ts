/**
 * `native:http host=H [port=80|443] [uri=/] [accept_redirection=true] [max_redirects=15]
 * [hostname=N] [expect=200,204] [string=S] [regex=R] [warning=s] [critical=s] [ssl=...]`:
 * the in-process twin of check_http (seed 003 type `http`).
 *
 * Redirects: with `accept_redirection` (the default) a 3xx answer is followed, up to
 * `max_redirects` times, and the final answer is judged (check_http `-f follow`);
 * `max_redirects=0` accepts the 3xx itself as OK without following (check_http's default);
 * `accept_redirection=false` makes a 3xx CRITICAL (`-f critical`). The certificate judged with
 * `ssl` is the checked host's: the first answer's.
 */
import type { NativeCheck } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult, nativeResult, peerText, secondsText, type Finding } from './native-result.js';
import { responseTimePerfdata, responseTimeStatus } from './response-time.js';
import { runSession, type CheckSession } from './check-session.js';
import { failureFinding } from './connection-failure.js';
import { judgeCertificate, type CertificateVerdict } from './certificate-state.js';
import { fetchOnce, type Fetched } from './http-fetch.js';
import { judgeHttpAnswer, type HttpExpectations } from './http-verdict.js';
import { readTlsSettings, type TlsSettings } from './tls-settings.js';
import { loadTrust } from './trust-store.js';

interface HttpSettings {
  readonly url: URL;
  readonly host: string;
  readonly hostHeader: string;
  readonly maxRedirects: number;
  readonly expect: HttpExpectations;
  readonly tls: TlsSettings;
}

function readHttpSettings(reader: ParameterReader): HttpSettings | null {
  const host = reader.required('host');
  const tls = readTlsSettings(reader, { hostName: reader.text('hostname', host), starttls: false });
  const port = reader.port('port', tls.ssl ? 443 : 80);
  const uri = reader.text('uri', '/');
  const hostname = reader.text('hostname', host);
  const acceptRedirection = reader.flag('accept_redirection', true);
  const maxRedirects = reader.integer('max_redirects', 15, 0, 100) ?? 15;
  const statusText = reader.text('expect', null);
  const statusCodes = statusText === null ? null : statusText.split(',').map((code) => Number(code.trim()));
  if (statusCodes?.some((code) => !Number.isInteger(code) || code < 100 || code > 999) === true) {
    reader.problems.push(`parameter "expect" must list HTTP status codes like 200,301, not "${statusText ?? ''}"`);
  }
  const regexText = reader.text('regex', null);
  let regex: RegExp | null = null;
  try {
    regex = regexText === null ? null : new RegExp(regexText);
  } catch {
    reader.problems.push(`parameter "regex" is not a regular expression: "${regexText ?? ''}"`);
  }
  if (!uri.startsWith('/')) reader.problems.push(`parameter "uri" must start with "/", not "${uri}"`);
  const string = reader.text('string', null);
  reader.responseTimeLimits();
  if (reader.problems.length > 0) return null;
  const defaultPort = port === (tls.ssl ? 443 : 80);
  const authority = `${hostname.includes(':') ? `[${hostname}]` : hostname}${defaultPort ? '' : `:${port}`}`;
  let url: URL | null = null;
  try {
    url = new URL(`${tls.ssl ? 'https' : 'http'}://${authority}${uri}`);
  } catch {
    reader.problems.push(`cannot make a URL of hostname "${hostname}", port ${port} and uri "${uri}"`);
  }
  if (url === null) return null;
  return {
    url,
    host,
    hostHeader: authority,
    maxRedirects,
    expect: { statusCodes, acceptRedirection, string, regex },
    tls,
  };
}

/** The HTTP check. */
export const httpCheck: NativeCheck = (parameters, context) => {
  const reader = new ParameterReader(parameters);
  const settings = readHttpSettings(reader);
  reader.rejectUnknown();
  if (settings === null || reader.problems.length > 0) {
    return Promise.resolve(invalidParametersResult('HTTP', reader.problems));
  }
  return runSession(context, (session) => runHttp(session, settings, reader.responseTimeLimits()));
};

async function runHttp(
  session: CheckSession,
  settings: HttpSettings,
  limits: ReturnType<ParameterReader['responseTimeLimits']>,
): Promise<ReturnType<typeof nativeResult>> {
  const durationMs = (): number => performance.now() - session.started;
  const trust = await loadTrust(settings.tls.caFile);
  if (!trust.ok) return nativeResult({ label: 'HTTP', findings: [{ status: 3, text: trust.message }], durationMs: 0 });
  let url = settings.url;
  let verdict: CertificateVerdict | null = null;
  const hops: string[] = [];
  const visited = new Set<string>();
  for (let hop = 0; ; hop++) {
    const first = hop === 0;
    const fetched = await fetchOnce(session, {
      url,
      connectHost: first ? settings.host : url.hostname.replace(/^\[|\]$/g, ''),
      hostHeader: first ? settings.hostHeader : url.host,
      serverName: first ? settings.tls.serverName : url.hostname,
      trust: trust.trust,
    });
    if (!fetched.ok) {
      const target = first ? `${settings.host} port ${url.port || (url.protocol === 'https:' ? 443 : 80)}` : url.href;
      const finding = failureFinding(fetched.failure, session, `while fetching from ${target}`);
      return nativeResult({
        label: 'HTTP',
        findings: [finding, ...(verdict?.findings ?? [])],
        durationMs: durationMs(),
      });
    }
    const response = fetched.response;
    if (first && response.certificate !== null) {
      verdict = judgeCertificate(
        response.certificate,
        { ignoreInvalid: settings.tls.ignoreInvalid, expireBeforeDays: settings.tls.expireBeforeDays },
        new Date(),
      );
    }
    const redirect = response.statusCode >= 300 && response.statusCode < 400;
    if (!redirect || !settings.expect.acceptRedirection || settings.maxRedirects === 0) {
      return finalResult({ session, settings, limits, response, url, verdict, hops, durationMs: durationMs() });
    }
    const next = nextUrl(url, response);
    if (!next.ok) {
      return nativeResult({
        label: 'HTTP',
        findings: [next.finding, ...(verdict?.findings ?? [])],
        durationMs: durationMs(),
      });
    }
    hops.push(`${response.statusLine} -> ${next.url.href}`);
    if (next.url.href === url.href || visited.has(next.url.href)) {
      const finding: Finding = { status: 2, text: `redirection creates an infinite loop - ${next.url.href}` };
      return nativeResult({
        label: 'HTTP',
        findings: [finding, ...(verdict?.findings ?? [])],
        details: hops,
        durationMs: durationMs(),
      });
    }
    visited.add(url.href);
    if (hop + 1 > settings.maxRedirects) {
      const finding: Finding = {
        status: 1,
        text: `maximum redirection depth ${settings.maxRedirects} exceeded - ${next.url.href}`,
      };
      return nativeResult({
        label: 'HTTP',
        findings: [finding, ...(verdict?.findings ?? [])],
        details: hops,
        durationMs: durationMs(),
      });
    }
    url = next.url;
  }
}

function nextUrl(url: URL, response: Fetched): { ok: true; url: URL } | { ok: false; finding: Finding } {
  if (response.location === null)
    return { ok: false, finding: { status: 3, text: 'Could not find redirect location' } };
  try {
    const next = new URL(response.location, url);
    if (next.protocol === 'http:' || next.protocol === 'https:') return { ok: true, url: next };
  } catch {
    // Falls through to the finding below.
  }
  return { ok: false, finding: { status: 3, text: `Cannot follow redirect to "${peerText(response.location)}"` } };
}

function finalResult(options: {
  readonly session: CheckSession;
  readonly settings: HttpSettings;
  readonly limits: ReturnType<ParameterReader['responseTimeLimits']>;
  readonly response: Fetched;
  readonly url: URL;
  readonly verdict: CertificateVerdict | null;
  readonly hops: readonly string[];
  readonly durationMs: number;
}): ReturnType<typeof nativeResult> {
  const { session, response, limits, verdict } = options;
  const seconds = session.elapsedSeconds();
  const size = response.body.length;
  const answer = {
    statusCode: response.statusCode,
    statusLine: peerText(response.statusLine),
    body: response.body.toString('utf8'),
    url: options.url.href,
  };
  const problems = judgeHttpAnswer(answer, options.settings.expect);
  const summary = `${answer.statusLine} - ${response.truncated ? 'at least ' : ''}${size} bytes in ${secondsText(seconds)} second response time`;
  const findings: Finding[] = [{ status: responseTimeStatus(seconds, limits), text: summary }, ...problems];
  return nativeResult({
    label: 'HTTP',
    findings: [...findings, ...(verdict?.findings ?? [])],
    perfdata: [
      responseTimePerfdata(seconds, limits, session.timeoutSeconds),
      `size=${size}B;;;0`,
      ...(verdict === null ? [] : [verdict.perfdata]),
    ],
    details: [...options.hops.map((hop) => `Redirect: ${hop}`), ...(verdict?.details ?? [])],
    durationMs: options.durationMs,
  });
}
