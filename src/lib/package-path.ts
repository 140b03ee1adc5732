/**
 * Files that ship with the package (the compiled line scanner and spawn helper, the schemas,
 * modules that run in processes of their own), found from the package's root. A module that
 * found them relative to itself would miss them in the bundled command line, where every module
 * sits in one place.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest directory above this module that holds a package.json: the package's root. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

const ROOT = packageRoot();

/** The path of `parts` below the package's root, e.g. `packagePath('dist', 'wasm', 'nagios-lines.wasm')`. */
export function packagePath(...parts: string[]): string {
  return join(ROOT, ...parts);
}
