/**
 * The pure half of the ping check: check_ping's thresholds (`RTA,PL%`: round-trip average in
 * milliseconds, packet loss in percent), fping's summary line read into numbers, and the result
 * in check_ping's words and performance data.
 */
import type { CheckResult, PluginStatus } from '../../model/check-result.js';
import { STATE_WORDS } from './native-result.js';

/** One check_ping threshold: round-trip average in ms and packet loss in percent. */
export interface PingThreshold {
  readonly rtaMs: number;
  readonly lossPercent: number;
}

/** Reads `100.0,20%`; `null` when the text is not one. */
export function readPingThreshold(text: string): PingThreshold | null {
  const match = /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (match === null) return null;
  const lossPercent = Number(match[2]);
  return lossPercent > 100 ? null : { rtaMs: Number(match[1]), lossPercent };
}

/** What fping said about one host. */
export interface PingSummary {
  readonly host: string;
  readonly sent: number;
  readonly received: number;
  readonly lossPercent: number;
  /** Round-trip average in ms; `null` when no answer came. */
  readonly rtaMs: number | null;
}

/** The summaries in fping's `-q -c` output (`host : xmt/rcv/%loss = 5/5/0%, min/avg/max = ...`). */
export function readFpingSummaries(output: string): PingSummary[] {
  const summaries: PingSummary[] = [];
  const pattern =
    /^(\S+)\s*: xmt\/rcv\/%loss = (\d+)\/(\d+)\/(\d+)%(?:, min\/avg\/max = [\d.]+\/([\d.]+)\/[\d.]+)?\s*$/gm;
  for (const match of output.matchAll(pattern)) {
    const [, host = '', sent = '0', received = '0', loss = '100', average] = match;
    summaries.push({
      host,
      sent: Number(sent),
      received: Number(received),
      lossPercent: Number(loss),
      rtaMs: average === undefined ? null : Number(average),
    });
  }
  return summaries;
}

/**
 * The check_ping result for `summary`: CRITICAL when the loss or the average reaches the
 * critical threshold (or nothing answered), WARNING when it reaches the warning one.
 */
export function pingResult(
  summary: PingSummary,
  warning: PingThreshold,
  critical: PingThreshold,
  durationMs: number,
): CheckResult {
  const { rtaMs, lossPercent } = summary;
  const reaches = (limit: PingThreshold): boolean =>
    rtaMs === null || lossPercent >= limit.lossPercent || rtaMs >= limit.rtaMs;
  const status: PluginStatus = reaches(critical) ? 2 : reaches(warning) ? 1 : 0;
  const loss = `pl=${lossPercent}%;${warning.lossPercent};${critical.lossPercent};0;`;
  if (rtaMs === null) {
    return {
      status,
      output: `PING ${STATE_WORDS[status]} - Packet loss = ${lossPercent}%`,
      longOutput: '',
      perfdata: loss,
      durationMs,
    };
  }
  return {
    status,
    output: `PING ${STATE_WORDS[status]} - Packet loss = ${lossPercent}%, RTA = ${rtaMs.toFixed(2)} ms`,
    longOutput: '',
    perfdata: `rta=${rtaMs.toFixed(6)}ms;${warning.rtaMs.toFixed(6)};${critical.rtaMs.toFixed(6)};0.000000 ${loss}`,
    durationMs,
  };
}
