/**
 * The e-mail method: sends the notification's e-mail (email-message.ts) over SMTP with
 * nodemailer: plain, STARTTLS or TLS, with or without authentication. The Message-ID is the
 * notification's id, so a receiver can recognise a repeated delivery.
 *
 * Failures: a 4xx reply, a connection that fails or times out is temporary (tried again); a 5xx
 * reply (unknown recipient, refused authentication) is permanent.
 */
import nodemailer from 'nodemailer';
import type { Deliver, DeliveryOutcome } from '../../notification-job.js';
import { emailMessage } from './email-message.js';

/** How to reach the SMTP server. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** `none`: plain SMTP; `starttls`: upgrade required; `tls`: TLS from the start (port 465). */
  readonly security: 'none' | 'starttls' | 'tls';
  /** Empty: no authentication. */
  readonly user: string;
  readonly password: string;
  readonly from: string;
  readonly timeoutSeconds: number;
  /** Check the server's certificate (switch off only for a test server with a self-signed one). */
  readonly verifyCertificate: boolean;
}

interface SmtpError {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly response?: unknown;
  readonly message?: unknown;
}

/** What a nodemailer error means for the notification. */
export function smtpFailure(error: unknown): DeliveryOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const text = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  const reason = `SMTP: ${text.replace(/\s+/g, ' ').slice(0, 300)}`;
  if (typeof e.responseCode === 'number') {
    return { ok: false, retryable: e.responseCode < 500, reason };
  }
  return { ok: false, retryable: true, reason };
}

/** Creates the e-mail method for the settings `settings()` returns at each delivery (a reload may change them). */
export function emailMethod(settings: () => SmtpSettings): Deliver {
  return async (job, signal) => {
    if (job.method.kind !== 'email')
      return { ok: false, retryable: false, reason: `not an e-mail notification (${job.method.kind})` };
    if (signal.aborted) return { ok: false, retryable: true, reason: 'aborted' };
    const s = settings();
    if (s.host === '')
      return { ok: false, retryable: false, reason: 'no SMTP server configured (notifications.smtp.host)' };
    const timeout = s.timeoutSeconds * 1000;
    const transport = nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.security === 'tls',
      requireTLS: s.security === 'starttls',
      ignoreTLS: s.security === 'none',
      ...(s.user === '' ? {} : { auth: { user: s.user, pass: s.password } }),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      tls: { rejectUnauthorized: s.verifyCertificate },
    });
    const onAbort = (): void => transport.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const message = emailMessage(job);
      const info = await transport.sendMail({
        from: s.from,
        to: job.method.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${job.id}@watchpost.notification>`,
        headers: { 'X-Watchpost-Notification': job.id },
      });
      const response = typeof info.response === 'string' ? info.response : 'accepted';
      return { ok: true, detail: `SMTP: ${response.slice(0, 200)}` };
    } catch (error) {
      return signal.aborted ? { ok: false, retryable: true, reason: 'aborted' } : smtpFailure(error);
    } finally {
      signal.removeEventListener('abort', onAbort);
      transport.close();
    }
  };
}
