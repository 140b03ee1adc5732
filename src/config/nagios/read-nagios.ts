/**
 * The file-system side of the Nagios reader: reads object files, nagios.cfg, its resource files
 * and `cfg_dir` trees with node:fs, and hands their texts to the pure reader. A file that is
 * missing, unreadable, not a regular file or too large is reported, never thrown.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SourceRef } from '../../model/objects.js';
import type { Definition } from '../definition.js';
import type { Diagnostics } from '../diagnostic.js';
import { definitionsFromNagios } from './definitions-from-nagios.js';
import type { ObjectFileText } from './definitions-from-nagios.js';
import { DEFAULT_INTERVAL_LENGTH, parseMainConfig, parseResourceFile, type MainConfig } from './main-config.js';
import type { ObjectSource } from './main-config.js';
import { readUtf8File } from '../../lib/read-utf8-file.js';
import { ObjectFileScanner, type ScannedFile } from './object-file-scanner.js';

/** The largest configuration file read; a larger one is reported instead of filling memory. */
export const MAX_FILE_BYTES = 128 * 1024 * 1024;

/** Options of {@link readNagiosObjectFiles}. */
export interface ReadNagiosOptions {
  /** Seconds per interval unit: nagios.cfg's interval_length (Nagios' default is 60). */
  readonly intervalLength: number;
  /** The directory whose sub-folders are the definitions' folders; without it every folder is `''`. */
  readonly root?: string;
  /** Files are named relative to this directory in sources and messages; by default as given. */
  readonly shownRelativeTo?: string;
  readonly diagnostics: Diagnostics;
}

/** What {@link readNagiosConfig} read. */
export interface NagiosConfig {
  readonly definitions: Definition[];
  /** `$USERn$` macros of the resource files, keyed by n (`$USER1$` → 1). */
  readonly userMacros: Map<number, string>;
  /** Seconds per interval unit, from interval_length (60 when not set). */
  readonly intervalLength: number;
  /** The object files read, in order (cfg_file and the contents of cfg_dir). */
  readonly files: string[];
  /** The other directives of nagios.cfg (see `MainConfig.options`). */
  readonly options: MainConfig['options'];
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** The text of the file at `path`, without line records. */
function textOnly(path: string): ScannedFile {
  return { text: readUtf8File(path) };
}

/**
 * The file at `path` as `read` reads it, or `null` after reporting why it cannot be read: at
 * `where` (the line that names the file) or else at the file itself.
 */
function readFile(
  path: string,
  shown: string,
  diagnostics: Diagnostics,
  where: SourceRef | undefined,
  read: (path: string) => ScannedFile,
): ScannedFile | null {
  const at = where ?? { file: shown, line: 0 };
  try {
    const stats = statSync(path);
    if (!stats.isFile()) {
      diagnostics.error(at, `${shown} cannot be read: not a regular file`);
      return null;
    }
    if (stats.size > MAX_FILE_BYTES) {
      diagnostics.error(
        at,
        `${shown} is too large to be configuration (${stats.size} bytes; at most ${MAX_FILE_BYTES})`,
      );
      return null;
    }
    return read(path);
  } catch (error) {
    diagnostics.error(at, `${shown} cannot be read: ${reason(error)}`);
    return null;
  }
}

/** The text of the file at `path`, or `null` after reporting why it cannot be read (see {@link readFile}). */
function readText(path: string, shown: string, diagnostics: Diagnostics, where?: SourceRef): string | null {
  return readFile(path, shown, diagnostics, where, textOnly)?.text ?? null;
}

/** Whether `child` is `parent` or below it. */
function isWithin(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The folder of `file` relative to `root`, with `/` separators; `''` at the top or outside. */
function folderOf(file: string, root: string | undefined): string {
  if (root === undefined) return '';
  const dir = dirname(resolve(file));
  const base = resolve(root);
  if (!isWithin(base, dir)) return '';
  return relative(base, dir).split(sep).join('/');
}

/**
 * Reads Nagios object configuration files and returns their definitions, templates resolved
 * across all of them together (as Nagios does). Problems go to `options.diagnostics`.
 */
export function readNagiosObjectFiles(files: readonly string[], options: ReadNagiosOptions): Definition[] {
  return definitionsFromNagios(readObjectFiles(files, options), {
    intervalLength: options.intervalLength,
    diagnostics: options.diagnostics,
  });
}

/**
 * The object files at `paths`, each read when the reader asks for it: with the line scanner, a
 * file's records last only until the next file is read, and only one file's bytes are held.
 */
function* readObjectFiles(paths: readonly string[], options: ReadNagiosOptions): Generator<ObjectFileText> {
  const scanner = ObjectFileScanner.create();
  const read = scanner === null ? textOnly : (path: string) => scanner.read(path);
  for (const path of paths) {
    const base = options.shownRelativeTo;
    const shown =
      base !== undefined && isWithin(resolve(base), resolve(path)) ? relative(resolve(base), resolve(path)) : path;
    const file = readFile(path, shown, options.diagnostics, undefined, read);
    if (file !== null) yield { file: shown, text: file.text, folder: folderOf(path, options.root), lines: file.lines };
  }
}

/** Reads a Nagios resource file of `$USERn$=value` lines, keyed by n. */
export function readResourceFile(path: string, diagnostics: Diagnostics, where?: SourceRef): Map<number, string> {
  const text = readText(path, path, diagnostics, where);
  return text === null ? new Map() : parseResourceFile(text, path, diagnostics);
}

/** Every `*.cfg` file below `dir`, recursively, following links but not link cycles, sorted. */
function cfgFilesBelow(dir: string, where: SourceRef, diagnostics: Diagnostics): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    let entries: string[];
    try {
      const real = realpathSync(current);
      if (seen.has(real)) continue;
      seen.add(real);
      entries = readdirSync(current);
    } catch (error) {
      diagnostics.error(where, `cfg_dir ${current} cannot be read: ${reason(error)}`);
      continue;
    }
    for (const name of entries) {
      const path = join(current, name);
      let stats;
      try {
        stats = statSync(path);
      } catch {
        continue; // a dangling link: Nagios skips it too
      }
      if (stats.isDirectory()) pending.push(path);
      else if (stats.isFile() && name.length > 4 && name.endsWith('.cfg')) found.push(path);
    }
  }
  return found.sort();
}

/** The object files of nagios.cfg's `cfg_file=` and `cfg_dir=` lines, in order, each once. */
function objectFiles(sources: readonly ObjectSource[], nagiosCfg: string, diagnostics: Diagnostics): string[] {
  const files: string[] = [];
  const listed = new Set<string>();
  for (const source of sources) {
    const where = { file: nagiosCfg, line: source.line };
    let candidates: string[];
    if (source.kind === 'file') {
      const stats = statSync(source.path, { throwIfNoEntry: false });
      if (stats === undefined || !stats.isFile()) {
        diagnostics.error(where, `cfg_file ${source.path} ${stats === undefined ? 'does not exist' : 'is not a file'}`);
        continue;
      }
      candidates = [source.path];
    } else {
      const stats = statSync(source.path, { throwIfNoEntry: false });
      if (stats === undefined || !stats.isDirectory()) {
        diagnostics.error(
          where,
          `cfg_dir ${source.path} ${stats === undefined ? 'does not exist' : 'is not a directory'}`,
        );
        continue;
      }
      candidates = cfgFilesBelow(source.path, where, diagnostics);
    }
    for (const file of candidates) {
      if (listed.has(file)) {
        diagnostics.warning(where, `${file} is named more than once in nagios.cfg; it is read once`);
        continue;
      }
      listed.add(file);
      files.push(file);
    }
  }
  return files;
}

/**
 * Reads a Nagios installation from its nagios.cfg: the object files it names (cfg_file,
 * cfg_dir), the `$USERn$` macros of its resource files and interval_length. Relative paths are
 * relative to the directory of nagios.cfg. Files are named by their paths in messages; a file
 * that nagios.cfg names but that cannot be read is reported at the line naming it.
 */
export function readNagiosConfig(nagiosCfgPath: string, diagnostics: Diagnostics): NagiosConfig {
  const text = readText(nagiosCfgPath, nagiosCfgPath, diagnostics);
  if (text === null)
    return {
      definitions: [],
      userMacros: new Map(),
      intervalLength: DEFAULT_INTERVAL_LENGTH,
      files: [],
      options: new Map(),
    };
  const main = parseMainConfig(text, { file: nagiosCfgPath, baseDir: dirname(resolve(nagiosCfgPath)), diagnostics });
  const userMacros = new Map<number, string>();
  for (const resource of main.resourceFiles) {
    const where = { file: nagiosCfgPath, line: resource.line };
    for (const [n, value] of readResourceFile(resource.path, diagnostics, where)) userMacros.set(n, value);
  }
  const files = objectFiles(main.objectSources, nagiosCfgPath, diagnostics);
  const definitions = readNagiosObjectFiles(files, { intervalLength: main.intervalLength, diagnostics });
  return { definitions, userMacros, intervalLength: main.intervalLength, files, options: main.options };
}
