/**
 * Builds a configuration from YAML texts in memory, for tests of the builder and the YAML reader.
 */
import { buildConfiguration } from '../config/build.js';
import type { Definition } from '../config/definition.js';
import { Diagnostics, formatDiagnostic } from '../config/diagnostic.js';
import { readYamlObjects } from '../config/yaml/read-yaml-objects.js';
import type { Configuration } from '../model/objects.js';

export interface Built {
  readonly configuration: Configuration;
  readonly diagnostics: Diagnostics;
  /** Every diagnostic as `file:line: severity: message`. */
  readonly messages: string[];
  readonly errors: string[];
}

/** Reads each `file → text` as a conf.d YAML file at the top folder and builds them together. */
export function buildFromYaml(files: Readonly<Record<string, string>>): Built {
  const diagnostics = new Diagnostics();
  const definitions: Definition[] = [];
  for (const [file, text] of Object.entries(files)) {
    definitions.push(...readYamlObjects(text, { file, folder: '', diagnostics }));
  }
  const configuration = buildConfiguration({ definitions, diagnostics });
  const messages = diagnostics.items.map(formatDiagnostic);
  return { configuration, diagnostics, messages, errors: messages.filter((m) => m.includes(': error: ')) };
}
