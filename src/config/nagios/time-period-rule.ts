/**
 * Splitting a Nagios time period rule line into its day part and its time ranges. The day part
 * may hold spaces (`monday 3 - thursday 4`, `day 1 - 15 / 2`, `2007-01-01 - 2008-02-01 / 3`), so
 * the split is where the trailing run of time-range words begins.
 */

/** One time-range word: `09:00-17:00`, possibly several joined by commas, possibly a lone comma. */
const RANGE_WORD = /^(?:,|,?\d{1,2}:\d{2}-\d{1,2}:\d{2}(?:,\d{1,2}:\d{2}-\d{1,2}:\d{2})*,?)$/;
/** The ranges of a rule once its words are joined. */
const RANGES = /^\d{1,2}:\d{2}-\d{1,2}:\d{2}(?:,\d{1,2}:\d{2}-\d{1,2}:\d{2})*$/;

/** A rule split into its day part (blanks collapsed to one space) and its ranges (no blanks). */
export type SplitRule =
  { readonly ok: true; readonly key: string; readonly ranges: string } | { readonly ok: false; readonly error: string };

/**
 * Splits `monday 3 - thursday 4   00:00-24:00` into key `monday 3 - thursday 4` and ranges
 * `00:00-24:00`. Ranges written with blanks after commas (`09:00-12:00, 13:00-17:00`) are joined.
 */
export function splitTimePeriodRule(text: string): SplitRule {
  const words = text.trim().split(/[ \t]+/);
  let start = words.length;
  while (start > 0 && RANGE_WORD.test(words[start - 1] ?? '')) start--;
  if (start === words.length) {
    return { ok: false, error: `time period rule '${text.trim()}' has no time ranges such as 09:00-17:00` };
  }
  if (start === 0) return { ok: false, error: `time period rule '${text.trim()}' has no day before its time ranges` };
  const ranges = words.slice(start).join('');
  if (!RANGES.test(ranges)) {
    return { ok: false, error: `time ranges '${words.slice(start).join(' ')}' must be separated by single commas` };
  }
  return { ok: true, key: words.slice(0, start).join(' '), ranges };
}
