/**
 * The monitoring log file, `<site>/log/monitoring.log`: state changes, flapping, downtimes,
 * passive and stale results, external commands and the states at start-up as Nagios log lines. Appends are buffered in memory and written at least once a second and on
 * `close()`, so that a burst of state changes costs one write, not one per line.
 *
 * Contract: lines keep the order of the calls; `flush()` and `close()` resolve once what was
 * appended before them is written; after `close()` appends are dropped. A failing write is
 * reported to `onError` and the lines of that write are dropped (the log must never stop checks).
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectState, ObjectStateChange } from '../model/check-state.js';
import type { MonitoringEvent } from '../model/events.js';
import { eventLogMessage, externalCommandMessage } from './event-log-lines.js';
import { alertMessage, currentStateMessage, formatLogLine, logVersionMessage, startingMessage } from './log-line.js';

/** What opening the monitoring log needs. */
export interface MonitoringLogOptions {
  /** The site directory; the log is `log/monitoring.log` below it. */
  readonly siteDir: string;
  /** Written into the start line, `Watchpost starting... (PID=n)`. */
  readonly pid: number;
  /** Time of the start lines (ms since the epoch). */
  readonly clock: { now(): number };
  /** How often buffered lines are written; default 1000 ms. */
  readonly flushIntervalMs?: number;
  /** Called when writing fails; the default ignores the failure. */
  readonly onError?: (error: unknown) => void;
}

/** The open monitoring log. */
export interface MonitoringLogFile {
  /** Appends `HOST ALERT` / `SERVICE ALERT` for a state change. */
  stateChange(change: ObjectStateChange): void;
  /** Appends the line of a monitoring event, if Nagios writes one for it (see eventLogMessage). */
  record(event: MonitoringEvent): void;
  /** Appends `EXTERNAL COMMAND: <text>` for a command received in Nagios' text form, stamped `at` (ms). */
  externalCommand(text: string, at: number): void;
  /** Appends `CURRENT HOST STATE` / `CURRENT SERVICE STATE`, stamped `at` (ms). */
  currentState(object: ObjectState, at: number): void;
  /** Appends a line written elsewhere (notifications and their results), stamped `at` (ms). */
  message(at: number, text: string): void;
  /** Writes what is buffered. */
  flush(): Promise<void>;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

/** The path of the monitoring log of a site. */
export function monitoringLogPath(siteDir: string): string {
  return join(siteDir, 'log', 'monitoring.log');
}

/**
 * Opens (creating it and `log/` when needed) the monitoring log for appending and writes the
 * start lines `LOG VERSION: 2` and `Watchpost starting... (PID=n)`.
 */
export async function openMonitoringLog(options: MonitoringLogOptions): Promise<MonitoringLogFile> {
  const path = monitoringLogPath(options.siteDir);
  await mkdir(join(options.siteDir, 'log'), { recursive: true });
  const file: FileHandle = await open(path, 'a');
  const onError = options.onError ?? ((): void => {});
  let buffer: string[] = [];
  let closed = false;
  let closing: Promise<void> | null = null;
  // Writes are chained so that they land in call order.
  let writing: Promise<void> = Promise.resolve();

  const append = (at: number, message: string): void => {
    if (!closed) buffer.push(`${formatLogLine(at, message)}\n`);
  };
  const flush = (): Promise<void> => {
    if (buffer.length > 0) {
      const text = buffer.join('');
      buffer = [];
      writing = writing.then(() => file.appendFile(text, 'utf8')).catch(onError);
    }
    return writing;
  };
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 1000);
  // The log alone must not keep the process alive.
  timer.unref();

  const now = options.clock.now();
  append(now, logVersionMessage());
  append(now, startingMessage(options.pid));

  return {
    stateChange: (change) => append(change.event.at, alertMessage(change)),
    record: (event) => {
      const message = eventLogMessage(event);
      if (message !== null) append(event.at, message);
    },
    externalCommand: (text, at) => append(at, externalCommandMessage(text)),
    currentState: (object, at) => append(at, currentStateMessage(object)),
    // A line break would start a bogus entry.
    message: (at, text) => append(at, text.replace(/[\r\n]+/g, ' ')),
    flush,
    close: () => {
      closing ??= (async (): Promise<void> => {
        clearInterval(timer);
        const last = flush();
        closed = true;
        await last;
        await file.close();
      })();
      return closing;
    },
  };
}
