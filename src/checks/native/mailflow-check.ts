/**
 * `native:mailflow id=ID seconds=N`: the mail flow check of seed 003. CRITICAL while the flow
 * `id` has a token that `smtp` sent more than `seconds` ago and neither `imap` nor `pop3` has
 * found in the mailbox yet; OK otherwise (also before the first token was sent, which the output
 * says). Reads only the site's token store; no network.
 */
import type { NativeCheck } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult, nativeResult } from './native-result.js';
import { readFlowId, type Mailflows } from './mailflow-context.js';
import { flowVerdict } from './mailflow-tokens.js';

/** The mail flow check over the tokens in `mailflows`. */
export function makeMailflowCheck(mailflows: Mailflows): NativeCheck {
  return async (parameters) => {
    const started = performance.now();
    const reader = new ParameterReader(parameters);
    const flowId = readFlowId(reader, 'id', null) ?? reader.required('id');
    const seconds = reader.integer('seconds', null, 1, 365 * 86_400);
    if (seconds === null && !parameters.has('seconds')) reader.problems.push('parameter "seconds" is required');
    reader.rejectUnknown();
    if (reader.problems.length > 0 || seconds === null) return invalidParametersResult('MAILFLOW', reader.problems);
    const now = mailflows.now();
    const read = await mailflows.store.update((state) => ({ state, value: flowVerdict(state, flowId, seconds, now) }));
    const verdict = read.value;
    return nativeResult({
      label: 'MAILFLOW',
      findings: [
        { status: verdict.status, text: verdict.text },
        ...(read.problem === null ? [] : [{ status: 1 as const, text: read.problem }]),
      ],
      perfdata: verdict.perfdata,
      durationMs: performance.now() - started,
    });
  };
}
