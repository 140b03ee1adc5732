/**
 * The certificate authorities a TLS check trusts: Node's built-in public ones, plus a `ca_file`
 * when given. A secure context is built once per file version and shared, because building one
 * parses every authority (a few milliseconds of blocked event loop per connection otherwise).
 */
import { readFile, stat } from 'node:fs/promises';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

/** What to verify a server's chain against: `null` for Node's built-in authorities. */
export type Trust = SecureContext | null;

/** The largest `ca_file` read: a bundle of every public authority is about 200 KiB. */
const CA_FILE_LIMIT = 4 * 1024 * 1024;
/** Contexts kept: one per distinct `ca_file` a site uses, which is a handful. */
const CACHE_LIMIT = 64;
const cache = new Map<string, { readonly version: string; readonly context: SecureContext }>();

/** The trust for a check: built-in authorities, or those plus the PEM certificates in `caFile`. */
export async function loadTrust(
  caFile: string | null,
): Promise<{ ok: true; trust: Trust } | { ok: false; message: string }> {
  if (caFile === null) return { ok: true, trust: null };
  try {
    const info = await stat(caFile);
    const version = `${info.mtimeMs}:${info.size}`;
    const cached = cache.get(caFile);
    if (cached?.version === version) return { ok: true, trust: cached.context };
    if (info.size > CA_FILE_LIMIT) return { ok: false, message: `ca_file ${caFile} is larger than 4 MiB` };
    const text = await readFile(caFile, 'utf8');
    if (!text.includes('-----BEGIN CERTIFICATE-----')) {
      return { ok: false, message: `ca_file ${caFile} holds no PEM certificate` };
    }
    const context = createSecureContext({ ca: [...rootCertificates, text] });
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
    cache.set(caFile, { version, context });
    return { ok: true, trust: context };
  } catch (error) {
    return {
      ok: false,
      message: `cannot use ca_file ${caFile}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
