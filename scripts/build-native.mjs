// Builds the native spawn helper (native/*.c) into dist/native/ with the system's C
// compiler; `npm run build` runs it after tsc. Plain C11 and libc only, so any cc will do.
// Without a compiler the site still builds and runs (plugins then run from the main process,
// slower): the build warns and says which Debian package to install. `--require` makes a
// missing compiler an error (the tests of the helper use it).
// `--out FILE` builds to another place (the tests build their own copy from the current source).
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['spawn-helper.c', 'protocol.c'].map((file) => join(root, 'native', file));
const outAt = process.argv.indexOf('--out');
const target = outAt === -1 ? join(root, 'dist', 'native', 'watchpost-spawn-helper') : process.argv[outAt + 1];
if (target === undefined) {
  console.error('build-native: --out needs a file name');
  process.exit(2);
}
// Built beside the target and renamed over it: a running helper keeps its old file.
const partial = `${target}.${process.pid}.tmp`;
const compiler = process.env.CC ?? 'cc';

mkdirSync(dirname(target), { recursive: true });
const args = ['-std=c11', '-O2', '-Wall', '-Wextra', '-o', partial, ...sources];
const result = spawnSync(compiler, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (result.error !== undefined) {
  const missing = result.error.code === 'ENOENT';
  console.error(
    missing
      ? `build-native: no C compiler found (${compiler}). Watchpost builds a small helper that runs plugins ` +
          'about 30 times cheaper than Node can; install the Debian package gcc (apt-get install -y gcc, ' +
          'or build-essential) and build again. Until then plugins run from the main process.'
      : `build-native: cannot run the C compiler ${compiler}: ${result.error.message}`,
  );
  process.exit(missing && !process.argv.includes('--require') ? 0 : 1);
}
if (result.status !== 0) {
  rmSync(partial, { force: true });
  console.error(`build-native: ${compiler} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  process.exit(1);
}
renameSync(partial, target);
console.log(`build-native: ${target} built with ${compiler}`);
