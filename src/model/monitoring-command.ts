/**
 * Commands to the monitoring core, as values: what Livestatus `COMMAND`s, the HTTP API and the
 * web interface ask of the engine (acknowledge, schedule a downtime, switch something off, ...).
 * Parsed from their wire format at the edge; the engine executes them. Plain data.
 */
import type { CheckResult } from './check-result.js';
import type { MasterSwitch } from './master-control.js';
import type { ObjectRef } from './object-ref.js';

/** A command to the monitoring core. Times in ms. */
export type MonitoringCommand =
  | {
      readonly kind: 'acknowledge';
      readonly target: ObjectRef;
      /** Sticky: lasts until recovery; otherwise until the next state change. */
      readonly sticky: boolean;
      readonly notify: boolean;
      readonly persistent: boolean;
      readonly author: string;
      readonly comment: string;
      /** When the acknowledgement ends by itself (`ACKNOWLEDGE_*_PROBLEM_EXPIRE`); absent: it does not. */
      readonly expires?: number;
    }
  | { readonly kind: 'remove-acknowledgement'; readonly target: ObjectRef }
  | {
      readonly kind: 'schedule-downtime';
      readonly target: ObjectRef;
      readonly start: number;
      readonly end: number;
      readonly fixed: boolean;
      /** How long a flexible downtime lasts once started; ignored for fixed ones. */
      readonly durationMs: number;
      readonly triggeredBy: number | null;
      readonly author: string;
      readonly comment: string;
      /** A host downtime that also schedules one for each of the host's services (SCHEDULE_HOST_SVC_DOWNTIME). */
      readonly includeServices?: boolean;
    }
  | { readonly kind: 'delete-downtime'; readonly id: number }
  | {
      readonly kind: 'add-comment';
      readonly target: ObjectRef;
      readonly persistent: boolean;
      readonly author: string;
      readonly comment: string;
    }
  | { readonly kind: 'delete-comment'; readonly id: number }
  | {
      readonly kind: 'set-switch';
      /** An object, or the whole site. */
      readonly scope: ObjectRef | 'global';
      readonly name: MasterSwitch;
      readonly enabled: boolean;
    }
  | {
      readonly kind: 'schedule-check';
      readonly target: ObjectRef;
      readonly at: number;
      /** Forced: runs even with active checks off or outside the check period (SCHEDULE_FORCED_*_CHECK). */
      readonly forced: boolean;
    }
  | { readonly kind: 'process-result'; readonly target: ObjectRef; readonly result: CheckResult };

/** What a command did: the ids it created (downtimes, comments), or why it was refused. */
export type CommandOutcome =
  { readonly ok: true; readonly ids: readonly number[] } | { readonly ok: false; readonly error: string };
