/**
 * One notification to deliver: a contact, a method and the macros of the event, fixed when the
 * notification is created so that a restart delivers what was decided, even after a reload.
 * Plain data that the spool writes as JSON.
 */

/** How a notification is delivered, with what the method needs besides the macros. */
export type DeliveryMethod =
  /** A command line (a contact's Nagios notification command or a rule's script), macros expanded. */
  | { readonly kind: 'script'; readonly name: string; readonly commandLine: string }
  /** An e-mail to `to` over the site's SMTP settings. */
  | { readonly kind: 'email'; readonly to: string }
  /** An HTTP POST of a JSON payload in one of the formats of webhook-payload.ts. */
  | { readonly kind: 'webhook'; readonly url: string; readonly format: WebhookFormat; readonly timeoutSeconds: number };

/** The payload formats of the webhook method. */
export type WebhookFormat = 'json' | 'slack' | 'teams' | 'mattermost';

/** Every webhook format, for validation and help. */
export const WEBHOOK_FORMATS: readonly WebhookFormat[] = ['json', 'slack', 'teams', 'mattermost'];

/** A notification accepted for delivery. */
export interface NotificationJob {
  /** Stable for the same event, contact and method, so that accepting it twice keeps one. */
  readonly id: string;
  /** When the notification was created (ms); its maximum age counts from here. */
  readonly createdAt: number;
  readonly contact: string;
  readonly what: 'HOST' | 'SERVICE';
  readonly method: DeliveryMethod;
  /** The Nagios macros by name without `$` (`HOSTNAME`, `SERVICEOUTPUT`, `CONTACTEMAIL`, ...). */
  readonly macros: Readonly<Record<string, string>>;
  /**
   * Bulk notification (a rule's `bulk`): the spool collects this contact's notifications by this
   * method for so long (ms) from the first one, then delivers them as one. Absent or 0: at once.
   */
  readonly bulkMs?: number;
  /** Set on the one delivery of a bulk: the notifications it lists, oldest first (the job's own macros are the first's). */
  readonly bulk?: readonly BulkItem[];
}

/** One notification listed in a bulk delivery. */
export type BulkItem = Pick<NotificationJob, 'id' | 'createdAt' | 'what' | 'macros'>;

/**
 * What one delivery attempt came to. A failure is `retryable` when trying again later may
 * succeed (a mail server down, a 4xx reply, a timeout); otherwise it is permanent.
 */
export type DeliveryOutcome =
  | { readonly ok: true; readonly detail: string }
  | { readonly ok: false; readonly retryable: boolean; readonly reason: string };

/** A delivery outcome read back from JSON (a file, a pipe), or `null` when `value` is not one. */
export function parseDeliveryOutcome(value: unknown): DeliveryOutcome | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.ok === true && typeof v.detail === 'string') return { ok: true, detail: v.detail };
  if (v.ok === false && typeof v.retryable === 'boolean' && typeof v.reason === 'string') {
    return { ok: false, retryable: v.retryable, reason: v.reason };
  }
  return null;
}

/** What a method may want to know about an attempt besides the job. */
export interface DeliveryContext {
  /** The site stopped while this notification was being delivered: the receiver may have it already (same id). */
  readonly redelivery: boolean;
}

/** Delivers one notification; resolves for every outcome and never rejects. Aborting ends it as retryable. */
export type Deliver = (
  job: NotificationJob,
  signal: AbortSignal,
  context?: DeliveryContext,
) => Promise<DeliveryOutcome>;

/** The name of a method as the monitoring log shows it: the command name, `mail` or `webhook`. */
export function methodName(method: DeliveryMethod): string {
  switch (method.kind) {
    case 'script':
      return method.name;
    case 'email':
      return 'mail';
    case 'webhook':
      return method.format === 'json' ? 'webhook' : `webhook-${method.format}`;
  }
}

/**
 * The delivery lane of a job: notifications of one contact by one method are delivered in the
 * order they were created, so a later one never overtakes an earlier one that is being retried.
 */
export function laneOf(job: NotificationJob): string {
  const m = job.method;
  const target = m.kind === 'script' ? m.name : m.kind === 'email' ? m.to : m.url;
  // Bulk notifications wait for their window in a lane of their own, so that they hold up nothing else.
  const bulk = (job.bulkMs ?? 0) > 0 ? '\u0000bulk' : '';
  return `${job.contact}\u0000${m.kind}\u0000${target}${bulk}`;
}
