/**
 * Reads what the TCP listener's security settings name (certificate, key, CA, secret file) and
 * checks it before anything listens: a missing, unreadable or malformed file, or a key that does
 * not belong to its certificate, stops the start with a message naming the setting and the file.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { TcpSecurity } from './start-livestatus.js';

/** The `livestatus` settings this reads (paths relative to the site directory). */
export interface TcpSecuritySettings {
  readonly tls: boolean;
  readonly tlsCertificate: string;
  readonly tlsKey: string;
  readonly tlsCa: string;
  readonly tlsClientCertificates: 'none' | 'required';
  readonly secretFile: string;
}

/** The shortest secret accepted: a guessable secret protects nothing. */
export const MIN_SECRET_LENGTH = 16;

/** The listener's security, with warnings worth logging; or why the site cannot start. */
export type LoadedSecurity =
  | { readonly ok: true; readonly security: TcpSecurity; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: string };

class SettingError extends Error {}

function read(setting: string, path: string, siteDir: string): Buffer {
  const file = isAbsolute(path) ? path : join(siteDir, path);
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SettingError(`livestatus.${setting}: cannot read ${file} (${code})`);
  }
}

function certificates(setting: string, pem: Buffer, file: string): X509Certificate[] {
  const blocks = pem.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new SettingError(`livestatus.${setting}: ${file} holds no PEM certificate`);
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new SettingError(`livestatus.${setting}: ${file} holds a certificate that cannot be read`);
    }
  });
}

/** Reads and checks the files; `now` (epoch ms) tells an expired certificate. */
export function loadTcpSecurity(
  settings: TcpSecuritySettings,
  siteDir: string,
  now: number = Date.now(),
): LoadedSecurity {
  try {
    return { ok: true, ...load(settings, siteDir, now) };
  } catch (error) {
    if (error instanceof SettingError) return { ok: false, error: error.message };
    throw error;
  }
}

function load(
  settings: TcpSecuritySettings,
  siteDir: string,
  now: number,
): { security: TcpSecurity; warnings: string[] } {
  const warnings: string[] = [];
  const required = settings.tlsClientCertificates === 'required';
  if (!settings.tls) {
    if (settings.secretFile !== '' || required)
      throw new SettingError('livestatus: a secret or client certificates need livestatus.tls: true');
    return { security: { tls: null, secret: null }, warnings };
  }
  if (settings.tlsCertificate === '' || settings.tlsKey === '')
    throw new SettingError('livestatus.tls: needs livestatus.tls_certificate and livestatus.tls_key');
  const cert = read('tls_certificate', settings.tlsCertificate, siteDir);
  const key = read('tls_key', settings.tlsKey, siteDir);
  const [leaf] = certificates('tls_certificate', cert, settings.tlsCertificate);
  if (leaf !== undefined && Date.parse(leaf.validTo) < now)
    warnings.push(`livestatus.tls_certificate: ${settings.tlsCertificate} expired on ${leaf.validTo}`);
  let ca: Buffer | null = null;
  if (settings.tlsCa !== '') {
    ca = read('tls_ca', settings.tlsCa, siteDir);
    certificates('tls_ca', ca, settings.tlsCa);
  } else if (required) {
    throw new SettingError('livestatus.tls_client_certificates: required needs livestatus.tls_ca');
  }
  try {
    createSecureContext({ cert, key, ...(ca === null ? {} : { ca }) });
  } catch (error) {
    const reason = (error as Error).message;
    const mismatch = /key values mismatch/i.test(reason);
    throw new SettingError(
      mismatch
        ? `livestatus.tls_key: ${settings.tlsKey} is not the key of ${settings.tlsCertificate}`
        : `livestatus.tls_key: ${settings.tlsKey} or ${settings.tlsCertificate} cannot be used: ${reason}`,
    );
  }
  let secret: string | null = null;
  if (settings.secretFile !== '') {
    secret = read('secret_file', settings.secretFile, siteDir)
      .toString('utf8')
      .replace(/[\r\n]+$/, '');
    if (secret.length < MIN_SECRET_LENGTH || /[\r\n]/.test(secret))
      throw new SettingError(
        `livestatus.secret_file: ${settings.secretFile} must hold one line of at least ${MIN_SECRET_LENGTH} characters ` +
          '(e.g. from: openssl rand -hex 32)',
      );
    const file = isAbsolute(settings.secretFile) ? settings.secretFile : join(siteDir, settings.secretFile);
    if ((statSync(file).mode & 0o077) !== 0)
      warnings.push(`livestatus.secret_file: ${settings.secretFile} is readable by others; chmod 600 it`);
  }
  return {
    security: { tls: { cert, key, ca, requireClientCertificate: required }, secret },
    warnings,
  };
}
