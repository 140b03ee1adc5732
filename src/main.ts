/**
 * The `watchpost` command line: picks the subcommand, parses its options, wires signals and
 * standard streams, and exits with the subcommand's status. The only file that touches process,
 * apart from the exit it shares with the benchmarks.
 */
import { parseArgs } from 'node:util';
import { EXIT, type CliCommand, type CliIo } from './cli/cli-command.js';
import { didYouMean } from './lib/did-you-mean.js';
import { exitWhenFlushed } from './lib/exit-when-flushed.js';

/**
 * The subcommands by name, each module loaded only when its command runs: loading all of them
 * (the site, Livestatus, notifications, e-mail) took longer than `check-config` itself.
 */
const COMMANDS: readonly (readonly [string, () => Promise<CliCommand>])[] = [
  ['init', async () => (await import('./cli/init.js')).initCommand],
  ['start', async () => (await import('./cli/start.js')).startCommand],
  ['check-config', async () => (await import('./cli/check-config.js')).checkConfigCommand],
  ['import-nagios', async () => (await import('./cli/import-nagios.js')).importNagiosCommand],
  ['query', async () => (await import('./cli/query.js')).queryCommand],
  ['command', async () => (await import('./cli/command.js')).commandCommand],
  ['notify', async () => (await import('./cli/notify.js')).notifyCommand],
  ['schema', async () => (await import('./cli/schema.js')).schemaCommand],
];

async function usage(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map(([, load]) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: watchpost COMMAND [OPTIONS]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

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
    process.stdout.write(`${await usage()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write('watchpost 0.1.0\n');
    return EXIT.ok;
  }
  const load = COMMANDS.find(([known]) => known === name)?.[1];
  if (load === undefined) {
    process.stderr.write(
      `watchpost: unknown command '${name}'${didYouMean(
        name,
        COMMANDS.map(([known]) => known),
      )}\n${await usage()}\n`,
    );
    return EXIT.usage;
  }
  const command = await load();
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
  // Every command has finished its work when it returns; listeners and timers of a stopped site
  // must not keep the process alive.
  exitWhenFlushed,
  (error: unknown) => {
    process.stderr.write(
      `watchpost: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(70);
  },
);
