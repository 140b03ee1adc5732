/**
 * The shape of a `watchpost` subcommand: its help text, its options and what it runs.
 */
import type { ParseArgsConfig } from 'node:util';

/** Exit codes of every subcommand, documented in the README. */
export const EXIT = {
  ok: 0,
  /** The configuration has errors, or the operation failed. */
  failed: 1,
  /** The command line was wrong (unknown subcommand or option, missing argument). */
  usage: 2,
  /** The site could not start or keep running (directory, lock, listener). */
  runtime: 3,
} as const;

/** What a subcommand may touch of the outside world; `main.ts` provides it. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
  readonly stopRequested: Promise<string>;
  /** Registers a reload handler (SIGHUP). */
  readonly onReload: (handler: () => void) => void;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Full help: usage line, description, options, exit codes. */
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | undefined>, positionals: readonly string[], io: CliIo): Promise<number>;
}
