/**
 * The check of a mailbox server (IMAP, POP3): the mail dialogue with an optional login and, with
 * `mailflowid`, the collection of that flow's token mails. The protocols differ only in their
 * ports, their name in outputs and their dialogue.
 */
import { runSession } from './check-session.js';
import { readMailSettings, runMailDialogue, type MailProtocol } from './mail-dialogue.js';
import { readFlowId, type Mailflows } from './mailflow-context.js';
import type { NativeCheck } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import { invalidParametersResult } from './native-result.js';

/** What sets one mailbox protocol apart. */
export interface MailboxKind {
  /** The protocol's name in outputs (`IMAP`, `POP`). */
  readonly label: string;
  readonly ports: { readonly plain: number; readonly tls: number };
  /** The dialogue; with a flow id it collects that flow's token mails into `mailflows`. */
  readonly protocol: (flowId: string | null, mailflows: Mailflows) => MailProtocol;
}

/** The check of one mailbox protocol, marking the tokens of the mails it finds as arrived in `mailflows`. */
export function makeMailboxCheck(kind: MailboxKind, mailflows: Mailflows): NativeCheck {
  return (parameters, context) => {
    const reader = new ParameterReader(parameters);
    const settings = readMailSettings(reader, kind.ports, { login: true });
    const flowId = readFlowId(reader, 'mailflowid', null);
    if (flowId !== null && settings.username === null)
      reader.problems.push('parameter "mailflowid" needs "username" and "password" to read the mailbox');
    reader.rejectUnknown();
    if (reader.problems.length > 0) return Promise.resolve(invalidParametersResult(kind.label, reader.problems));
    return runSession(context, (session) => runMailDialogue(kind.protocol(flowId, mailflows), settings, session));
  };
}
