/**
 * The engine's clock on real time.
 */
import type { Clock } from './ports.js';

/** The system's time and timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (delayMs, callback) => {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};
