/**
 * `watchpost import-nagios`: reads an existing Nagios configuration through its nagios.cfg,
 * validates it as Watchpost would run it, and optionally converts it to native YAML.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildConfiguration } from '../config/build.js';
import { Diagnostics } from '../config/diagnostic.js';
import { readNagiosConfig } from '../config/nagios/read-nagios.js';
import { writeYaml } from '../config/yaml/write-yaml.js';
import { countObjects } from '../model/objects.js';
import { EXIT, type CliCommand } from './cli-command.js';
import { printDiagnostics } from './check-config.js';

export const importNagiosCommand: CliCommand = {
  name: 'import-nagios',
  summary: 'read a Nagios configuration (nagios.cfg) and optionally convert it to YAML',
  help: `Usage: watchpost import-nagios NAGIOS_CFG [--write DIR] [--json]

Reads NAGIOS_CFG and every object file it names (cfg_file, cfg_dir), with $USERn$ macros
from its resource_file, resolves templates and checks every reference, exactly as a site
would run it. Prints the number of objects of each type.

To use the configuration unchanged, name it in watchpost.yaml (nagios: {config: PATH}) or
copy the .cfg files into conf.d/. With --write, the objects are converted to native YAML
files in DIR (e.g. a site's conf.d/imported), one file per object type; $USERn$ macros go to
DIR/resource.conf, which watchpost.yaml then names as nagios.resource_file.

Options:
  --write DIR   write native YAML files into DIR (created if missing)
  --json        print the counts as one JSON object keyed by object type
  -h, --help    show this help

Exit codes: 0 read without errors, 1 errors found (nothing written), 2 wrong usage.`,
  options: {
    write: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run(values, positionals, io) {
    const path = positionals[0];
    if (path === undefined || positionals.length > 1) {
      io.err('import-nagios: expected exactly one argument, the path of nagios.cfg (see --help)');
      return EXIT.usage;
    }
    const diags = new Diagnostics();
    const nagios = readNagiosConfig(resolve(io.cwd, path), diags);
    const configuration = buildConfiguration({
      definitions: nagios.definitions,
      userMacros: nagios.userMacros,
      diagnostics: diags,
    });
    const errors = printDiagnostics(diags, io);
    if (errors > 0) {
      io.err(`${errors} error${errors === 1 ? '' : 's'}: nothing imported`);
      return EXIT.failed;
    }
    const counts = countObjects(configuration);
    if (values.json === true) io.out(JSON.stringify(counts));
    else for (const [type, count] of Object.entries(counts)) io.out(`${type.padEnd(20)}  ${count}`);

    const target = values.write;
    if (typeof target === 'string') {
      const dir = resolve(io.cwd, target);
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of writeYaml(nagios.definitions)) writeFileSync(join(dir, name), text);
      if (nagios.userMacros.size > 0) {
        const lines = [...nagios.userMacros].sort(([a], [b]) => a - b).map(([n, v]) => `$USER${n}$=${v}`);
        writeFileSync(join(dir, 'resource.conf'), `# $USERn$ macros imported from ${path}\n${lines.join('\n')}\n`);
        io.err(`wrote ${join(dir, 'resource.conf')}: name it in watchpost.yaml as nagios: {resource_file: ...}`);
      }
      io.err(`wrote native YAML to ${dir}`);
    }
    return EXIT.ok;
  },
};
