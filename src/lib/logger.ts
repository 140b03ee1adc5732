/**
 * The daemon's own log: a constant message plus fields, one line each,
 * `2026-11-21T09:45:00.123Z info site started site=demo pid=123`.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Where log lines go; injected so that tests can read what was logged. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

function formatValue(value: string | number | boolean | null | undefined): string {
  const text = String(value);
  return /^[^\s"=]*$/.test(text) && text !== '' ? text : JSON.stringify(text);
}

/** One log line, without the newline. */
export function formatLogLine(at: Date, level: LogLevel, message: string, fields: LogFields = {}): string {
  const parts = [at.toISOString(), level, message];
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) parts.push(`${key}=${formatValue(value)}`);
  return parts.join(' ');
}

/** A logger that hands formatted lines to each of `sinks`. */
export function lineLogger(sinks: readonly ((line: string) => void)[], now: () => Date = () => new Date()): Logger {
  return {
    log(level, message, fields) {
      const line = formatLogLine(now(), level, message, fields);
      for (const sink of sinks) sink(line);
    },
  };
}
