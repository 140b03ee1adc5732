/**
 * The parameters of `native:nrpe`, the in-process twin of check_nrpe 4.x, read into one value:
 *
 * | parameter     | check_nrpe | default                                                        |
 * |---------------|------------|----------------------------------------------------------------|
 * | `host`        | `-H`       | required                                                       |
 * | `port`        | `-p`       | 5666                                                           |
 * | `command`     | `-c`       | none: asks for the daemon's version (`_NRPE_CHECK`)            |
 * | `args`        | `-a`       | none; split at blanks, as a shell splits an unquoted `-a $ARG2$` |
 * | `arg1`..`arg16` | `-a`     | none; one argument each, blanks kept (not with `args`)         |
 * | `timeout`     | `-t`       | `10` seconds, `SECONDS:STATE` also sets the state (as `-t 10:UNKNOWN`) |
 * | `ssl`         | `-n` = false | true                                                         |
 * | `adh`         | `-d`       | 1: anonymous Diffie-Hellman allowed; 0 refuses it, 2 insists on it |
 * | `protocol`    | `-2`, `-3` | `auto`: v4, then v2 if the daemon does not answer v4 (as check_nrpe) |
 * | `client_cert`, `client_key` | `-C`, `-K` | none; both or neither                      |
 * | `ca_cert`     | `-A`       | none; when given the daemon's certificate must chain to it     |
 *
 * Unlike check_nrpe, `protocol=2|3|4` speaks only that version (check_nrpe's `-3` still falls back
 * to v2), and an argument containing `!` is refused: the daemon would split it into two.
 */
import { pluginStatusOf, type PluginStatus } from '../../model/check-result.js';
import type { NativeParameters } from './native-check.js';
import { ParameterReader } from './native-parameters.js';
import type { NrpeVersion } from './nrpe-packet.js';

/** The NRPE default port. */
export const NRPE_PORT = 5666;
/** check_nrpe's default socket timeout, in seconds. */
export const NRPE_TIMEOUT_SECONDS = 10;
/** The command check_nrpe sends without `-c`: the daemon answers with its version. */
export const NRPE_HELLO_COMMAND = '_NRPE_CHECK';
/** The most arguments a daemon takes (`$ARG1$`..`$ARG16$`). */
export const NRPE_MAX_ARGUMENTS = 16;

/** How a `native:nrpe` check talks to its daemon. */
export interface NrpeOptions {
  readonly host: string;
  readonly port: number;
  /** `command!arg1!arg2...`, as the daemon reads it. */
  readonly query: string;
  readonly ssl: boolean;
  /** 0: no anonymous DH; 1: allowed (certificates too); 2: anonymous DH only. */
  readonly adh: 0 | 1 | 2;
  /** The versions to try, in order. */
  readonly versions: readonly NrpeVersion[];
  /** The socket timeout; `null` for check_nrpe's 10 seconds. */
  readonly timeoutSeconds: number | null;
  /** The status of a timeout or a connection problem; `null` when not given. */
  readonly problemStatus: PluginStatus | null;
  readonly clientCert: string | null;
  readonly clientKey: string | null;
  readonly caCert: string | null;
}

/** The options, or every problem with the parameters. */
export type ReadNrpeOptions = { ok: true; options: NrpeOptions } | { ok: false; problems: readonly string[] };

const STATE_NAMES: Readonly<Record<string, PluginStatus>> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };
const PROTOCOLS: Readonly<Record<string, readonly NrpeVersion[]>> = { auto: [4, 2], '2': [2], '3': [3], '4': [4] };

/** Reads the parameters of one `native:nrpe` check. */
export function readNrpeOptions(parameters: NativeParameters): ReadNrpeOptions {
  const reader = new ParameterReader(parameters);
  const host = reader.required('host');
  const port = reader.port('port', NRPE_PORT);
  const command = reader.text('command', NRPE_HELLO_COMMAND);
  const args = readArguments(reader);
  const timeout = readTimeout(reader.text('timeout', null), reader.problems);
  const ssl = reader.flag('ssl', true);
  const adhText = reader.text('adh', '1');
  const adh = adhText === '0' ? 0 : adhText === '2' ? 2 : 1;
  if (!['0', '1', '2'].includes(adhText)) reader.problems.push(`parameter "adh" must be 0, 1 or 2, not "${adhText}"`);
  const protocol = reader.text('protocol', 'auto');
  const versions = PROTOCOLS[protocol];
  if (versions === undefined) reader.problems.push(`parameter "protocol" must be 2, 3, 4 or auto, not "${protocol}"`);
  const clientCert = reader.text('client_cert', null);
  const clientKey = reader.text('client_key', null);
  const caCert = reader.text('ca_cert', null);
  if ((clientCert === null) !== (clientKey === null)) {
    reader.problems.push('client_cert and client_key must both be given or neither');
  }
  reader.rejectUnknown();
  if (command === '') reader.problems.push('parameter "command" must not be empty');
  for (const word of [command, ...args]) {
    if (word.includes('!')) reader.problems.push(`"${word}" contains "!", which NRPE reads as an argument separator`);
  }
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  return {
    ok: true,
    options: {
      host,
      port,
      query: [command, ...args].join('!'),
      ssl,
      adh,
      versions: versions ?? [4, 2],
      timeoutSeconds: timeout.seconds,
      problemStatus: timeout.status,
      clientCert,
      clientKey,
      caCert,
    },
  };
}

function readArguments(reader: ParameterReader): string[] {
  const listed = reader.text('args', null);
  const numbered: string[] = [];
  let gap: number | null = null;
  for (let index = 1; index <= NRPE_MAX_ARGUMENTS; index++) {
    const value = reader.text(`arg${index}`, null);
    if (value === null) {
      gap ??= index;
      continue;
    }
    if (gap !== null) reader.problems.push(`parameter "arg${index}" is given but "arg${gap}" is not`);
    numbered.push(value);
  }
  if (listed === null) return numbered;
  if (numbered.length > 0) reader.problems.push('use either "args" or "arg1".."argN", not both');
  const split = listed.split(/\s+/).filter((word) => word !== '');
  if (split.length > NRPE_MAX_ARGUMENTS) {
    reader.problems.push(`parameter "args" has ${split.length} arguments; NRPE takes at most ${NRPE_MAX_ARGUMENTS}`);
  }
  return split;
}

/** check_nrpe's `-t SECONDS[:STATE]` (`:STATE` alone keeps the seconds). */
function readTimeout(text: string | null, problems: string[]): { seconds: number | null; status: PluginStatus | null } {
  if (text === null) return { seconds: null, status: null };
  const match = /^(\d*)(?::(.*))?$/.exec(text);
  const secondsText = match?.[1] ?? '';
  const stateText = match?.[2];
  const seconds = secondsText === '' ? null : Number(secondsText);
  let status: PluginStatus | null = null;
  if (stateText !== undefined) {
    status = /^[0-3]$/.test(stateText)
      ? pluginStatusOf(Number(stateText))
      : (STATE_NAMES[stateText.toUpperCase()] ?? null);
    if (status === null)
      problems.push(`timeout state must be OK, WARNING, CRITICAL, UNKNOWN or 0..3, not "${stateText}"`);
  }
  if (match === null || seconds === 0 || (seconds === null && stateText === undefined)) {
    problems.push(`parameter "timeout" must be SECONDS or SECONDS:STATE with whole seconds above 0, not "${text}"`);
  }
  return { seconds, status };
}
