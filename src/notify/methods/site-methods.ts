/**
 * The methods module of the site's delivery process (delivery-process/load-delivery-methods.ts):
 * script, e-mail and webhook, made from the settings the site sends at start and on a reload.
 */
import { isJsonObject } from '../../lib/checksummed-line.js';
import type { MethodsFromSettings } from '../delivery-process/load-delivery-methods.js';
import { deliverByMethod } from './deliver-by-method.js';
import { emailMethod, type SmtpSettings } from './email/send-email.js';
import { scriptMethod } from './script/run-notification-script.js';
import { webhookMethod } from './webhook/post-webhook.js';

/** What the methods need of the site's settings. */
export interface MethodSettings {
  /** Seconds a notification script may run. */
  readonly scriptTimeoutSeconds: number;
  readonly smtp: SmtpSettings;
}

const SECURITY: readonly SmtpSettings['security'][] = ['none', 'starttls', 'tls'];

/** The settings as the site sent them (JSON), or why they are not. */
export function parseMethodSettings(value: unknown): MethodSettings | string {
  if (!isJsonObject(value) || !isJsonObject(value.smtp)) return 'not an object with smtp settings';
  const { scriptTimeoutSeconds } = value;
  const s = value.smtp;
  if (typeof scriptTimeoutSeconds !== 'number') return 'scriptTimeoutSeconds is not a number';
  const security = SECURITY.find((v) => v === s.security);
  if (
    typeof s.host !== 'string' ||
    typeof s.port !== 'number' ||
    security === undefined ||
    typeof s.user !== 'string' ||
    typeof s.password !== 'string' ||
    typeof s.from !== 'string' ||
    typeof s.timeoutSeconds !== 'number' ||
    typeof s.verifyCertificate !== 'boolean'
  ) {
    return 'the smtp settings lack fields';
  }
  return {
    scriptTimeoutSeconds,
    smtp: {
      host: s.host,
      port: s.port,
      security,
      user: s.user,
      password: s.password,
      from: s.from,
      timeoutSeconds: s.timeoutSeconds,
      verifyCertificate: s.verifyCertificate,
    },
  };
}

/** The site's methods for `settings` (a {@link MethodSettings} as JSON). */
export function deliveryMethods(settings: unknown): MethodsFromSettings {
  const parsed = parseMethodSettings(settings);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  return {
    ok: true,
    deliver: deliverByMethod({
      script: scriptMethod({ timeoutSeconds: parsed.scriptTimeoutSeconds }),
      email: emailMethod(() => parsed.smtp),
      webhook: webhookMethod(),
    }),
  };
}
