/**
 * The real Monitoring Plugins that integration tests run. A missing plugin fails the test with
 * the Debian package to install: these tests are never skipped.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** Where Debian installs the Monitoring Plugins. */
export const PLUGIN_DIR = '/usr/lib/nagios/plugins';

/** The path of a plugin, or an error naming the Debian package that provides it. */
export function requirePlugin(name: string, debianPackage: string): string {
  const path = join(PLUGIN_DIR, name);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `${path} is missing: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}, or run scripts/install-test-packages.sh)`,
    );
  }
  return path;
}
