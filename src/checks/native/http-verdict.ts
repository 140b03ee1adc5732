/**
 * How check_http judges an answer, as a pure function: 5xx CRITICAL, 4xx WARNING, 2xx OK, 3xx by
 * the redirect policy; an `expect` list of status codes replaces those rules (listed OK, others
 * CRITICAL); a missing `string` or `regex` in the body is CRITICAL.
 */
import type { Finding } from './native-result.js';

/** What the check expects of the final answer. */
export interface HttpExpectations {
  /** Status codes that are OK; `null` for check_http's default rules. */
  readonly statusCodes: readonly number[] | null;
  /** A 3xx answer that is not followed is OK when true, CRITICAL when false. */
  readonly acceptRedirection: boolean;
  readonly string: string | null;
  readonly regex: RegExp | null;
}

/** The answer as judged. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly statusLine: string;
  readonly body: string;
  readonly url: string;
}

/** The findings about the status and the body of the final answer. */
export function judgeHttpAnswer(answer: HttpAnswer, expect: HttpExpectations): Finding[] {
  const findings: Finding[] = [];
  const code = answer.statusCode;
  if (expect.statusCodes !== null) {
    if (!expect.statusCodes.includes(code)) {
      findings.push({
        status: 2,
        text: `Invalid HTTP response received from host: ${answer.statusLine} (expected ${expect.statusCodes.join(', ')})`,
      });
    }
  } else if (code >= 500 || code < 100) {
    // No words: the result line already shows the status line that makes the state.
    findings.push({ status: 2, text: '' });
  } else if (code >= 400) {
    findings.push({ status: 1, text: '' });
  } else if (code >= 300 && !expect.acceptRedirection) {
    findings.push({ status: 2, text: 'redirection not accepted' });
  }
  if (expect.string !== null && !answer.body.includes(expect.string)) {
    findings.push({ status: 2, text: `string '${expect.string}' not found on '${answer.url}'` });
  }
  if (expect.regex !== null && !expect.regex.test(answer.body)) {
    findings.push({ status: 2, text: `pattern '${expect.regex.source}' not found on '${answer.url}'` });
  }
  return findings;
}
