/**
 * Where `npm run build` (scripts/build-native.mjs) puts the compiled spawn helper:
 * `dist/native/watchpost-spawn-helper`, found from this module's own place in `dist/src/`.
 */
import { fileURLToPath } from 'node:url';

/** The spawn helper built with the package. */
export const SPAWN_HELPER_PATH = fileURLToPath(new URL('../../../native/watchpost-spawn-helper', import.meta.url));
