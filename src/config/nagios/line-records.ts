/**
 * The records a line scanner hands the object file parser (see wasm/nagios-lines.ts, which
 * writes them): one per line worth reading, each {@link FIELDS} integers.
 *
 * - `kind` ≥ 0: a `name value` line whose name has that number: records with the same number
 *   have the same name, so each name is cut out of the file once. {@link UNNUMBERED}: a `name
 *   value` line whose name the parser cuts out itself.
 * - {@link LINE}: a line for the parser's general path (braces, `;` comments).
 * - {@link DEFINE}: a line that starts with `define`, {@link CLOSE}: a line that is `}` alone;
 *   `[from, to)` without the blanks around it.
 * - {@link REGION}: lines for the line reader, which joins continued lines and reports control
 *   characters and overlong lines; `to` is after the last line's ending.
 */

/** Integers per record. */
export const FIELDS = 5;
/** Offsets of the fields in a record. */
export const KIND = 0;
/** Where the line's text starts (the name of a `name value` line, else the line's first character). */
export const FROM = 1;
export const VALUE_START = 2;
/** Where the line's text ends (without trailing blanks for a `name value` line, else its line ending). */
export const TO = 3;
/** The line number (the first line of a region). */
export const LINE_NUMBER = 4;

/** `kind` of a line the parser reads as it reads any line. */
export const LINE = -2;
/** `kind` of lines the line reader reads. */
export const REGION = -3;
/** `kind` of a line that is `}` alone. */
export const CLOSE = -4;
/** `kind` of a line that starts with `define` and holds no `;`. */
export const DEFINE = -5;
/** `kind` of a `name value` line whose name has no number. */
export const UNNUMBERED = -1;

/** The records of one file, a batch at a time. */
export interface LineRecords {
  /** The records of the current batch; valid until the next call of {@link next}. */
  readonly records: Int32Array;
  /** Scans the next batch; returns its number of records, 0 at the end of the file. */
  next(): number;
}
