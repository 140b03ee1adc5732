/**
 * Performance data of the Monitoring Plugins guidelines: whitespace-separated items
 * `'label'=value[UOM];[warn];[crit];[min];[max]`. Plugins write it in many dialects, so parsing
 * is forgiving: a bad item is reported and skipped, the good ones are kept, nothing throws.
 */

/** A threshold range: alert outside `start..end`, or inside it when written with `@`. */
export interface ThresholdRange {
  /** `-Infinity` for `~`. */
  readonly start: number;
  /** `Infinity` when nothing follows the `:`. */
  readonly end: number;
  readonly alertInside: boolean;
}

/** A warning or critical threshold as written, and parsed when it could be. */
export interface Threshold {
  readonly text: string;
  /** `null` when the text is not a range of the guidelines. */
  readonly range: ThresholdRange | null;
}

/** One item of performance data. */
export interface PerfValue {
  readonly label: string;
  /** `null` for `U`: the plugin could not determine the value. */
  readonly value: number | null;
  readonly unit: string;
  readonly warn: Threshold | null;
  readonly crit: Threshold | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** The items that could be read, and one message per item that could not. */
export interface ParsedPerfdata {
  readonly values: readonly PerfValue[];
  readonly errors: readonly string[];
}

const NUMBER = /^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?/;

/** Reads a number as plugins write it; some locales make them write a decimal comma. */
function parseNumber(text: string): number | null {
  const match = NUMBER.exec(text);
  if (match === null || match[0] !== text) return null;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

/**
 * Parses a threshold range: `10` (0..10), `10:` (10..∞), `~:10` (-∞..10), `10:20`, and any of
 * these after `@` to alert inside instead of outside. `null` when the text is not a range.
 */
export function parseRange(text: string): ThresholdRange | null {
  const alertInside = text.startsWith('@');
  const body = alertInside ? text.slice(1) : text;
  const colon = body.indexOf(':');
  let start = 0;
  let end: number | null;
  if (colon < 0) {
    end = parseNumber(body);
  } else {
    const startText = body.slice(0, colon);
    const endText = body.slice(colon + 1);
    const parsedStart = startText === '~' ? -Infinity : startText === '' ? 0 : parseNumber(startText);
    if (parsedStart === null) return null;
    start = parsedStart;
    end = endText === '' ? Infinity : parseNumber(endText);
  }
  if (end === null || start > end) return null;
  return { start, end, alertInside };
}

/** Whether `value` is in the alerting part of `range`. */
export function rangeAlerts(range: ThresholdRange, value: number): boolean {
  const inside = value >= range.start && value <= range.end;
  return range.alertInside ? inside : !inside;
}

function threshold(text: string | undefined): Threshold | null {
  if (text === undefined || text === '') return null;
  return { text, range: parseRange(text) };
}

function optionalNumber(text: string | undefined): number | null {
  return text === undefined || text === '' ? null : parseNumber(text);
}

/** A label and where its item's data starts, or why the label could not be read. */
type LabelScan = { ok: true; label: string; next: number } | { ok: false; error: string; next: number };

function skipToken(text: string, from: number): number {
  const match = /\s/.exec(text.slice(from));
  return match === null ? text.length : from + match.index;
}

function scanLabel(text: string, from: number): LabelScan {
  if (text[from] === "'") {
    let label = '';
    let i = from + 1;
    for (;;) {
      const quote = text.indexOf("'", i);
      if (quote < 0)
        return { ok: false, error: `unterminated quoted label at "${text.slice(from)}"`, next: text.length };
      label += text.slice(i, quote);
      if (text[quote + 1] === "'") {
        // `''` inside a quoted label is a quote.
        label += "'";
        i = quote + 2;
        continue;
      }
      i = quote + 1;
      break;
    }
    if (text[i] !== '=') return { ok: false, error: `no '=' after label '${label}'`, next: skipToken(text, i) };
    return label === ''
      ? { ok: false, error: 'empty label', next: skipToken(text, i) }
      : { ok: true, label, next: i + 1 };
  }
  const end = skipToken(text, from);
  const equals = text.indexOf('=', from);
  if (equals < 0 || equals > end) return { ok: false, error: `no '=' in "${text.slice(from, end)}"`, next: end };
  if (equals === from) return { ok: false, error: `empty label in "${text.slice(from, end)}"`, next: end };
  return { ok: true, label: text.slice(from, equals), next: equals + 1 };
}

function parseItem(label: string, data: string): PerfValue | string {
  const [valueText = '', warn, crit, min, max] = data.split(';');
  let value: number | null = null;
  let unit = '';
  if (valueText !== 'U') {
    const match = NUMBER.exec(valueText);
    if (match === null) return `'${label}': value "${valueText}" is not a number`;
    value = parseNumber(match[0]);
    unit = valueText.slice(match[0].length);
    if (value === null) return `'${label}': value "${valueText}" is not a number`;
  }
  return {
    label,
    value,
    unit,
    warn: threshold(warn),
    crit: threshold(crit),
    min: optionalNumber(min),
    max: optionalNumber(max),
  };
}

/** Parses a plugin's performance data. Never throws: bad items land in `errors`. */
export function parsePerfdata(text: string): ParsedPerfdata {
  const values: PerfValue[] = [];
  const errors: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text.charAt(i))) {
      i++;
      continue;
    }
    const label = scanLabel(text, i);
    if (!label.ok) {
      errors.push(label.error);
      i = label.next;
      continue;
    }
    const end = skipToken(text, label.next);
    const item = parseItem(label.label, text.slice(label.next, end));
    if (typeof item === 'string') errors.push(item);
    else values.push(item);
    i = end;
  }
  return { values, errors };
}
