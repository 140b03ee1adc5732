/** Every native check type the site offers, by the name a `native:` command line uses. */
import { dummyCheck } from './dummy-check.js';
import type { NativeCheckTypes } from './native-check.js';

/** The native check types, for `routeNativeChecks`. */
export function nativeCheckTypes(): NativeCheckTypes {
  return new Map([['dummy', dummyCheck]]);
}
