/**
 * YAML text to plain values, remembering the line of every mapping and of each of its keys, so
 * that messages about a value can name its line. js-yaml is used for its speed (a 9 MB file of
 * 100,000 services loads in about a third of a second); its parse events give the positions.
 */
import yaml from 'js-yaml';

/** Where a mapping and its keys were written (1-based lines). */
export interface MappingLines {
  readonly line: number;
  readonly keys: ReadonlyMap<string, number>;
}

export type ParsedYaml =
  | { readonly ok: true; readonly value: unknown; readonly lines: WeakMap<object, MappingLines> }
  | { readonly ok: false; readonly line: number; readonly message: string };

interface Frame {
  readonly line: number;
  /** Results of the direct children, in order, with their first line. */
  readonly children: { value: unknown; line: number }[];
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses one YAML document. Only the core schema: no custom tags, no code. */
export function parseYaml(text: string): ParsedYaml {
  const lines = new WeakMap<object, MappingLines>();
  const stack: Frame[] = [];
  try {
    const value = yaml.load(text, {
      schema: yaml.CORE_SCHEMA,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ line: state.line + 1, children: [] });
          return;
        }
        const frame = stack.pop();
        if (frame === undefined) return;
        const result: unknown = state.result;
        stack[stack.length - 1]?.children.push({ value: result, line: frame.line });
        if (!isPlainMapping(result)) return;
        // A mapping's children alternate key, value: the key's own line is the key's line.
        const keys = new Map<string, number>();
        for (let i = 0; i + 1 < frame.children.length; i += 2) {
          const key = frame.children[i];
          if (key !== undefined) keys.set(String(key.value), key.line);
        }
        lines.set(result, { line: frame.line, keys });
      },
    });
    return { ok: true, value, lines };
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      return { ok: false, line: error.mark.line + 1, message: error.reason };
    }
    return { ok: false, line: 0, message: error instanceof Error ? error.message : String(error) };
  }
}
