/**
 * Expanding Nagios name lists: `*` for all, shell-style wildcards (`web*`, `db?`), and `!name`
 * exclusions, against the names that exist.
 */

export interface Expansion {
  /** The names selected, in the order of `universe`. */
  readonly names: string[];
  /** Plain names (no wildcard) that name nothing in `universe`. */
  readonly unknown: string[];
  /** Wildcard patterns that matched nothing (worth a warning, not an error). */
  readonly unmatched: string[];
}

function isPattern(item: string): boolean {
  return item.includes('*') || item.includes('?');
}

const patternCache = new Map<string, RegExp>();

/** A shell-style wildcard as an anchored regular expression (no other special characters). */
function patternRegExp(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    patternCache.set(pattern, re);
  }
  return re;
}

/**
 * Selects names from `universe` by `items`. Exclusions win over inclusions, in any order,
 * as in Nagios. `universe` is consulted by membership for plain names, so large lists are cheap.
 */
export function expandNames(items: readonly string[], universe: ReadonlySet<string>): Expansion {
  const include = new Set<string>();
  const exclude = new Set<string>();
  const unknown: string[] = [];
  const unmatched: string[] = [];
  for (const raw of items) {
    const negated = raw.startsWith('!');
    const item = negated ? raw.slice(1) : raw;
    const target = negated ? exclude : include;
    if (isPattern(item)) {
      const re = patternRegExp(item);
      let matched = false;
      for (const name of universe) {
        if (item === '*' || re.test(name)) {
          target.add(name);
          matched = true;
        }
      }
      if (!matched) unmatched.push(raw);
    } else if (universe.has(item)) {
      target.add(item);
    } else {
      unknown.push(item);
    }
  }
  const names: string[] = [];
  for (const name of include) if (!exclude.has(name)) names.push(name);
  return { names, unknown, unmatched };
}
