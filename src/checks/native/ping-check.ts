/**
 * `native:ping host=H [warning=3000.0,80%] [critical=5000.0,100%] [packets=5] [port=80]`: the
 * host check by ICMP echo, the in-process twin of check_ping, with its thresholds (round-trip
 * average in ms, packet loss in percent), output and performance data. ICMP needs a raw socket,
 * which a site process does not have, so the echoes are sent by `fping` (Debian package
 * `fping`), one call for the checks that start together (`FpingBatcher`). Where fping is missing or not permitted, the check falls back
 * to TCP connect (`alive`, on `port`), and says so in its long output.
 */
import type { CheckResult } from '../../model/check-result.js';
import { aliveCheck } from './alive-check.js';
import { FpingBatcher } from './fping-batch.js';
import type { NativeCheck, NativeCheckContext } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult, STATE_WORDS } from './native-result.js';
import { pingResult, readFpingSummaries, readPingThreshold, type PingThreshold } from './ping-verdict.js';

/** How the ping check is made. */
export interface PingOptions {
  /** The fping program; `fping` from the PATH unless a test names another. */
  readonly fping?: string;
}

function threshold(reader: ParameterReader, name: string, fallback: string): PingThreshold {
  const text = reader.text(name, fallback);
  const read = readPingThreshold(text);
  if (read === null) reader.problems.push(`parameter "${name}" must be like 100.0,20% (ms,loss%), not "${text}"`);
  return read ?? { rtaMs: 0, lossPercent: 0 };
}

/** The ping check. */
export function makePingCheck(options: PingOptions = {}): NativeCheck {
  const batcher = new FpingBatcher(options.fping ?? 'fping');
  return async (parameters, context) => {
    const started = performance.now();
    const reader = new ParameterReader(parameters);
    const host = reader.required('host');
    // fping reads a word starting with '-' as an option.
    if (!/^[A-Za-z0-9._:%-]*$/.test(host) || host.startsWith('-'))
      reader.problems.push(`parameter "host" must be a host name or address, not "${host}"`);
    const warning = threshold(reader, 'warning', '3000.0,80%');
    const critical = threshold(reader, 'critical', '5000.0,100%');
    const packets = reader.integer('packets', 5, 1, 100) ?? 5;
    const port = reader.text('port', null);
    reader.rejectUnknown();
    if (reader.problems.length > 0) return invalidParametersResult('PING', reader.problems);

    const run = await batcher.ping(host, packets, context.timeoutMs);
    const duration = (): number => performance.now() - started;
    if (!run.ran) return fallBack(host, port, run.reason, context);
    const summary = readFpingSummaries(run.output).find((one) => one.host === host);
    if (summary !== undefined) return pingResult(summary, warning, critical, duration());
    if (/not permitted|must run as root|can't create socket|permission denied/i.test(run.output)) {
      return fallBack(host, port, `fping is not permitted to send ICMP: ${firstLine(run.output)}`, context);
    }
    if (context.signal.aborted) {
      return {
        status: context.timeoutStatus,
        output: `PING ${STATE_WORDS[context.timeoutStatus]} - fping timed out`,
        longOutput: '',
        perfdata: '',
        durationMs: duration(),
      };
    }
    return {
      status: 3,
      output: `PING UNKNOWN - fping ${host} gave no summary (exit ${run.exitCode}): ${firstLine(run.output)}`,
      longOutput: '',
      perfdata: '',
      durationMs: duration(),
    };
  };
}

/** The TCP connect check instead, saying why in its long output. */
async function fallBack(
  host: string,
  port: string | null,
  reason: string,
  context: NativeCheckContext,
): Promise<CheckResult> {
  const parameters = new Map([['host', host], ...(port === null ? [] : [['port', port] as [string, string]])]);
  const alive = await aliveCheck(parameters, context);
  const note = `No ICMP: ${reason}; checked by TCP connect instead`;
  return { ...alive, longOutput: alive.longOutput === '' ? note : `${note}\n${alive.longOutput}` };
}

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').replace(/\|/g, '/').slice(0, 200);
}
