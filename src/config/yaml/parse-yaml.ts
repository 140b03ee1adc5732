/**
 * YAML text to plain values, remembering the line of every mapping, so that messages about a
 * value can name its line. js-yaml is used for its speed (a 9 MB file of 100,000 services loads
 * in about a quarter of a second); its parse events give the positions. The line of a key is
 * looked up in the text only when a message needs it.
 */
import yaml from 'js-yaml';

/** Where the mappings of one parsed text were written. */
export interface YamlLines {
  /** 1-based line of the mapping `obj`, 0 if unknown. */
  lineOf(obj: object): number;
  /** 1-based line of `key` in mapping `obj`, else the mapping's line. */
  keyLineOf(obj: object, key: string): number;
}

export type ParsedYaml =
  | { readonly ok: true; readonly value: unknown; readonly lines: YamlLines; readonly keys: YamlKeyFinder }
  | { readonly ok: false; readonly line: number; readonly message: string };

/** Whether a line (without its indentation) starts with `key:`, plain or quoted. */
function startsWithKey(text: string, key: string): boolean {
  // A huge key is recognised by its beginning: comparing megabytes per line would be slow.
  if (key.length > 1000) return text.startsWith(key.slice(0, 200)) || text.startsWith(`"${key.slice(0, 200)}`);
  for (const quoted of [key, `"${key}"`, `'${key}'`]) {
    if (text.startsWith(quoted) && /^\s*:/.test(text.slice(quoted.length, quoted.length + 40))) return true;
  }
  return false;
}

/**
 * Finds the lines of keys by reading the text around a mapping's first line, when a message
 * needs one. Definitions keep this (the text and its line offsets), not the parsed mappings.
 */
export class YamlKeyFinder {
  #lineOffsets: number[] | null = null;

  constructor(readonly text: string) {}

  #line(n: number): string | undefined {
    if (this.#lineOffsets === null) {
      const offsets = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) offsets.push(i + 1);
      this.#lineOffsets = offsets;
    }
    const start = this.#lineOffsets[n - 1];
    if (start === undefined) return undefined;
    const end = this.#lineOffsets[n];
    return this.text.slice(start, end === undefined ? undefined : end - 1);
  }

  /**
   * The line of `key` in the mapping that starts at line `first` with the key `firstKey`, else
   * `first` (0 when unknown).
   */
  keyLineAt(first: number, firstKey: string | undefined, key: string): number {
    if (first === 0 || firstKey === undefined) return first;
    // A nested mapping starts on its parent key's line; its keys stand in the column of its first
    // key (after any `- ` item markers).
    const firstKeyLine = this.#find(first, firstKey, null);
    if (firstKeyLine === null) return first;
    return this.#find(firstKeyLine.line, key, firstKeyLine.column)?.line ?? first;
  }

  #find(from: number, key: string, column: number | null): { line: number; column: number } | null {
    for (let n = from; n < from + 100_000; n++) {
      const text = this.#line(n);
      if (text === undefined) return null;
      const indent = /^[\s-]*/.exec(text)?.[0].length ?? 0;
      const blank = text.trim() === '' || text.trimStart().startsWith('#');
      if (column !== null && n > from && indent < column && !blank) return null;
      if (text.slice(indent).startsWith('{')) return n === from ? { line: n, column: indent } : null;
      if ((column === null || indent === column) && startsWithKey(text.slice(indent), key))
        return { line: n, column: indent };
      if (column === null && n > from + 1 && !blank) return null;
    }
    return null;
  }
}

/**
 * The lines of the mappings of one parse. A plain map, not a weak one: it lives as long as the
 * parse result, and weak maps of 100,000 entries are costly for the garbage collector.
 */
class TextLines implements YamlLines {
  readonly #starts = new Map<object, number>();

  constructor(readonly keys: YamlKeyFinder) {}

  record(obj: object, line: number): void {
    this.#starts.set(obj, line);
  }

  lineOf(obj: object): number {
    return this.#starts.get(obj) ?? 0;
  }

  keyLineOf(obj: object, key: string): number {
    return this.keys.keyLineAt(this.lineOf(obj), Object.keys(obj)[0], key);
  }
}

/** Parses one YAML document. Only the core schema: no custom tags, no code. */
export function parseYaml(text: string): ParsedYaml {
  const keys = new YamlKeyFinder(text);
  const lines = new TextLines(keys);
  const openLines: number[] = [];
  try {
    const value = yaml.load(text, {
      schema: yaml.CORE_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          openLines.push(state.line + 1);
          return;
        }
        const line = openLines.pop() ?? 0;
        const result: unknown = state.result;
        if (typeof result === 'object' && result !== null && !Array.isArray(result)) lines.record(result, line);
      },
    });
    return { ok: true, value, lines, keys };
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      return { ok: false, line: error.mark.line + 1, message: error.reason };
    }
    return { ok: false, line: 0, message: error instanceof Error ? error.message : String(error) };
  }
}
