/**
 * `watchpost schema`: prints or writes the JSON Schemas of the native configuration files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allSchemas } from '../config/json-schema.js';
import { EXIT, type CliCommand } from './cli-command.js';

export const schemaCommand: CliCommand = {
  name: 'schema',
  summary: 'print or write the JSON Schemas of watchpost.yaml, folder.yaml and object files',
  help: `Usage: watchpost schema [--write DIR]

Without options prints the schema of conf.d object files. With --write, writes
objects.schema.json, folder.schema.json and watchpost.schema.json into DIR, for editors
(a first line "# yaml-language-server: $schema=PATH" in a YAML file points an editor at one).

Exit codes: 0 done, 1 DIR cannot be written, 2 wrong usage.`,
  options: { write: { type: 'string' } },
  async run(values, _positionals, io) {
    const schemas = allSchemas();
    if (typeof values.write !== 'string') {
      io.out(JSON.stringify(schemas.get('objects.schema.json'), null, 2));
      return EXIT.ok;
    }
    const dir = resolve(io.cwd, values.write);
    try {
      mkdirSync(dir, { recursive: true });
      for (const [name, schema] of schemas) writeFileSync(join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
    } catch (error) {
      io.err(`schema: cannot write ${dir}: ${(error as Error).message}`);
      return EXIT.failed;
    }
    io.err(`wrote ${schemas.size} schemas to ${dir}`);
    return EXIT.ok;
  },
};
