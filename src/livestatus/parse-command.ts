/**
 * Reads a `COMMAND [timestamp] NAME;arg;...` line into an external command value, checking the
 * name and the arguments against the command's signature.
 */
import { quoted } from './livestatus-error.js';
import { COMMAND_SIGNATURES, checkArgument, describeSignature } from './external-commands.js';
import type { CommandRequest } from './query.js';

/**
 * Parses the text after `COMMAND `. The `[timestamp]` is optional (Checkmk's GUI always sends
 * one, hand-written commands often do not); a malformed one is an error.
 */
export function parseCommand(text: string): CommandRequest {
  let rest = text.trimStart();
  let submittedAt: number | null = null;
  if (rest.startsWith('[')) {
    const match = /^\[(\d{1,12})\][ \t]*/.exec(rest);
    if (match === null) return { kind: 'bad-command', reason: 'malformed timestamp, expected [epoch seconds]', text };
    submittedAt = Number(match[1]);
    rest = rest.slice(match[0].length);
  }
  const fields = rest.split(';');
  const name = fields[0] ?? '';
  if (name === '') return { kind: 'bad-command', reason: 'missing command name', text };
  const signature = COMMAND_SIGNATURES.get(name);
  if (signature === undefined) return { kind: 'bad-command', reason: `unknown command '${quoted(name)}'`, text };
  const given = fields.slice(1);
  const args: string[] = [];
  let at = 0;
  for (let i = 0; i < signature.length; i++) {
    const kind = signature[i];
    if (kind === undefined) break;
    const last = i === signature.length - 1;
    const width = kind === 'service' ? 2 : 1;
    if (at + width > given.length) {
      return {
        kind: 'bad-command',
        reason: `${name} expects ${describeSignature(signature)}, got ${given.length} field(s)`,
        text,
      };
    }
    const taken = kind === 'text' && last ? [given.slice(at).join(';')] : given.slice(at, at + width);
    for (const field of taken) {
      const problem = checkArgument(kind, field);
      if (problem !== null)
        return { kind: 'bad-command', reason: `${name}: argument ${i + 1}: ${quoted(problem)}`, text };
    }
    args.push(...taken);
    at += kind === 'text' && last ? given.length - at : width;
  }
  if (at < given.length) {
    return {
      kind: 'bad-command',
      reason: `${name} expects ${describeSignature(signature) || 'no arguments'}, got ${given.length} field(s)`,
      text,
    };
  }
  return { kind: 'command', command: Object.freeze({ name, submittedAt, args: Object.freeze(args), text: rest }) };
}
