/**
 * Flap detection with Nagios Core's algorithm: the last 21 recorded states of an object, each
 * change between neighbours weighted from 0.75 (oldest) to 1.25 (newest), summed and expressed as
 * a percentage of the 20 possible changes. Above the high threshold an object starts flapping,
 * at or below the low one it stops; in between nothing changes (hysteresis).
 *
 * Which results are recorded is the caller's rule (Nagios: a service records HARD states and SOFT
 * recoveries, a host every check). Pure.
 */

/** How many states the history holds (Nagios' MAX_STATE_HISTORY_ENTRIES). */
export const FLAP_HISTORY_LENGTH = 21;
const LOW_WEIGHT = 0.75;
const HIGH_WEIGHT = 1.25;

/** The flap detection state of one object. Plain data. */
export interface FlapState {
  /**
   * Recorded state numbers (Nagios' 0 OK/UP, 1 WARNING/DOWN, ...), oldest first, at most 21.
   * Entries never recorded count as 0, like the zero-filled history of Nagios.
   */
  readonly history: readonly number[];
  /** Percent state change after the last recorded state. */
  readonly percent: number;
  readonly flapping: boolean;
  /**
   * Flapping began during a problem that had been notified: when flapping stops with the object
   * OK, a recovery is due (Nagios' check_flapping_recovery_notification).
   */
  readonly recoveryPending: boolean;
}

/** The flap state of an object that has recorded nothing. */
export const NO_FLAPPING: FlapState = { history: [], percent: 0, flapping: false, recoveryPending: false };

/** Start and stop thresholds in percent. */
export interface FlapThresholds {
  readonly low: number;
  readonly high: number;
}

/** The thresholds of an object: its own, where 0 (or less) means the global one, as in Nagios. */
export function flapThresholds(own: FlapThresholds, global: FlapThresholds): FlapThresholds {
  return { low: own.low > 0 ? own.low : global.low, high: own.high > 0 ? own.high : global.high };
}

/** The weight of a change between history entries `index - 1` and `index` (1 … 20). */
export function changeWeight(index: number): number {
  return LOW_WEIGHT + ((index - 1) * (HIGH_WEIGHT - LOW_WEIGHT)) / (FLAP_HISTORY_LENGTH - 2);
}

/** The weighted percent state change of a history (oldest first, padded with 0 in front). */
export function percentStateChange(history: readonly number[]): number {
  const padded =
    history.length >= FLAP_HISTORY_LENGTH
      ? history.slice(history.length - FLAP_HISTORY_LENGTH)
      : [...new Array<number>(FLAP_HISTORY_LENGTH - history.length).fill(0), ...history];
  let changes = 0;
  for (let i = 1; i < FLAP_HISTORY_LENGTH; i++) if (padded[i] !== padded[i - 1]) changes += changeWeight(i);
  return (changes * 100) / (FLAP_HISTORY_LENGTH - 1);
}

/** What recording a state needs besides the state. */
export interface FlapRecording {
  /** Global and per-object flap detection both on. Off: the percentage is kept, nothing starts or stops. */
  readonly enabled: boolean;
  readonly thresholds: FlapThresholds;
  /** The object has a problem that has been notified, for {@link FlapState.recoveryPending}. */
  readonly notifiedProblem: boolean;
}

/** A recorded state and whether flapping started or stopped with it. */
export interface FlapUpdate {
  readonly flap: FlapState;
  readonly change: 'start' | 'stop' | null;
}

/**
 * Decides with hysteresis whether an object starts or stops flapping at its current percentage,
 * without recording anything (Nagios does this when flap detection is switched back on).
 */
export function evaluateFlapping(flap: FlapState, recording: FlapRecording): FlapUpdate {
  if (!recording.enabled) return { flap, change: null };
  const { low, high } = recording.thresholds;
  if (!flap.flapping && flap.percent >= high) {
    return { flap: { ...flap, flapping: true, recoveryPending: recording.notifiedProblem }, change: 'start' };
  }
  if (flap.flapping && flap.percent <= low) return { flap: { ...flap, flapping: false }, change: 'stop' };
  return { flap, change: null };
}

/** Records one state number and decides, with hysteresis, whether flapping starts or stops. */
export function recordFlapState(flap: FlapState, state: number, recording: FlapRecording): FlapUpdate {
  // An object that was always OK keeps the shared empty history: a history of zeros is no history.
  if (state === 0 && flap.history.length === 0 && !flap.flapping) return { flap, change: null };
  const history = [...flap.history, state];
  if (history.length > FLAP_HISTORY_LENGTH) history.shift();
  return evaluateFlapping({ ...flap, history, percent: percentStateChange(history) }, recording);
}

/** Flapping ends because flap detection was switched off (Nagios logs it as DISABLED). */
export function disableFlapping(flap: FlapState): FlapState {
  return { ...flap, flapping: false, recoveryPending: false };
}

/** A percentage as Nagios prints it (`%2.1f`): one decimal. */
export function formatPercent(percent: number): string {
  return percent.toFixed(1);
}
