/**
 * Parsing Nagios' main configuration file (nagios.cfg) and its resource files: the `name=value`
 * lines that say where the object configuration is (`cfg_file=`, `cfg_dir=`), where the
 * `$USERn$` macros are (`resource_file=`) and how long an interval unit is (`interval_length=`).
 * Every other directive is kept as written in {@link MainConfig.options}, for whoever maps the
 * few that mean something to a site (global event handlers, for instance); most concern the
 * Nagios daemon and are never looked at.
 *
 * Pure: text in, values out. Reading the files and walking `cfg_dir` is the adapter's job.
 */
import { isAbsolute, join } from 'node:path';
import type { Diagnostics } from '../diagnostic.js';
import { FileReporter } from './file-reporter.js';
import { scanLines } from './scan-lines.js';

/** Nagios' default length of an interval unit, in seconds. */
export const DEFAULT_INTERVAL_LENGTH = 60;

/** The highest `$USERn$` macro Nagios knows. */
export const MAX_USER_MACRO = 256;

/** A path named in nagios.cfg, made absolute, with the line that names it. */
export interface PathAt {
  readonly path: string;
  readonly line: number;
}

/** Where object configuration comes from, in the order nagios.cfg lists it. */
export interface ObjectSource extends PathAt {
  /** `file` for `cfg_file=`, `dir` for `cfg_dir=` (every `*.cfg` below it). */
  readonly kind: 'file' | 'dir';
}

/** What Watchpost reads from nagios.cfg. */
export interface MainConfig {
  readonly objectSources: readonly ObjectSource[];
  readonly resourceFiles: readonly PathAt[];
  /** Seconds per interval unit (`interval_length=`), 60 unless set. */
  readonly intervalLength: number;
  /** Every other directive by name: its value (trimmed) and line; the last one of a name wins. */
  readonly options: ReadonlyMap<string, { readonly value: string; readonly line: number }>;
}

/** How to parse a nagios.cfg: its name in messages, and the directory relative paths start from. */
export interface MainConfigSource {
  readonly file: string;
  /** The directory of nagios.cfg: relative paths in it are relative to this directory. */
  readonly baseDir: string;
  readonly diagnostics: Diagnostics;
}

/** Visits each `name=value` line of a Nagios key-value file (`#` comments, blank lines skipped). */
function scanAssignments(
  text: string,
  reporter: FileReporter,
  visit: (name: string, value: string, line: number) => boolean,
): void {
  scanLines(text, reporter, (source, start, end, line) => {
    const text = source.slice(start, end).trim();
    if (text === '' || text.startsWith('#')) return true;
    const equals = text.indexOf('=');
    if (equals <= 0) {
      const shown = text.length > 60 ? `${text.slice(0, 60)}...` : text;
      return reporter.error(line, `expected 'name=value', got '${shown}'`);
    }
    return visit(text.slice(0, equals).trim(), text.slice(equals + 1), line);
  });
}

/** Parses the text of nagios.cfg. Problems are reported; what could be read is returned. */
export function parseMainConfig(text: string, source: MainConfigSource): MainConfig {
  const reporter = new FileReporter(source.diagnostics, source.file);
  const objectSources: ObjectSource[] = [];
  const resourceFiles: PathAt[] = [];
  let intervalLength = DEFAULT_INTERVAL_LENGTH;
  const options = new Map<string, { value: string; line: number }>();
  const absolute = (path: string): string => (isAbsolute(path) ? path : join(source.baseDir, path));

  scanAssignments(text, reporter, (name, rawValue, line) => {
    const value = rawValue.trim();
    switch (name) {
      case 'cfg_file':
      case 'cfg_dir':
      case 'resource_file':
        if (value === '') return reporter.error(line, `${name}= needs a path`);
        if (name === 'resource_file') resourceFiles.push({ path: absolute(value), line });
        else objectSources.push({ kind: name === 'cfg_file' ? 'file' : 'dir', path: absolute(value), line });
        return true;
      case 'interval_length': {
        const n = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isSafeInteger(n) || n < 1) {
          return reporter.error(
            line,
            `interval_length must be a whole number of seconds of at least 1, got '${value}'`,
          );
        }
        intervalLength = n;
        return true;
      }
      default:
        options.set(name, { value, line });
        return true;
    }
  });
  return { objectSources, resourceFiles, intervalLength, options };
}

/**
 * Parses a Nagios resource file: `$USERn$=value` lines (n from 1 to 256). The map is keyed by
 * n itself (`$USER1$` → 1). The value is kept as written after `=` (only the end of the line
 * is trimmed), as Nagios keeps it; a later line for the same macro wins.
 */
export function parseResourceFile(text: string, file: string, diagnostics: Diagnostics): Map<number, string> {
  const reporter = new FileReporter(diagnostics, file);
  const macros = new Map<number, string>();
  scanAssignments(text, reporter, (name, value, line) => {
    const match = /^\$USER(\d{1,3})\$$/.exec(name);
    const n = match === null ? NaN : Number(match[1]);
    if (n >= 1 && n <= MAX_USER_MACRO) {
      macros.set(n, value);
      return true;
    }
    return reporter.warning(line, `'${name}' is not read: a resource file holds $USER1$ ... $USER${MAX_USER_MACRO}$`);
  });
  return macros;
}
