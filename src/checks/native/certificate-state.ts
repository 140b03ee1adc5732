/**
 * How a server certificate is judged (seed 003 "SSL"): expired or not yet valid, a name that does
 * not match `ssl_hostname` or the host name, a chain no trusted authority signed — each CRITICAL —
 * and `expire_before_days` as an early WARNING. `ignore_invalid_ssl` skips the validity checks
 * but keeps the early warning. Pure: the facts and the time are arguments.
 */
import type { Finding } from './native-result.js';

/** What a handshake revealed about the server's certificate. */
export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  /** The names the certificate is for (SAN entries, else its CN). */
  readonly names: readonly string[];
  /** The name it was checked against. */
  readonly expectedName: string;
  readonly nameMatches: boolean;
  /** OpenSSL's verification error code (`DEPTH_ZERO_SELF_SIGNED_CERT`, ...), `null` when trusted. */
  readonly chainError: string | null;
}

/** What the check was asked to judge. */
export interface CertificatePolicy {
  readonly ignoreInvalid: boolean;
  /** Warn when fewer days than this are left; `null` for no early warning. */
  readonly expireBeforeDays: number | null;
}

/** The verdict on a certificate: findings for the result line, long output, one perfdata item. */
export interface CertificateVerdict {
  readonly findings: readonly Finding[];
  readonly details: readonly string[];
  readonly perfdata: string;
}

const DAY_MS = 86_400_000;

/** OpenSSL verification codes in words. */
const CHAIN_WORDS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'issuer unknown, no trusted authority signed it',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer unknown, no trusted authority signed it',
  UNABLE_TO_GET_ISSUER_CERT: 'issuer certificate not found',
  CERT_HAS_EXPIRED: 'a certificate in the chain has expired',
  CERT_NOT_YET_VALID: 'a certificate in the chain is not yet valid',
  CERT_SIGNATURE_FAILURE: 'bad signature',
  CERT_REVOKED: 'certificate revoked',
};

/** A time as plugins print certificate dates: `2026-11-21 12:07 UTC`. */
export function certificateDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Whole days from `now` until the certificate ends; negative once it has. */
export function daysLeft(facts: CertificateFacts, now: Date): number {
  return Math.floor((facts.validTo.getTime() - now.getTime()) / DAY_MS);
}

/** Judges a certificate at `now`. */
export function judgeCertificate(facts: CertificateFacts, policy: CertificatePolicy, now: Date): CertificateVerdict {
  const left = daysLeft(facts, now);
  const problems: Finding[] = [];
  const expired = now.getTime() > facts.validTo.getTime();
  const early = now.getTime() < facts.validFrom.getTime();
  if (!policy.ignoreInvalid) {
    if (expired) problems.push({ status: 2, text: `certificate expired on ${certificateDate(facts.validTo)}` });
    if (early) problems.push({ status: 2, text: `certificate not valid before ${certificateDate(facts.validFrom)}` });
    if (!facts.nameMatches) {
      problems.push({
        status: 2,
        text: `certificate is not for "${facts.expectedName}" (it names ${facts.names.join(', ') || 'nothing'})`,
      });
    }
    const chainError = facts.chainError;
    // An expired leaf is reported above with its date; the same code again would say it twice.
    const sameAsDates =
      (chainError === 'CERT_HAS_EXPIRED' && expired) || (chainError === 'CERT_NOT_YET_VALID' && early);
    if (chainError !== null && !sameAsDates) {
      problems.push({ status: 2, text: `certificate not trusted: ${CHAIN_WORDS[chainError] ?? chainError}` });
    }
  }
  if (policy.expireBeforeDays !== null && left < policy.expireBeforeDays && (policy.ignoreInvalid || !expired)) {
    problems.push({
      status: 1,
      text: `certificate expires in ${left} days on ${certificateDate(facts.validTo)} (warning below ${policy.expireBeforeDays})`,
    });
  }
  const summary = `certificate '${facts.subject}' from '${facts.issuer}' valid until ${certificateDate(facts.validTo)} (${left} days left)`;
  return {
    findings: problems.length > 0 ? problems : [{ status: 0, text: summary }],
    details: [
      `Certificate subject: ${facts.subject}`,
      `Certificate issuer: ${facts.issuer}`,
      `Certificate valid from ${certificateDate(facts.validFrom)} until ${certificateDate(facts.validTo)} (${left} days left)`,
      `Certificate names: ${facts.names.join(', ') || '(none)'}; checked against "${facts.expectedName}"`,
      `Certificate chain: ${facts.chainError === null ? 'trusted' : (CHAIN_WORDS[facts.chainError] ?? facts.chainError)}`,
      ...(policy.ignoreInvalid ? ['Certificate validity not checked (ignore_invalid_ssl)'] : []),
    ],
    perfdata: `days_left=${left};${policy.expireBeforeDays === null ? '' : `${policy.expireBeforeDays}:`};${policy.ignoreInvalid ? '' : '0:'};;`,
  };
}
