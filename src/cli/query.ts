/**
 * `watchpost query`: sends a Livestatus query to a site and prints the answer, like Checkmk's
 * `lq`. Also holds what `watchpost command` shares with it: where the site listens.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { Diagnostics } from '../config/diagnostic.js';
import { readSiteSettings } from '../config/site-settings.js';
import { parseYaml } from '../config/yaml/parse-yaml.js';
import { sendRequest, type ClientTls, type LivestatusAddress } from '../livestatus/socket/send-request.js';
import { EXIT, type CliCommand, type CliIo } from './cli-command.js';

/** The options that say where the site listens, shared with `watchpost command`. */
export const ADDRESS_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  'site-dir': { type: 'string' },
  socket: { type: 'string' },
  tcp: { type: 'string' },
  tls: { type: 'boolean' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'secret-file': { type: 'string' },
  timeout: { type: 'string', default: '60' },
};

/** Help lines for {@link ADDRESS_OPTIONS}. */
export const ADDRESS_HELP = `  --site-dir DIR    the site's unix socket, as its watchpost.yaml names it (default: run/live
                    in the current directory)
  --socket PATH     a unix socket
  --tcp HOST:PORT   a TCP listener (Livestatus' usual port is 6557)
  --tls             speak TLS to the TCP listener (the server's certificate is verified)
  --ca FILE         trust the CA(s) in this PEM file instead of the system's (implies --tls)
  --cert FILE, --key FILE
                    present this client certificate and key (PEM; implies --tls)
  --secret-file FILE
                    send the shared secret in FILE as the connection's first line (implies --tls)
  --timeout SECONDS how long to wait for the answer (default 60)`;

type Values = Record<string, string | boolean | undefined>;

/** Where to connect, from the options, or why the options are wrong. */
export function addressFrom(
  values: Values,
  io: CliIo,
): { ok: true; address: LivestatusAddress } | { ok: false; message: string } {
  const given = ['site-dir', 'socket', 'tcp'].filter((k) => typeof values[k] === 'string');
  if (given.length > 1) return { ok: false, message: `use only one of --${given.join(', --')}` };
  const security = TLS_OPTIONS.filter((k) => values[k] !== undefined);
  if (security.length > 0 && typeof values.tcp !== 'string')
    return { ok: false, message: `--${security.join(', --')} only go with --tcp` };
  if (typeof values.socket === 'string')
    return { ok: true, address: { kind: 'unix', path: resolve(io.cwd, values.socket) } };
  if (typeof values.tcp === 'string') {
    const match = /^(.+):(\d{1,5})$/.exec(values.tcp);
    const port = Number(match?.[2]);
    if (match === null || port < 1 || port > 65535)
      return { ok: false, message: `--tcp expects HOST:PORT (e.g. 127.0.0.1:6557), got '${values.tcp}'` };
    const host = (match[1] ?? '').replace(/^\[(.*)\]$/, '$1');
    if (security.length === 0) return { ok: true, address: { kind: 'tcp', host, port } };
    const tls = tlsFrom(values, io);
    if (!tls.ok) return tls;
    return { ok: true, address: { kind: 'tcp', host, port, ...tls.value } };
  }
  const siteDir = resolve(io.cwd, typeof values['site-dir'] === 'string' ? values['site-dir'] : '.');
  return { ok: true, address: { kind: 'unix', path: siteSocket(siteDir) } };
}

const TLS_OPTIONS = ['tls', 'ca', 'cert', 'key', 'secret-file'] as const;

/** The TLS part of a TCP address: files read, or why they cannot be. */
function tlsFrom(
  values: Values,
  io: CliIo,
): { ok: true; value: { tls: ClientTls; secret?: string } } | { ok: false; message: string } {
  if ((typeof values.cert === 'string') !== (typeof values.key === 'string'))
    return { ok: false, message: '--cert and --key go together' };
  const files: Partial<Record<'ca' | 'cert' | 'key' | 'secret-file', Buffer>> = {};
  for (const option of ['ca', 'cert', 'key', 'secret-file'] as const) {
    const path = values[option];
    if (typeof path !== 'string') continue;
    try {
      files[option] = readFileSync(resolve(io.cwd, path));
    } catch (error) {
      return { ok: false, message: `--${option}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})` };
    }
  }
  const tls: ClientTls = {
    ...(files.ca === undefined ? {} : { ca: files.ca }),
    ...(files.cert === undefined ? {} : { cert: files.cert }),
    ...(files.key === undefined ? {} : { key: files.key }),
  };
  const secret = files['secret-file']?.toString('utf8').replace(/[\r\n]+$/, '');
  if (secret !== undefined && (secret === '' || /[\r\n]/.test(secret)))
    return { ok: false, message: `--secret-file: ${String(values['secret-file'])} must hold the secret on one line` };
  return { ok: true, value: { tls, ...(secret === undefined ? {} : { secret }) } };
}

/** The unix socket a site directory's watchpost.yaml names (`livestatus.socket`, default `run/live`). */
function siteSocket(siteDir: string): string {
  const file = join(siteDir, 'watchpost.yaml');
  let socket = 'run/live';
  if (existsSync(file)) {
    const parsed = parseYaml(readFileSync(file, 'utf8'));
    if (parsed.ok) {
      const settings = readSiteSettings(parsed.value, parsed.lines, {
        file: 'watchpost.yaml',
        defaultSite: 'site',
        diagnostics: new Diagnostics(),
      });
      socket = settings.livestatus.socket;
    }
  }
  return isAbsolute(socket) ? socket : join(siteDir, socket);
}

/** The answer timeout in milliseconds, or `null` for a bad value. */
export function timeoutFrom(values: Values): number | null {
  const seconds = Number(values.timeout ?? '60');
  return Number.isFinite(seconds) && seconds > 0 && seconds <= 86_400 ? seconds * 1000 : null;
}

/** Reads all of standard input (the query when no argument gives one). */
async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream('', { fd: 0, autoClose: false })) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Prints text that already ends with a newline (io.out adds one). */
function print(write: (text: string) => void, text: string): void {
  if (text !== '') write(text.endsWith('\n') ? text.slice(0, -1) : text);
}

/** The `query` subcommand, reading standard input with `readStdin`. */
export function makeQueryCommand(readStdin: () => Promise<string>): CliCommand {
  return {
    name: 'query',
    summary: 'send a Livestatus query and print the answer',
    help: `Usage: watchpost query [--site-dir DIR | --socket PATH | --tcp HOST:PORT [TLS options]] [QUERY-LINE...]

Sends a Livestatus query (LQL) and prints the answer as the server sent it. Each argument is
one line of the query; without arguments the query is read from standard input. Example:

  watchpost query 'GET services' 'Columns: host_name description state' 'Filter: state != 0'

Unless the query has its own ResponseHeader line, the answer's status is read from a fixed16
header that is not printed: an error message goes to standard error with exit code 1. With
'ResponseHeader: fixed16' in the query the header is printed as received.

Options:
${ADDRESS_HELP}
  -h, --help        show this help

Exit codes: 0 answered, 1 the server answered with an error, 2 wrong usage (no query, bad
option), 3 no answer (cannot connect, timeout).`,
    options: ADDRESS_OPTIONS,
    async run(values, positionals, io) {
      const address = addressFrom(values, io);
      const timeout = timeoutFrom(values);
      if (!address.ok || timeout === null) {
        io.err(`watchpost query: ${address.ok ? '--timeout expects seconds (1 to 86400)' : address.message}`);
        return EXIT.usage;
      }
      const text = positionals.length > 0 ? positionals.join('\n') : await readStdin();
      const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
      while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
      while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
      if (lines.length === 0) {
        io.err('watchpost query: no query given (as arguments or on standard input)');
        return EXIT.usage;
      }
      const ownHeader = lines.some((l) => l.startsWith('ResponseHeader:'));
      if (!ownHeader) lines.push('ResponseHeader: fixed16');
      const sent = await sendRequest(address.address, `${lines.join('\n')}\n\n`, timeout);
      if (!sent.ok) {
        io.err(`watchpost query: ${sent.reason}`);
        return EXIT.runtime;
      }
      const answer = sent.answer.toString('utf8');
      const status = /^(\d{3}) {1,11}\d+\n/.exec(answer.slice(0, 16));
      if (ownHeader) {
        print(io.out, answer);
        return status === null || status[1] === '200' ? EXIT.ok : EXIT.failed;
      }
      if (status === null) {
        io.err(`watchpost query: the server sent no valid answer${answer === '' ? '' : `: ${answer.slice(0, 200)}`}`);
        return EXIT.runtime;
      }
      const body = answer.slice(16);
      if (status[1] !== '200') {
        print(io.err, `${status[1]}: ${body}`);
        return EXIT.failed;
      }
      print(io.out, body);
      return EXIT.ok;
    },
  };
}

/** `watchpost query`. */
export const queryCommand: CliCommand = makeQueryCommand(readStandardInput);
