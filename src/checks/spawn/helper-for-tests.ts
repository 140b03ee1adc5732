/**
 * The spawn helper the tests run: compiled once per test process from the current
 * native/spawn-helper.c into a temporary directory, so a test never runs a stale build. Without a
 * C compiler the tests fail and name the Debian package to install.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let built: string | null = null;

/** The path of a freshly built helper, or an error saying why it could not be built. */
export function spawnHelperForTests(): string {
  if (built !== null) return built;
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-helper-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const target = join(dir, 'watchpost-spawn-helper');
  // From dist/src/checks/spawn/ up to the package root.
  const script = fileURLToPath(new URL('../../../../scripts/build-native.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [script, '--out', target, '--require'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `cannot build the spawn helper for the tests (install the Debian package gcc if no C compiler is found):\n${result.stderr}`,
    );
  }
  built = target;
  return target;
}
