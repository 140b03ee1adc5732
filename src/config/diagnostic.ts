/**
 * Problems found while reading configuration: each names the file and line and what is wrong.
 */
import type { SourceRef } from '../model/objects.js';

/** `error` stops the configuration from running; `warning` and `notice` are reported only. */
export type Severity = 'error' | 'warning' | 'notice';

export interface Diagnostic {
  readonly severity: Severity;
  readonly file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  readonly line: number;
  readonly message: string;
}

/** Longer messages are cut: a message quotes input, and input can be megabytes. */
export const MAX_MESSAGE_LENGTH = 1000;

/** `message`, cut to {@link MAX_MESSAGE_LENGTH} characters with a note of how much was left out. */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const omitted = message.length - (MAX_MESSAGE_LENGTH - 40);
  return `${message.slice(0, MAX_MESSAGE_LENGTH - 40)}… (${omitted} more characters)`;
}

/** A diagnostic at a source location. */
export function diagnostic(severity: Severity, where: SourceRef, message: string): Diagnostic {
  return { severity, file: where.file, line: where.line, message: boundedMessage(message) };
}

/** `file:line: severity: message`, the form compilers use, so editors can jump to it. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = d.line > 0 ? `${d.file}:${d.line}` : d.file;
  return `${place}: ${d.severity}: ${d.message}`;
}

/** Collects diagnostics; readers add to it and never throw for bad input. */
export class Diagnostics {
  readonly #items: Diagnostic[] = [];
  #errors = 0;

  add(d: Diagnostic): void {
    this.#items.push(d.message.length > MAX_MESSAGE_LENGTH ? { ...d, message: boundedMessage(d.message) } : d);
    if (d.severity === 'error') this.#errors++;
  }

  error(where: SourceRef, message: string): void {
    this.add(diagnostic('error', where, message));
  }

  warning(where: SourceRef, message: string): void {
    this.add(diagnostic('warning', where, message));
  }

  notice(where: SourceRef, message: string): void {
    this.add(diagnostic('notice', where, message));
  }

  get errorCount(): number {
    return this.#errors;
  }

  get items(): readonly Diagnostic[] {
    return this.#items;
  }
}
