/**
 * The `watchpost` command line: picks the subcommand, parses its options, wires signals and
 * standard streams, and exits with the subcommand's status. The only file that touches process.
 */
import { parseArgs } from 'node:util';
import { checkConfigCommand } from './cli/check-config.js';
import { commandCommand } from './cli/command.js';
import { EXIT, type CliCommand, type CliIo } from './cli/cli-command.js';
import { importNagiosCommand } from './cli/import-nagios.js';
import { initCommand } from './cli/init.js';
import { notifyCommand } from './cli/notify.js';
import { queryCommand } from './cli/query.js';
import { schemaCommand } from './cli/schema.js';
import { startCommand } from './cli/start.js';
import { didYouMean } from './lib/did-you-mean.js';

const COMMANDS: readonly CliCommand[] = [
  initCommand,
  startCommand,
  checkConfigCommand,
  importNagiosCommand,
  queryCommand,
  commandCommand,
  notifyCommand,
  schemaCommand,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: watchpost COMMAND [OPTIONS]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run 'watchpost COMMAND --help' for a command's options and exit codes.
Exit codes: 0 success, 1 failed (e.g. configuration errors), 2 wrong usage, 3 could not run.`;
}

function makeIo(): CliIo {
  const stopRequested = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
    stopRequested,
    onReload: (handler) => process.on('SIGHUP', handler),
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write('watchpost 0.1.0\n');
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(
      `watchpost: unknown command '${name}'${didYouMean(
        name,
        COMMANDS.map((c) => c.name),
      )}\n${usage()}\n`,
    );
    return EXIT.usage;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`watchpost ${name}: ${(error as Error).message}\nRun 'watchpost ${name} --help'.\n`);
    return EXIT.usage;
  }
  if (parsed.values.help === true) {
    process.stdout.write(`${command.help}\n`);
    return EXIT.ok;
  }
  return command.run(parsed.values, parsed.positionals, makeIo());
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
    // Listeners and timers of a stopped site must not keep the process alive.
    setTimeout(() => process.exit(status), 2000).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `watchpost: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(70);
  },
);
