/**
 * What a command line asks to run, decided before any process starts: the words of the line, or
 * `/bin/sh -c` with the line when it needs a shell (the rules of {@link splitCommandLine}), or a
 * result at once when there is nothing that could run.
 */
import type { CheckResult } from '../../model/check-result.js';
import { spawnFailedResult } from '../process/plugin-result.js';
import { splitCommandLine } from '../process/split-command-line.js';

/** The argv to run, or the result of a command line that cannot run. */
export type PluginCommand =
  | { readonly ok: true; readonly file: string; readonly argv: readonly string[] }
  | { readonly ok: false; readonly result: CheckResult };

/** The argv for a plugin's command line, with the program first. */
export function pluginCommand(commandLine: string): PluginCommand {
  const split = splitCommandLine(commandLine);
  const argv = split.kind === 'argv' ? split.argv : ['/bin/sh', '-c', commandLine];
  const file = argv[0];
  if (file === undefined)
    return { ok: false, result: spawnFailedResult('(none)', undefined, 'the command line is empty') };
  // The operating system takes strings up to a NUL byte: an argument with one cannot be passed intact.
  if (argv.some((word) => word.includes('\0'))) {
    return { ok: false, result: spawnFailedResult(file, undefined, 'the command line contains a NUL byte') };
  }
  return { ok: true, file, argv };
}
