/**
 * The webhook method: POSTs the notification's JSON (webhook-payload.ts) to a URL with a time
 * limit. The notification's id goes along as the `Idempotency-Key` header.
 *
 * Replies: 2xx delivered; 408, 425, 429 and 5xx temporary (tried again); other 4xx permanent
 * (the URL or payload is wrong, and will stay wrong). A connection that fails or times out is
 * temporary.
 */
import type { Deliver } from '../../notification-job.js';
import { webhookPayload } from './webhook-payload.js';

const RETRYABLE_STATUS = new Set([408, 425, 429]);

/** Creates the webhook method. */
export function webhookMethod(): Deliver {
  return async (job, signal) => {
    if (job.method.kind !== 'webhook')
      return { ok: false, retryable: false, reason: `not a webhook notification (${job.method.kind})` };
    const { url, format, timeoutSeconds } = job.method;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': job.id, 'user-agent': 'watchpost' },
        body: JSON.stringify(webhookPayload(job, format)),
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutSeconds * 1000)]),
        redirect: 'error',
      });
    } catch (error) {
      const reason = signal.aborted
        ? 'aborted'
        : `webhook ${url}: ${error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error)}`;
      return { ok: false, retryable: true, reason };
    }
    // The body is read (and dropped) so that the connection is released.
    const text = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
    const said = `webhook ${url}: HTTP ${response.status}${text === '' ? '' : ` ${text}`}`;
    if (response.ok) return { ok: true, detail: said };
    const retryable = response.status >= 500 || RETRYABLE_STATUS.has(response.status);
    return { ok: false, retryable, reason: said };
  };
}
