/**
 * A `RunPlugin` that runs `native:` command lines in-process and hands every other line to the
 * plugin runner, so the engine needs to know nothing of native checks.
 */
import type { CheckResult, PluginRequest } from '../../model/check-result.js';
import { splitCommandLine } from '../process/split-command-line.js';
import { abortedResult, timedOutResult } from '../process/plugin-result.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { NATIVE_PREFIX, type NativeCheckTypes, type NativeParameters } from './native-check.js';

/** Runs one check request; resolves for every outcome. */
export type CheckRunner = (request: PluginRequest) => Promise<CheckResult>;

/** The parsed form of a native command line, or why it is not one. */
export type NativeCommand =
  | { readonly ok: true; readonly type: string; readonly parameters: NativeParameters }
  | { readonly ok: false; readonly message: string };

/** Parses `native:TYPE key=value ...`; the caller has checked the prefix. */
export function parseNativeCommand(commandLine: string): NativeCommand {
  const split = splitCommandLine(commandLine.trim());
  if (split.kind === 'shell') return { ok: false, message: `a native check line cannot use ${split.reason}` };
  const [first, ...rest] = split.argv;
  const type = (first ?? '').slice(NATIVE_PREFIX.length);
  if (type === '') return { ok: false, message: 'a native check line names no type after "native:"' };
  const parameters = new Map<string, string>();
  for (const word of rest) {
    const equals = word.indexOf('=');
    if (equals <= 0) return { ok: false, message: `native ${type}: "${word}" is not key=value` };
    const key = word.slice(0, equals);
    if (parameters.has(key)) return { ok: false, message: `native ${type}: parameter "${key}" given twice` };
    parameters.set(key, word.slice(equals + 1));
  }
  return { ok: true, type, parameters };
}

/** Whether a command line names a native check. */
export function isNativeCommandLine(commandLine: string): boolean {
  return commandLine.trimStart().startsWith(NATIVE_PREFIX);
}

function unknownResult(output: string): CheckResult {
  return { status: 3, output: `UNKNOWN - ${output}`, longOutput: '', perfdata: '', durationMs: 0 };
}

/** Options of {@link routeNativeChecks}. */
export interface RouteNativeOptions {
  /** Checks of one type that may run at once; more wait their turn. Unlimited when not given. */
  readonly maxConcurrentPerType?: number;
}

/** Routes `native:` lines to `types`, everything else to `plugins`. */
export function routeNativeChecks(
  types: NativeCheckTypes,
  plugins: CheckRunner,
  options: RouteNativeOptions = {},
): CheckRunner {
  const limit = options.maxConcurrentPerType;
  const gates = new Map<string, ConcurrencyGate>();
  const gateOf = (type: string): ConcurrencyGate | null => {
    if (limit === undefined) return null;
    let gate = gates.get(type);
    if (gate === undefined) {
      gate = new ConcurrencyGate(limit);
      gates.set(type, gate);
    }
    return gate;
  };
  return async (request) => {
    if (!isNativeCommandLine(request.commandLine)) return plugins(request);
    const command = parseNativeCommand(request.commandLine);
    if (!command.ok) return unknownResult(command.message);
    const check = types.get(command.type);
    if (check === undefined) {
      const known = [...types.keys()].sort().join(', ');
      return unknownResult(`unknown native check type "${command.type}" (known: ${known})`);
    }
    const run = (): Promise<CheckResult> =>
      runBounded(request, (signal) =>
        check(command.parameters, {
          timeoutMs: request.timeoutSeconds * 1000,
          timeoutStatus: request.timeoutStatus,
          signal,
        }),
      );
    const gate = gateOf(command.type);
    return gate === null ? run() : gate.run(run, request.signal, () => abortedResult(0));
  };
}

/**
 * Runs a native check with the request's timeout and abort signal enforced from outside, so a
 * check that forgets its own timer still ends: the signal it gets is aborted at the deadline.
 */
async function runBounded(
  request: PluginRequest,
  run: (signal: AbortSignal) => Promise<CheckResult>,
): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  const outer = request.signal;
  if (outer?.aborted === true) return abortedResult(0);
  let timer: NodeJS.Timeout | undefined;
  const onAbort = (): void => controller.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const deadline = new Promise<CheckResult>((resolve) => {
    // A little after the check's own deadline, so its own timeout output wins when it has one.
    timer = setTimeout(
      () => {
        controller.abort();
        resolve(timedOutResult(request.timeoutSeconds, request.timeoutStatus, performance.now() - started));
      },
      request.timeoutSeconds * 1000 + 50,
    );
  });
  const aborted = new Promise<CheckResult>((resolve) => {
    controller.signal.addEventListener('abort', () => {
      if (outer?.aborted === true) resolve(abortedResult(performance.now() - started));
    });
  });
  try {
    const ran = run(controller.signal).catch((error: unknown): CheckResult =>
      unknownResult(`native check failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return await Promise.race([ran, deadline, aborted]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
