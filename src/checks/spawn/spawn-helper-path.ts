/**
 * Where `npm run build` (scripts/build-native.mjs) puts the compiled spawn helper:
 * `dist/native/watchpost-spawn-helper` in the package.
 */
import { packagePath } from '../../lib/package-path.js';

/** The spawn helper built with the package. */
export const SPAWN_HELPER_PATH = packagePath('dist', 'native', 'watchpost-spawn-helper');
