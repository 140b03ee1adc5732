/**
 * Notification rules (Checkmk's rule-based notifications, kept small): an ordered list, each
 * with conditions on the event and its object, recipients, a method with parameters, and two
 * switches: `cancel` takes back what earlier rules planned for the method, `stop` ends the
 * chain. Plain data, read from `notification_rules:` in watchpost.yaml (read-notification-rules.ts)
 * and, as personal rules, from `users/<user>/notification_rules.yaml` (load-personal-rules.ts).
 */
import type { NotificationType } from '../../model/notification-decision.js';
import type { SourceRef } from '../../model/objects.js';
import type { WebhookFormat } from '../notification-job.js';

/** A state as rules name it (Checkmk's short names). */
export type ShortState = 'OK' | 'WARN' | 'CRIT' | 'UNKNOWN' | 'UP' | 'DOWN' | 'UNREACH';

/** A name condition: the exact name, or (written `~regex`) a regular expression matched from the start. */
export type NamePattern =
  | { readonly kind: 'exact'; readonly name: string }
  | { readonly kind: 'regex'; readonly regex: RegExp; readonly text: string };

/** A state transition condition, `OK->CRIT` or `any->WARN`; `null` stands for any state. */
export interface TransitionPattern {
  readonly from: ShortState | null;
  readonly to: ShortState | null;
  readonly text: string;
}

/** The conditions of a rule; `null` (not written) matches everything. All written ones must match. */
export interface RuleConditions {
  readonly hosts: readonly NamePattern[] | null;
  readonly services: readonly NamePattern[] | null;
  /** The object is in at least one of these host groups (for a service: its host). */
  readonly hostGroups: readonly string[] | null;
  readonly serviceGroups: readonly string[] | null;
  /** The object has at least one of these contact groups. */
  readonly contactGroups: readonly string[] | null;
  /** Every label must have the value (a service sees its host's labels under its own). */
  readonly labels: Readonly<Record<string, string>> | null;
  /** Every custom attribute (upper-case name, without `_`) must have the value. */
  readonly custom: Readonly<Record<string, string>> | null;
  readonly eventTypes: readonly NotificationType[] | null;
  /** Problems and recoveries only: one of them must match the change. */
  readonly transitions: readonly TransitionPattern[] | null;
  /** The rule applies only inside this time period. */
  readonly period: string | null;
}

/** How a rule notifies. */
export type RuleMethod =
  /** Each contact's own Nagios notification commands (the default without rules). */
  | { readonly kind: 'nagios' }
  | { readonly kind: 'email' }
  | { readonly kind: 'webhook'; readonly url: string; readonly format: WebhookFormat; readonly timeoutSeconds: number }
  /** A command line with macros, run with the notification environment. */
  | { readonly kind: 'script'; readonly command: string };

/** Who a rule notifies. */
export interface RuleRecipients {
  /** The contacts of the host or service (its contacts and its contact groups' members). */
  readonly objectContacts: boolean;
  readonly contacts: readonly string[];
  readonly contactGroups: readonly string[];
}

/**
 * The user a personal rule belongs to (Checkmk's personal notification rules): it notifies
 * only `contact`, the contact the user is linked to.
 */
export interface RuleOwner {
  readonly user: string;
  readonly contact: string;
  /** The user's role sees every object; otherwise the rule applies only where `contact` is an object contact. */
  readonly seesAll: boolean;
}

/** One rule. */
export interface NotificationRule {
  readonly description: string;
  readonly source: SourceRef;
  readonly conditions: RuleConditions;
  readonly recipients: RuleRecipients;
  readonly method: RuleMethod;
  /** Take back what earlier rules planned for these recipients by this method kind. */
  readonly cancel: boolean;
  /** No rule after this one is looked at when this one matches. */
  readonly stop: boolean;
  /** Bulk notification: collect per contact and method for so long (ms), then send one message listing all; 0: each at once. */
  readonly bulkMs: number;
  /** Set on a personal rule: it runs after the global chain and notifies only its owner's contact. */
  readonly owner?: RuleOwner;
}

/** The conditions of a rule that matches everything. */
export const NO_CONDITIONS: RuleConditions = {
  hosts: null,
  services: null,
  hostGroups: null,
  serviceGroups: null,
  contactGroups: null,
  labels: null,
  custom: null,
  eventTypes: null,
  transitions: null,
  period: null,
};
