// Keeps the architecture of STYLE.md true: dependencies point inwards.
// model/ and lib/ import no domain; no folder but app/, cli/ and main.ts imports app/ or cli/;
// node: modules with I/O stay out of model/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const SRC = 'src';
const IO_MODULES = [
  'node:fs',
  'node:net',
  'node:child_process',
  'node:http',
  'node:https',
  'node:dgram',
  'node:tls',
  'node:dns',
];
const INNER = new Set(['model', 'lib']);

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

const layerOf = (path) => relative(SRC, path).split('/')[0];
const problems = [];
for (const file of files(SRC)) {
  const layer = layerOf(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
    const spec = match[1];
    if (spec.startsWith('.')) {
      const target = layerOf(resolve(dirname(file), spec).replace(`${resolve('.')}/`, ''));
      if (INNER.has(layer) && !INNER.has(target))
        problems.push(`${file}: ${layer}/ must not import ${target}/ (${spec})`);
      if ((target === 'app' || target === 'cli') && !['app', 'cli', 'main.ts'].includes(layer)) {
        problems.push(`${file}: only main.ts, cli/ and app/ may import ${target}/ (${spec})`);
      }
    } else if (layer === 'model' && IO_MODULES.includes(spec)) {
      problems.push(`${file}: model/ is pure and must not import ${spec}`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`${problems.length} import rule violation(s)`);
  process.exit(1);
}
console.log('import rules: ok');
