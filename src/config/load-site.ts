/**
 * Loading a site directory: watchpost.yaml, then conf.d/ with its folders, native YAML files and
 * Nagios .cfg files, and optionally an existing nagios.cfg — all into one Configuration.
 * A configuration with errors is never returned as runnable: the caller gets the diagnostics only.
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Configuration } from '../model/objects.js';
import { buildConfiguration } from './build.js';
import type { Definition } from './definition.js';
import { Diagnostics } from './diagnostic.js';
import { ROOT_FOLDER, applyFolder, inheritFolder, type FolderAttributes } from './folder-attributes.js';
import { checkGlobalEventHandlers } from './global-event-handlers.js';
import { readNagiosConfig, readNagiosObjectFiles, readResourceFile } from './nagios/read-nagios.js';
import { readSiteSettings, type SiteSettings } from './site-settings.js';
import { parseYaml, type YamlLines } from './yaml/parse-yaml.js';
import { readFolder } from './yaml/read-folder.js';
import { readYamlObjects } from './yaml/read-yaml-objects.js';
import { readUtf8File } from '../lib/read-utf8-file.js';

export type LoadResult =
  | {
      readonly ok: true;
      readonly configuration: Configuration;
      readonly settings: SiteSettings;
      readonly diagnostics: Diagnostics;
      readonly files: readonly string[];
    }
  | { readonly ok: false; readonly diagnostics: Diagnostics; readonly files: readonly string[] };

export { loadNagiosMainConfig } from './load-nagios.js';

const NO_LINES: YamlLines = { lineOf: () => 0, keyLineOf: () => 0 };

/** Files larger than this are refused: a configuration file is never this big by intent. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Folders deeper than this are refused (and symlink loops stopped). */
export const MAX_FOLDER_DEPTH = 32;

/** Reads a text file, or reports why not. A UTF-8 byte order mark is dropped. */
export function readTextFile(path: string, shownAs: string, diags: Diagnostics): string | null {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      diags.error({ file: shownAs, line: 0 }, 'is a directory, expected a file');
      return null;
    }
    if (stat.size > MAX_FILE_BYTES) {
      diags.error({ file: shownAs, line: 0 }, `file too large (${stat.size} bytes, at most ${MAX_FILE_BYTES})`);
      return null;
    }
    const text = readUtf8File(path);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    diags.error({ file: shownAs, line: 0 }, `cannot read file (${code})`);
    return null;
  }
}

interface ConfDirFiles {
  readonly yaml: { path: string; shown: string; folder: FolderAttributes }[];
  readonly cfg: { path: string; shown: string; folder: FolderAttributes }[];
  readonly folders: Map<string, FolderAttributes>;
}

/** Walks conf.d breadth-first, reading each folder.yaml before the files below it. */
function walkConfDir(siteDir: string, confDir: string, diags: Diagnostics): ConfDirFiles {
  const out: ConfDirFiles = { yaml: [], cfg: [], folders: new Map([['', ROOT_FOLDER]]) };
  const seen = new Set<string>();
  const queue: { dir: string; folder: FolderAttributes; depth: number }[] = [
    { dir: confDir, folder: ROOT_FOLDER, depth: 0 },
  ];
  while (queue.length > 0) {
    const item = queue.shift();
    if (item === undefined) break;
    const shownDir = relative(siteDir, item.dir) || '.';
    let real: string;
    try {
      real = realpathSync(item.dir);
    } catch {
      diags.error({ file: shownDir, line: 0 }, 'cannot resolve folder (dangling link?)');
      continue;
    }
    if (seen.has(real)) {
      diags.error({ file: shownDir, line: 0 }, 'folder reached twice through a symbolic link loop; skipped');
      continue;
    }
    seen.add(real);
    let folder = item.folder;
    const folderFile = join(item.dir, 'folder.yaml');
    if (item.depth > 0 && existsAsFile(folderFile)) {
      const shown = relative(siteDir, folderFile);
      const text = readTextFile(folderFile, shown, diags);
      if (text !== null) folder = inheritFolder(item.folder, readFolder(text, shown, folder.path, diags));
    }
    out.folders.set(folder.path, folder);
    let entries: string[];
    try {
      entries = readdirSync(item.dir).sort();
    } catch (error) {
      diags.error(
        { file: shownDir, line: 0 },
        `cannot list folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
      continue;
    }
    for (const name of entries) {
      if (name.startsWith('.')) continue;
      const path = join(item.dir, name);
      const shown = relative(siteDir, path);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true) {
          diags.error({ file: shown, line: 0 }, 'dangling symbolic link');
        }
        continue;
      }
      if (isDir && !name.endsWith('.cfg') && !name.endsWith('.yaml') && !name.endsWith('.yml')) {
        if (item.depth + 1 > MAX_FOLDER_DEPTH) {
          diags.error({ file: shown, line: 0 }, `folders nested deeper than ${MAX_FOLDER_DEPTH} levels are not read`);
          continue;
        }
        const path2 = folder.path === '' ? name : `${folder.path}/${name}`;
        queue.push({ dir: path, folder: { ...folder, path: path2, title: name, file: null }, depth: item.depth + 1 });
      } else if (name.endsWith('.cfg')) {
        out.cfg.push({ path, shown, folder });
      } else if ((name.endsWith('.yaml') || name.endsWith('.yml')) && name !== 'folder.yaml') {
        out.yaml.push({ path, shown, folder });
      }
    }
  }
  return out;
}

function existsAsFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

/**
 * Appends `items` to `list` one by one: `push(...items)` passes each item as an argument and
 * throws a RangeError beyond about 120,000 of them, which a large configuration reaches.
 */
function append<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}

/** Definitions with folder inheritance applied to hosts. */
function withFolders(defs: readonly Definition[], folders: ReadonlyMap<string, FolderAttributes>): Definition[] {
  return defs.map((def) => {
    if (def.type !== 'host') return def;
    const folder = folders.get(def.folder);
    return folder === undefined ? def : applyFolder(def, folder);
  });
}

/** Reads and builds a site directory's configuration. Never throws for bad input. */
export function loadSite(siteDir: string): LoadResult {
  const diags = new Diagnostics();
  const dir = resolve(siteDir);
  const settingsFile = join(dir, 'watchpost.yaml');
  let raw: unknown = undefined;
  let lines: YamlLines = NO_LINES;
  if (existsAsFile(settingsFile)) {
    const text = readTextFile(settingsFile, 'watchpost.yaml', diags);
    if (text !== null) {
      const parsed = parseYaml(text);
      if (parsed.ok) {
        raw = parsed.value;
        lines = parsed.lines;
      } else {
        diags.error({ file: 'watchpost.yaml', line: parsed.line }, `YAML syntax: ${parsed.message}`);
      }
    }
  } else {
    diags.error(
      { file: 'watchpost.yaml', line: 0 },
      `no watchpost.yaml in ${dir}: not a site directory (create one with 'watchpost init DIR')`,
    );
    return { ok: false, diagnostics: diags, files: [] };
  }
  const settings = readSiteSettings(raw, lines, {
    file: 'watchpost.yaml',
    defaultSite: basename(dir),
    diagnostics: diags,
  });

  const confDir = join(dir, 'conf.d');
  const walked =
    statSync(confDir, { throwIfNoEntry: false })?.isDirectory() === true ? walkConfDir(dir, confDir, diags) : null;
  const definitions: Definition[] = [];
  const files: string[] = [];
  let userMacros = new Map<number, string>();

  if (settings.nagios.config !== '') {
    const nagiosCfg = resolve(dir, settings.nagios.config);
    const nagios = readNagiosConfig(nagiosCfg, diags);
    append(definitions, nagios.definitions);
    append(files, nagios.files);
    userMacros = new Map([...userMacros, ...nagios.userMacros]);
  }
  if (settings.nagios.resourceFile !== '') {
    userMacros = new Map([...userMacros, ...readResourceFile(resolve(dir, settings.nagios.resourceFile), diags)]);
  }
  if (walked !== null) {
    for (const file of walked.yaml) {
      files.push(file.shown);
      const text = readTextFile(file.path, file.shown, diags);
      if (text !== null)
        append(definitions, readYamlObjects(text, { file: file.shown, folder: file.folder.path, diagnostics: diags }));
    }
    if (walked.cfg.length > 0) {
      for (const file of walked.cfg) files.push(file.shown);
      append(
        definitions,
        readNagiosObjectFiles(
          walked.cfg.map((f) => f.path),
          { intervalLength: settings.intervalLength, root: confDir, shownRelativeTo: dir, diagnostics: diags },
        ),
      );
    }
  }
  const configuration = buildConfiguration({
    definitions: walked === null ? definitions : withFolders(definitions, walked.folders),
    userMacros,
    diagnostics: diags,
  });
  const group = isRecord(raw) && isRecord(raw.event_handlers) ? raw.event_handlers : {};
  checkGlobalEventHandlers(settings, configuration, diags, (key) => ({
    name: key,
    at: { file: 'watchpost.yaml', line: lines.keyLineOf(group, key.replace('event_handlers.', '')) || 1 },
  }));
  if (diags.errorCount > 0) return { ok: false, diagnostics: diags, files };
  return { ok: true, configuration, settings, diagnostics: diags, files };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
