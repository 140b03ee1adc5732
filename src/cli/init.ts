/**
 * `watchpost init DIR`: a new site directory whose demo configuration monitors this machine.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { packagePath } from '../lib/package-path.js';
import { EXIT, type CliCommand } from './cli-command.js';

/** Where Debian and other distributions install the Monitoring Plugins. */
export const PLUGIN_DIRS = ['/usr/lib/nagios/plugins', '/usr/lib/monitoring-plugins', '/usr/local/nagios/libexec'];

/** The first plugin directory that has check_dummy, or `null`. */
export function findPluginDir(): string | null {
  return PLUGIN_DIRS.find((dir) => existsSync(join(dir, 'check_dummy'))) ?? null;
}

/** The editor hint that names a file's JSON Schema, `up` folders below the site directory. */
function schemaHint(schema: string, up: number): string {
  return `# yaml-language-server: $schema=${'../'.repeat(up)}schema/${schema}.schema.json`;
}

function settingsYaml(site: string): string {
  return `${schemaHint('watchpost', 0)}
# Site settings; every key and its default: README.md, "Site settings".
site: ${site}
alias: Demo site ${site}
livestatus:
  socket: run/live
  tcp: true          # also on 127.0.0.1:6557, so the demo can check its own port
http:
  address: 127.0.0.1
  port: 5000
nagios:
  resource_file: resource.conf   # $USER1$: the Monitoring Plugins
`;
}

function commandsYaml(plugins: boolean): string {
  // Native checks run inside the site: the demo's host and port checks need nothing but Node.
  const native = `  - command_name: check-tcp
    command_line: native:tcp host=$HOSTADDRESS$ port=$ARG1$
  - command_name: check-host-alive
    command_line: native:ping host=$HOSTADDRESS$ warning=100.0,20% critical=500.0,60% packets=1
`;
  const local = plugins
    ? `  - command_name: check-load
    command_line: $USER1$/check_load -r -w $ARG1$ -c $ARG2$
  - command_name: check-disk
    command_line: $USER1$/check_disk -w $ARG1$ -c $ARG2$ -p $ARG3$
  - command_name: check-procs
    command_line: $USER1$/check_procs -w $ARG1$ -c $ARG2$
  - command_name: check-zombies
    command_line: $USER1$/check_procs -s Z -w $ARG1$ -c $ARG2$
  - command_name: check-users
    command_line: $USER1$/check_users -w $ARG1$ -c $ARG2$
`
    : '';
  return `${schemaHint('objects', 1)}
commands:
${native}${local}`;
}

function localhostYaml(plugins: boolean): string {
  const local = plugins
    ? `      - service_description: CPU load
        check_command: check-load!2,1.5,1!4,3,2
      - service_description: Disk /
        check_command: check-disk!20%!10%!/
      - service_description: Processes
        check_command: check-procs!250!400
      - service_description: Zombie processes
        check_command: check-zombies!5!10
      - service_description: Users
        check_command: check-users!5!10
`
    : '';
  return `${schemaHint('objects', 2)}
hosts:
  - host_name: localhost
    alias: This machine
    address: 127.0.0.1
    check_command: check-host-alive
    max_check_attempts: 3
    retry_interval: 30s
    custom:
      os: ${process.platform}
    services:
      - service_description: Watchpost web interface
        check_command: check-tcp!5000
      - service_description: Watchpost Livestatus
        check_command: check-tcp!6557
${local}`;
}

const CONTACTS_YAML = `${schemaHint('objects', 1)}
contacts:
  - contact_name: admin
    alias: Site administrator
    email: root@localhost
contactgroups:
  - contactgroup_name: admins
    alias: Administrators
    members: [admin]
users:
  - user_name: admin
    role: admin
`;

const FOLDER_YAML = `${schemaHint('folder', 2)}
# Every host in this folder (and below) inherits these attributes unless it sets its own.
title: This machine
contact_groups: [admins]
max_check_attempts: 3
labels:
  environment: demo
`;

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'create a new site directory with a demo configuration for this machine',
  help: `Usage: watchpost init DIR [--site ID] [--force]

Creates the site directory DIR: watchpost.yaml, conf.d/ with a demo configuration that
monitors this machine, and var/, log/ and run/. The demo checks the site's own web and
Livestatus ports and, when the Monitoring Plugins are installed (Debian package
monitoring-plugins), host alive, CPU load, disk, processes and users.
Then run: watchpost start --site-dir DIR

Options:
  --site ID   site id (default: the directory's name)
  --force     write into DIR even if it is not empty (existing files are overwritten)
  -h, --help  show this help

Exit codes: 0 created, 1 DIR exists and is not empty (without --force) or cannot be written,
2 wrong usage.`,
  options: {
    site: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
  async run(values, positionals, io) {
    const target = positionals[0];
    if (target === undefined || positionals.length > 1) {
      io.err('init: expected exactly one argument, the new site directory (see --help)');
      return EXIT.usage;
    }
    const dir = resolve(io.cwd, target);
    if (existsSync(dir) && readdirSync(dir).length > 0 && values.force !== true) {
      io.err(`init: ${dir} exists and is not empty; choose another directory or use --force`);
      return EXIT.failed;
    }
    const site = typeof values.site === 'string' ? values.site : basename(dir).replace(/[^A-Za-z0-9_-]/g, '_');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(site)) {
      io.err(`init: site id '${site}' may contain only letters, digits, - and _`);
      return EXIT.usage;
    }
    const pluginDir = findPluginDir();
    const plugins = pluginDir !== null;
    try {
      for (const sub of ['conf.d/localhost', 'var', 'log/archive', 'run', 'schema'])
        mkdirSync(join(dir, sub), { recursive: true });
      writeFileSync(join(dir, 'watchpost.yaml'), settingsYaml(site));
      writeFileSync(
        join(dir, 'resource.conf'),
        `# $USERn$ macros for command lines, as in Nagios' resource.cfg\n$USER1$=${pluginDir ?? PLUGIN_DIRS[0]}\n`,
      );
      writeFileSync(join(dir, 'conf.d', 'commands.yaml'), commandsYaml(plugins));
      writeFileSync(join(dir, 'conf.d', 'contacts.yaml'), CONTACTS_YAML);
      writeFileSync(join(dir, 'conf.d', 'localhost', 'folder.yaml'), FOLDER_YAML);
      writeFileSync(join(dir, 'conf.d', 'localhost', 'localhost.yaml'), localhostYaml(plugins));
      const schemaDir = packagePath('schema');
      for (const file of existsSync(schemaDir) ? readdirSync(schemaDir) : []) {
        copyFileSync(join(schemaDir, file), join(dir, 'schema', file));
      }
    } catch (error) {
      io.err(`init: cannot write ${dir}: ${(error as Error).message}`);
      return EXIT.failed;
    }
    io.out(`created site '${site}' in ${dir}`);
    if (!plugins) {
      io.out('note: the Monitoring Plugins are not installed (Debian: apt-get install monitoring-plugins);');
      io.out("      the demo checks only the site's own ports until they are, then run init again with --force.");
    }
    io.out(`start it with: watchpost start --site-dir ${target}`);
    return EXIT.ok;
  },
};
