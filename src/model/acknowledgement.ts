/**
 * Acknowledgements: someone has seen a problem and takes care of it. A normal acknowledgement
 * ends with the next change of state; a sticky one lasts until the object recovers (Nagios
 * Core, checks.c). Pure; the rules are the table {@link ACKNOWLEDGEMENT_CLEARING}.
 *
 * One made with an end time (`ACKNOWLEDGE_*_PROBLEM_EXPIRE`, Icinga and Naemon) also ends at that
 * time, whichever comes first; its end then is a removal like the command's (Naemon
 * `handle_*_acknowledgement_expire_event`).
 */

/** An acknowledged problem. Plain data. */
export interface Acknowledgement {
  /** `normal` ends on any state change, `sticky` only on recovery (Livestatus type 1 and 2). */
  readonly kind: 'normal' | 'sticky';
  /** Whether contacts were to be told (an ACKNOWLEDGEMENT notification). */
  readonly notify: boolean;
  /** Whether its comment outlives the acknowledgement. */
  readonly persistent: boolean;
  readonly author: string;
  readonly comment: string;
  /** When it was made (ms). */
  readonly at: number;
  /** The acknowledgement comment shown in the comments table. */
  readonly commentId: number;
  /** When it ends by itself (ms); absent: only a change of state or a command ends it. */
  readonly expires?: number;
}

/** Whether an acknowledgement has reached its end time at `now`. */
export function acknowledgementExpired(ack: Acknowledgement, now: number): boolean {
  return ack.expires !== undefined && ack.expires <= now;
}

/** What happened to an acknowledged object with a new result. */
export type AcknowledgedChange = 'same-problem' | 'other-problem' | 'recovered';

/** One rule: an acknowledgement of `kind` meets `change` and ends or stays. */
export interface AcknowledgementRule {
  readonly kind: Acknowledgement['kind'];
  readonly change: AcknowledgedChange;
  readonly ends: boolean;
}

/** When acknowledgements end. */
export const ACKNOWLEDGEMENT_CLEARING: readonly AcknowledgementRule[] = [
  { kind: 'normal', change: 'same-problem', ends: false },
  { kind: 'normal', change: 'other-problem', ends: true },
  { kind: 'normal', change: 'recovered', ends: true },
  { kind: 'sticky', change: 'same-problem', ends: false },
  { kind: 'sticky', change: 'other-problem', ends: false },
  { kind: 'sticky', change: 'recovered', ends: true },
];

/** How a result changed an object: `previous` and `current` are problems, `null` for OK/UP. */
export function acknowledgedChange(previous: string | null, current: string | null): AcknowledgedChange {
  if (current === null) return 'recovered';
  return previous === current ? 'same-problem' : 'other-problem';
}

/** Whether an acknowledgement ends with a change. */
export function acknowledgementEnds(ack: Acknowledgement, change: AcknowledgedChange): boolean {
  const rule = ACKNOWLEDGEMENT_CLEARING.find((r) => r.kind === ack.kind && r.change === change);
  // The table covers every combination; a test walks all of them.
  if (rule === undefined) throw new Error(`acknowledgement: no rule for ${ack.kind} on ${change}`);
  return rule.ends;
}
