/**
 * The relational operators of filter lines and what negating a filter means, as in Checkmk
 * (`opids.cc`): `!<` is `>=`, and Negate flips operators rather than wrapping a "not".
 */
import type { Filter, Operator } from './query.js';

/** The 16 operator spellings Checkmk accepts and the operator each means. */
export const OPERATORS: Readonly<Record<string, Operator>> = {
  '=': '=',
  '!=': '!=',
  '~': '~',
  '!~': '!~',
  '=~': '=~',
  '!=~': '!=~',
  '~~': '~~',
  '!~~': '!~~',
  '<': '<',
  '!<': '>=',
  '>=': '>=',
  '!>=': '<',
  '>': '>',
  '!>': '<=',
  '<=': '<=',
  '!<=': '>',
};

/** The operator that negates each operator. */
export const NEGATED: Readonly<Record<Operator, Operator>> = {
  '=': '!=',
  '!=': '=',
  '~': '!~',
  '!~': '~',
  '=~': '!=~',
  '!=~': '=~',
  '~~': '!~~',
  '!~~': '~~',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
};

/** Negates a filter the way Checkmk does: operators flip, `and`/`or` swap (De Morgan). */
export function negate(filter: Filter): Filter {
  switch (filter.kind) {
    case 'column':
      return { ...filter, operator: NEGATED[filter.operator] };
    case 'and':
      return { kind: 'or', filters: filter.filters.map(negate) };
    case 'or':
      return { kind: 'and', filters: filter.filters.map(negate) };
  }
}

/** How deep And/Or nest in a filter (a single condition is 1). */
export function depthOf(filter: Filter): number {
  if (filter.kind === 'column') return 1;
  let deepest = 0;
  for (const sub of filter.filters) deepest = Math.max(deepest, depthOf(sub));
  return 1 + deepest;
}
