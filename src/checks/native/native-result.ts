/**
 * How a native check says what it found, in the words and layout of the Monitoring Plugins
 * (`TCP OK - 0.001 second response time on 127.0.0.1 port 22|time=0.000987s;;;0.000000;10.000000`),
 * so that a native check and its plugin twin read the same in every view and graph.
 */
import type { CheckResult, PluginStatus } from '../../model/check-result.js';

/** The state words of the plugin guidelines, by status. */
export const STATE_WORDS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** How bad a status is: CRITICAL is worst, then WARNING, then UNKNOWN, then OK. */
const SEVERITY: Readonly<Record<PluginStatus, number>> = { 0: 0, 3: 1, 1: 2, 2: 3 };

/** The worse of the given statuses (OK when none is given). */
export function worstStatus(...statuses: readonly PluginStatus[]): PluginStatus {
  let worst: PluginStatus = 0;
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}

/** One finding of a check: a status and the words for it. */
export interface Finding {
  readonly status: PluginStatus;
  readonly text: string;
}

/** What a native check hands to `nativeResult`. */
export interface NativeOutcome {
  /** The protocol label the plugin prints: `TCP`, `HTTP`, `SSH`, ... */
  readonly label: string;
  /** The findings, the main one first; the result's status is the worst of them. */
  readonly findings: readonly Finding[];
  /** Performance data items, already formatted. */
  readonly perfdata?: readonly string[];
  /** Lines of long output. */
  readonly details?: readonly string[];
  readonly durationMs: number;
}

/**
 * A check result from findings: `LABEL STATE - text[; text]...`. The worst finding's text comes
 * first so the line says why the state is what it is; the others follow it.
 */
export function nativeResult(outcome: NativeOutcome): CheckResult {
  const status = worstStatus(...outcome.findings.map((finding) => finding.status));
  const ordered = [...outcome.findings].sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status]);
  const text = ordered
    .map((finding) => finding.text)
    .filter((part) => part !== '')
    .join('; ');
  return {
    status,
    output: oneLine(`${outcome.label} ${STATE_WORDS[status]} - ${text}`),
    longOutput: (outcome.details ?? []).map(oneLine).join('\n'),
    perfdata: (outcome.perfdata ?? []).join(' '),
    durationMs: outcome.durationMs,
  };
}

/** A result for parameters that cannot be used: UNKNOWN, naming every problem. */
export function invalidParametersResult(label: string, problems: readonly string[]): CheckResult {
  return {
    status: 3,
    output: oneLine(`${label} UNKNOWN - ${problems.join('; ')}`),
    longOutput: '',
    perfdata: '',
    durationMs: 0,
  };
}

/**
 * Text from a peer made safe for a result line: no line breaks (they would start long output),
 * no `|` (it would start performance data), no control characters, at most `max` characters.
 */
export function peerText(text: string, max = 200): string {
  const cleaned = text
    .replace(/\r?\n/g, ' ')
    // Peers' bytes are read as latin1: anything outside printable ASCII is shown as '?'.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u00ff]/g, '?')
    .replace(/\|/g, '/')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}...` : cleaned;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n|]/g, ' ');
}

/** Seconds with three decimals, as plugins print response times in their output. */
export function secondsText(seconds: number): string {
  return seconds.toFixed(3);
}
