/**
 * Generated hostile Livestatus requests for fuzzing: well-formed requests mutated by a seeded
 * generator (a failing case is found again by its number).
 */

/** A small seeded generator, so that a failing case can be found again by its number. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Well-formed requests the mutations start from. */
export const BASES: readonly (readonly string[])[] = [
  ['GET hosts', 'Columns: name state groups custom_variables', 'Filter: state = 0'],
  [
    'GET services',
    'Columns: host_name description plugin_output',
    'Filter: description ~~ cpu',
    'Filter: state != 0',
    'Or: 2',
  ],
  ['GET services', 'Stats: state = 0', 'Stats: avg staleness', 'StatsAnd: 1', 'Columns: host_name'],
  ['GET hostgroups', 'Filter: members >= srv1', 'Negate:', 'OutputFormat: python3'],
  ['GET columns', 'Filter: table = hosts', 'Limit: 3', 'OrderBy: name desc'],
  ['GET hosts', 'Filter: custom_variables = SERIAL A1', 'Localtime: 1700000000', 'OutputFormat: wrapped_json'],
  ['GET status', 'Columns: program_version', 'Separators: 10 59 44 124'],
  ['GET services', 'WaitObject: srv1;CPU load', 'WaitCondition: state = 0', 'WaitTimeout: 100'],
  ['COMMAND [1700000000] ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;2;1;0;me;text', 'AuthUser: ops'],
];

/** Pieces the mutations insert: control bytes, regex bombs, broken headers, huge values. */
const FRAGMENTS: readonly string[] = [
  '\0',
  '\r',
  '\u00ff\u00fe',
  '\ud800',
  ':',
  ';',
  ' ',
  '~~',
  '!=~',
  '(a+)+$',
  '(.*.*.*)*x',
  '[[:alpha:]',
  '\\1',
  'a{1000}{1000}',
  '99999999999999999999',
  '-1',
  'Filter: ',
  'And: 1000',
  'Or: 0',
  'Negate: x',
  'Stats: sum',
  'StatsOr: 5',
  'Columns: ',
  'OutputFormat: xml',
  'ResponseHeader: fixed32',
  'KeepAlive: on',
  'GET',
  'COMMAND',
  'x'.repeat(5000),
];

/** One hostile variant of `base`: inserted fragments, cut and repeated lines, random bytes, deep filter stacks. */
export function mutate(random: () => number, base: readonly string[]): string[] {
  const lines = [...base];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const mutations = 1 + Math.floor(random() * 4);
  for (let m = 0; m < mutations; m++) {
    const at = Math.floor(random() * lines.length);
    const line = lines[at] ?? '';
    const pos = Math.floor(random() * (line.length + 1));
    switch (Math.floor(random() * 7)) {
      case 0:
        lines[at] = line.slice(0, pos) + pick(FRAGMENTS) + line.slice(pos);
        break;
      case 1:
        lines[at] = line.slice(0, pos) + line.slice(pos + 1 + Math.floor(random() * 5));
        break;
      case 2:
        lines.splice(at, 0, pick(FRAGMENTS));
        break;
      case 3:
        lines.splice(at, 0, line);
        break;
      case 4:
        lines.splice(at, 1);
        break;
      case 5:
        lines[at] = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
          String.fromCharCode(Math.floor(random() * 256)),
        ).join('');
        break;
      default:
        lines.push(
          ...Array.from({ length: Math.floor(random() * 80) }, () =>
            pick(['Filter: state = 1', 'And: 2', 'Or: 2', 'Negate:']),
          ),
        );
    }
  }
  // Empty lines would cut one request into several; the point here is one request per connection.
  return lines.map((l) => l.replace(/\n/g, ' ')).filter((l) => l.trim() !== '');
}
