/**
 * `native:ping host=H [warning=3000.0,80%] [critical=5000.0,100%] [packets=5] [port=80]`: the
 * host check by ICMP echo, the in-process twin of check_ping, with its thresholds (round-trip
 * average in ms, packet loss in percent), output and performance data. ICMP needs a raw socket,
 * which a site process does not have, so the echoes are sent by `fping` (Debian package
 * `fping`), one call per check. Where fping is missing or not permitted, the check falls back
 * to TCP connect (`alive`, on `port`), and says so in its long output.
 */
import { execFile } from 'node:child_process';
import type { CheckResult } from '../../model/check-result.js';
import { aliveCheck } from './alive-check.js';
import type { NativeCheck, NativeCheckContext } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult } from './native-result.js';
import { pingResult, readFpingSummaries, readPingThreshold, type PingThreshold } from './ping-verdict.js';

/** Milliseconds between the echoes to one host; fping's default (1 s) makes a check slow. */
const INTERVAL_MS = 200;

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

/** What running fping gave: its output, or why it could not run. */
type FpingRun =
  | { readonly ran: true; readonly exitCode: number; readonly output: string }
  | { readonly ran: false; readonly reason: string };

function runFping(program: string, args: readonly string[], context: NativeCheckContext): Promise<FpingRun> {
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      { timeout: context.timeoutMs, signal: context.signal, killSignal: 'SIGKILL', encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT' || code === 'EACCES') {
          resolve({ ran: false, reason: `${program} cannot be run (${code}): install the Debian package fping` });
          return;
        }
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ ran: true, exitCode, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** The ping check. */
export function makePingCheck(options: PingOptions = {}): NativeCheck {
  const program = options.fping ?? 'fping';
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

    // Every echo's wait ends within the check's timeout: the last one is sent after
    // (packets - 1) intervals and waited for at most `perPacket` ms.
    const perPacket = Math.max(50, Math.min(1000, context.timeoutMs - (packets - 1) * INTERVAL_MS - 100));
    const run = await runFping(
      program,
      ['-q', '-c', String(packets), '-p', String(INTERVAL_MS), '-t', String(perPacket), host],
      context,
    );
    const duration = (): number => performance.now() - started;
    if (!run.ran) return fallBack(host, port, run.reason, context);
    const summary = readFpingSummaries(run.output)[0];
    if (summary !== undefined) return pingResult(summary, warning, critical, duration());
    if (/not permitted|must run as root|can't create socket|permission denied/i.test(run.output)) {
      return fallBack(host, port, `fping is not permitted to send ICMP: ${firstLine(run.output)}`, context);
    }
    if (context.signal.aborted) {
      return {
        status: context.timeoutStatus,
        output: 'PING CRITICAL - timed out',
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
