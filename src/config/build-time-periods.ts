/**
 * Time periods from their definitions, and the name of the always-active period.
 */
import type { TimePeriod } from '../model/objects.js';
import { ALWAYS, parseTimePeriodRules } from '../model/time-period.js';
import type { Diagnostics } from './diagnostic.js';
import type { Definition } from './definition.js';
import { listOf, textOf } from './definition-values.js';
import { ALWAYS_PERIOD_NAME } from './defaults.js';

/** A time period from its definition; rule lines that do not parse are errors at their line. */
export function buildTimePeriod(def: Definition, name: string, diags: Diagnostics): TimePeriod {
  const parsed = parseTimePeriodRules(def.timePeriodLines, listOf(def, 'exclude') ?? []);
  for (const problem of parsed.errors) {
    diags.error({ file: def.source.file, line: problem.line }, `time period '${name}': ${problem.message}`);
  }
  for (const problem of parsed.warnings) {
    diags.warning({ file: def.source.file, line: problem.line }, `time period '${name}': ${problem.message}`);
  }
  return { name, alias: textOf(def, 'alias') ?? name, rules: parsed.rules, source: def.source };
}

/**
 * The name of the period objects default to: a configured `24x7` in any spelling (Nagios'
 * sample configuration defines one), else the predefined `24X7`, which is then added.
 */
export function alwaysPeriod(timePeriods: Map<string, TimePeriod>): string {
  for (const name of timePeriods.keys()) if (name.toUpperCase() === ALWAYS_PERIOD_NAME) return name;
  timePeriods.set(ALWAYS_PERIOD_NAME, {
    name: ALWAYS_PERIOD_NAME,
    alias: '24 Hours A Day, 7 Days A Week',
    rules: ALWAYS,
    source: { file: '(predefined)', line: 0 },
  });
  return ALWAYS_PERIOD_NAME;
}
