// Builds the WebAssembly line scanner of Nagios object files (wasm/nagios-lines.ts, in
// AssemblyScript) into dist/wasm/; `npm run build` runs it after tsc. The compiler is a
// development dependency: without it (an install without them) the build warns and the reader
// looks at every character in JavaScript instead, slower but the same.
// `--out FILE` builds to another place.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'wasm', 'nagios-lines.ts');
const outAt = process.argv.indexOf('--out');
const target = outAt === -1 ? join(root, 'dist', 'wasm', 'nagios-lines.wasm') : process.argv[outAt + 1];
if (target === undefined) {
  console.error('build-wasm: --out needs a file name');
  process.exit(2);
}

let asc;
try {
  asc = (await import('assemblyscript/asc')).default;
} catch {
  console.error(
    'build-wasm: the AssemblyScript compiler is not installed (npm install, with development ' +
      'dependencies); Nagios object files are then read without the WebAssembly line scanner, slower.',
  );
  process.exit(0);
}

mkdirSync(dirname(target), { recursive: true });
// Built beside the target and renamed over it, so that a failed build leaves no broken file.
const partial = `${target}.${process.pid}.tmp`;
// `--runtime stub` is AssemblyScript's smallest runtime, an allocator without a garbage
// collector: the scanner allocates nothing, so it needs no more. No assertions, no imports. SIMD
// (Node has it since 16.4) looks at sixteen bytes at a time.
const args = [
  source,
  '--outFile',
  partial,
  '-O3',
  '--runtime',
  'stub',
  '--noAssert',
  '--initialMemory',
  '1',
  '--enable',
  'simd',
];
const { error, stderr } = await asc.main(args);
if (error) {
  rmSync(partial, { force: true });
  console.error(`build-wasm: ${error.message}\n${stderr.toString()}`);
  process.exit(1);
}
renameSync(partial, target);
