/**
 * Reporting problems of one file with a budget: a binary or badly broken file must yield a
 * handful of useful messages, not one per line, so after {@link PROBLEM_LIMIT} problems the
 * reader is told to stop reading that file.
 */
import type { Diagnostics, Severity } from '../diagnostic.js';

/** Problems reported for one file before the rest of it is skipped. */
export const PROBLEM_LIMIT = 50;

/** Reports problems of one file into a {@link Diagnostics} collector, counting them. */
export class FileReporter {
  readonly #diagnostics: Diagnostics;
  readonly #file: string;
  #problems = 0;

  constructor(diagnostics: Diagnostics, file: string) {
    this.#diagnostics = diagnostics;
    this.#file = file;
  }

  get file(): string {
    return this.#file;
  }

  /** Whether the budget is spent: the caller stops reading the file. */
  get exhausted(): boolean {
    return this.#problems >= PROBLEM_LIMIT;
  }

  /**
   * Reports a problem at `line`; returns `false` once the budget is spent (the closing message
   * saying so has then been reported too).
   */
  report(severity: Severity, line: number, message: string): boolean {
    if (this.exhausted) return false;
    this.#diagnostics.add({ severity, file: this.#file, line, message });
    if (severity === 'notice') return true;
    this.#problems++;
    if (!this.exhausted) return true;
    this.#diagnostics.add({
      severity: 'error',
      file: this.#file,
      line,
      message: `too many problems (${PROBLEM_LIMIT}); the rest of this file is not read`,
    });
    return false;
  }

  error(line: number, message: string): boolean {
    return this.report('error', line, message);
  }

  warning(line: number, message: string): boolean {
    return this.report('warning', line, message);
  }
}
