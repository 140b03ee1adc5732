/**
 * The messages between the site and its delivery process: one JSON object per line, the site's
 * on the process's stdin, the process's on its stdout. Parsed where they enter. Pure.
 *
 * Site → process: `settings` first (and again on a reload), then any number of `attempt`,
 * `abort` and `switch`; the end of the input says: finish what is under way and end.
 * Process → site: an `outcome` per attempt (after it is in the outcomes file), `switched` per
 * `switch` (after every outcome written to the earlier file), and `log` lines for the daemon log.
 */
import { isJsonObject } from '../../lib/checksummed-line.js';
import type { LogFields, LogLevel } from '../../lib/logger.js';
import { parseDeliveryOutcome, type DeliveryOutcome, type NotificationJob } from '../notification-job.js';

/** A message of the site to its delivery process. */
export type ToDeliveryProcess =
  /** What the methods need (SMTP server, script time limit, ...), as the methods module reads it. */
  | { readonly kind: 'settings'; readonly settings: unknown }
  /** Deliver `job`; `key` names the attempt in the reply. */
  | {
      readonly kind: 'attempt';
      readonly key: number;
      readonly ids: readonly string[];
      readonly begun: number;
      readonly redelivery: boolean;
      readonly job: NotificationJob;
    }
  /** Give up attempt `key` (the site stops): it ends as a temporary failure. */
  | { readonly kind: 'abort'; readonly key: number }
  /** Append outcomes to file `file` (in the spool's directory) from now on. */
  | { readonly kind: 'switch'; readonly file: string };

/** A message of the delivery process to the site. */
export type FromDeliveryProcess =
  | { readonly kind: 'outcome'; readonly key: number; readonly outcome: DeliveryOutcome }
  | { readonly kind: 'switched'; readonly file: string }
  | { readonly kind: 'log'; readonly level: LogLevel; readonly message: string; readonly fields: LogFields };

/** The line (with its newline) of a message. */
export function messageLine(message: ToDeliveryProcess | FromDeliveryProcess): string {
  return `${JSON.stringify(message)}\n`;
}

function parseObject(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

const isKey = (value: unknown): value is number => Number.isSafeInteger(value);

/** A line the site sent, or `null` when it is not one. */
export function parseToDeliveryProcess(line: string): ToDeliveryProcess | null {
  const m = parseObject(line);
  if (m === null) return null;
  switch (m.kind) {
    case 'settings':
      return { kind: 'settings', settings: m.settings };
    case 'attempt': {
      const { key, ids, begun, redelivery, job } = m;
      if (!isKey(key) || typeof begun !== 'number' || typeof redelivery !== 'boolean') return null;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return null;
      if (!isJsonObject(job) || typeof job.id !== 'string' || !isJsonObject(job.method)) return null;
      // The job was written by the site from its own journal: its shape is the spool's.
      return { kind: 'attempt', key, ids: ids as string[], begun, redelivery, job: job as unknown as NotificationJob };
    }
    case 'abort':
      return isKey(m.key) ? { kind: 'abort', key: m.key } : null;
    case 'switch':
      return typeof m.file === 'string' && /^[\w.-]+$/.test(m.file) ? { kind: 'switch', file: m.file } : null;
    default:
      return null;
  }
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A line the delivery process sent, or `null` when it is not one. */
export function parseFromDeliveryProcess(line: string): FromDeliveryProcess | null {
  const m = parseObject(line);
  if (m === null) return null;
  switch (m.kind) {
    case 'outcome': {
      const outcome = parseDeliveryOutcome(m.outcome);
      return isKey(m.key) && outcome !== null ? { kind: 'outcome', key: m.key, outcome } : null;
    }
    case 'switched':
      return typeof m.file === 'string' ? { kind: 'switched', file: m.file } : null;
    case 'log': {
      const level = LEVELS.find((l) => l === m.level);
      if (level === undefined || typeof m.message !== 'string') return null;
      const fields: Record<string, string | number | boolean | null> = {};
      if (isJsonObject(m.fields)) {
        for (const [name, value] of Object.entries(m.fields)) {
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
            fields[name] = value;
          }
        }
      }
      return { kind: 'log', level, message: m.message, fields };
    }
    default:
      return null;
  }
}
