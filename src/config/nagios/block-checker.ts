/**
 * Checking the directive names of raw Nagios blocks against the attribute table: known object
 * type, known attribute (aliases resolved to the real name), custom attributes, time period
 * rules, and the template directives `name`, `use` and `register`. The values of a block that
 * is not a template are converted here too (their problems are reported with the object's,
 * after templates are applied); a template's values are converted where they are inherited.
 */
import { attributeNames, attributeSpec, isObjectType, OBJECT_TYPES } from '../attributes.js';
import type { ObjectType } from '../attributes.js';
import { splitList } from '../attribute-value.js';
import type { Diagnostics } from '../diagnostic.js';
import { closestMatch, didYouMean } from '../../lib/did-you-mean.js';
import { KeyShape, SlotArena, type Slot } from '../layered-values.js';
import type { NameAt, ObjectBlock } from './object-block.js';
import type { SourceRef } from '../../model/objects.js';
import type { BlockView } from './parse-object-file.js';
import type { SharedValues } from './shared-values.js';
import { splitTimePeriodRule } from './time-period-rule.js';

/** Directives every object type accepts for template inheritance. */
const TEMPLATE_DIRECTIVES = ['name', 'use', 'register'] as const;

/** Nagios 3 object types that Nagios 4 still reads and ignores. */
const EXTINFO_TYPES: readonly string[] = ['hostextinfo', 'serviceextinfo'];

/** Object types that may carry custom attributes (`_NAME value`). */
const CUSTOM_TYPES: readonly ObjectType[] = ['host', 'service', 'contact'];

/** The directives of one block being checked, kept flat as {@link ObjectBlock} describes. */
class DirectiveSlots {
  shape: KeyShape;
  readonly slots: Slot[];
  readonly offset: number;
  additive: number[] | null = null;

  /** `count` is the number of directives written, an upper bound of the keys. */
  constructor(root: KeyShape, count: number, arena: SlotArena) {
    this.shape = root;
    this.offset = arena.take(2 * count);
    this.slots = arena.chunk;
  }

  /** Sets `key`; returns the line of its previous value, or -1 when it is new. */
  set(key: string, value: string | null, line: number, additive: boolean): number {
    let at = this.shape.indexOf(key);
    let previous = -1;
    if (at === -1) {
      at = this.shape.size;
      this.shape = this.shape.with(key);
    } else {
      const before = this.slots[this.offset + 2 * at + 1];
      previous = typeof before === 'number' ? before : 0;
      if (this.additive !== null) this.additive = this.additive.filter((i) => i !== at);
    }
    this.slots[this.offset + 2 * at] = value;
    this.slots[this.offset + 2 * at + 1] = line;
    if (additive) (this.additive ??= []).push(at);
    return previous;
  }
}

/** Checks raw blocks one at a time; remembers which notices were given so each is given once per file. */
export class BlockChecker {
  readonly #diagnostics: Diagnostics;
  readonly #values: SharedValues;
  /** Where the key shapes of this reading start. */
  readonly #shapes = KeyShape.root();
  /** Where the slots of this reading's blocks are. */
  readonly #arena = new SlotArena();
  readonly #noticed = new Set<string>();
  readonly #templateLists = new Map<string, readonly string[]>();
  /** Object types as written → the type, for the known ones. */
  readonly #types = new Map<string, ObjectType>();

  constructor(values: SharedValues, diagnostics: Diagnostics) {
    this.#values = values;
    this.#diagnostics = diagnostics;
  }

  /** The checked block, or `null` when it is not an object to read (unknown or ignored type). */
  check(raw: BlockView): ObjectBlock | null {
    const type = this.#types.get(raw.type) ?? this.#objectType(raw);
    if (type === null) return null;
    const into = new DirectiveSlots(this.#shapes, raw.count, this.#arena);
    let templateName: NameAt | null = null;
    let use: { names: readonly string[]; line: number } | null = null;
    let register = true;
    let registerLine = raw.line;
    for (let i = 0; i < raw.count; i++) {
      const name = raw.names[i] ?? '';
      const value = raw.values[i] ?? '';
      const line = raw.lines[i] ?? raw.line;
      if (name === 'name') {
        if (value === '') this.#diagnostics.error({ file: raw.file, line }, "'name' needs a template name");
        else templateName = { name: value, line };
      } else if (name === 'use') {
        const names = this.#templateList(value);
        if (names.length === 0) {
          this.#diagnostics.error({ file: raw.file, line }, "'use' needs the name of a template");
        } else {
          use = { names, line };
        }
      } else if (name === 'register') {
        if (value === '0' || value === '1') register = value === '1';
        else {
          this.#diagnostics.error(
            { file: raw.file, line },
            `'register' must be 0 (a template only) or 1, got '${value}'`,
          );
        }
        if (value === '0') registerLine = line;
      } else {
        this.#directive(type, raw.file, name, value, line, into);
      }
    }
    if (!register && templateName === null) {
      this.#diagnostics.warning(
        { file: raw.file, line: registerLine },
        "'register 0' without 'name': nothing can use this template (add 'name <template name>')",
      );
    }
    const { shape, slots, offset, additive } = into;
    const converted = templateName === null;
    const problems = converted ? this.#convert(type, into) : null;
    return {
      type,
      file: raw.file,
      line: raw.line,
      templateName,
      use,
      register,
      shape,
      slots,
      offset,
      additive,
      converted,
      problems,
    };
  }

  /**
   * The type of a block whose type as written is not known yet: remembered when it is an object
   * type, else reported (at each such block) and `null`. The type is the attribute table's own
   * string, not the one cut from the file, so that 110,000 definitions do not each keep a copy.
   */
  #objectType(raw: BlockView): ObjectType | null {
    const written = raw.type;
    if (EXTINFO_TYPES.includes(written)) {
      this.#noticeOnce(raw.file, raw.line, `#${written}`, `${written} is read and ignored`);
      return null;
    }
    const type = isObjectType(written) ? OBJECT_TYPES.find((known) => known === written) : undefined;
    if (type === undefined) {
      this.#diagnostics.error(
        { file: raw.file, line: raw.line },
        `unknown object type '${written}'${didYouMean(written, OBJECT_TYPES)}`,
      );
      return null;
    }
    this.#types.set(written, type);
    return type;
  }

  /** Converts the attribute values of a block in place; returns the failures. */
  #convert(type: ObjectType, into: DirectiveSlots): [number, string][] | null {
    const { shape, slots, offset, additive } = into;
    const keys = shape.keys;
    let problems: [number, string][] | null = null;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] ?? '';
      const text = slots[offset + 2 * i];
      if (typeof text !== 'string' || key.startsWith('_') || additive?.includes(i) === true) continue;
      const spec = attributeSpec(type, key);
      if (spec === undefined) continue; // a time period rule
      const converted = this.#values.convert(spec.type, text);
      if (converted.ok) {
        slots[offset + 2 * i] = converted.value;
      } else {
        slots[offset + 2 * i] = undefined;
        (problems ??= []).push([i, converted.error]);
      }
    }
    return problems;
  }

  /**
   * Checks one directive (not `name`, `use` or `register`), `name value` at `line`, and keeps
   * it. Runs for every line of large files: no closures, no objects but for messages.
   */
  #directive(type: ObjectType, file: string, name: string, value: string, line: number, into: DirectiveSlots): void {
    if (name.startsWith('_')) {
      if (!CUSTOM_TYPES.includes(type)) {
        this.#diagnostics.error(
          { file, line },
          `custom attribute '${name}' on a ${type}: only hosts, services and contacts have custom attributes`,
        );
      } else if (name === '_') {
        this.#diagnostics.error({ file, line }, "custom attribute without a name after '_'");
      } else {
        this.#add(into, file, line, name.toUpperCase(), value, false);
      }
      return;
    }
    const spec = attributeSpec(type, name);
    if (spec === undefined && type === 'timeperiod') {
      this.#rule(name, value, { file, line }, into);
      return;
    }
    if (spec === undefined) {
      const candidates = [...attributeNames(type), ...TEMPLATE_DIRECTIVES];
      this.#diagnostics.error({ file, line }, `unknown ${type} attribute '${name}'${didYouMean(name, candidates)}`);
      return;
    }
    if (spec.ignored === true) {
      this.#noticeOnce(file, line, name, `${type} attribute '${name}' is read and ignored: ${spec.description}`);
      return;
    }
    // An alias has the type of the attribute it stands for.
    const kind = spec.type.kind;
    const additive = (kind === 'list' || kind === 'commands') && value.startsWith('+');
    this.#add(into, file, line, spec.aliasOf ?? spec.name, additive ? value.slice(1).trimStart() : value, additive);
  }

  /** Keeps `key`; a key set twice in one definition is a warning, and the last value counts. */
  #add(into: DirectiveSlots, file: string, line: number, key: string, value: string, additive: boolean): void {
    const previous = into.set(key, value === 'null' ? null : value, line, additive);
    if (previous !== -1) {
      this.#diagnostics.warning(
        { file, line },
        `'${key}' is set again in this definition (first at line ${previous}); the last value counts`,
      );
    }
  }

  /** A time period line other than its attributes: a rule such as `monday 3  00:00-24:00`. */
  #rule(name: string, value: string, where: SourceRef, into: DirectiveSlots): void {
    const split = splitTimePeriodRule(`${name} ${value}`);
    if (split.ok) {
      this.#add(into, where.file, where.line, split.key, split.ranges, false);
      return;
    }
    // A misspelt attribute reads as a rule without ranges: say what it most likely is.
    const candidates = [...attributeNames('timeperiod'), ...TEMPLATE_DIRECTIVES];
    const meant = closestMatch(name, candidates);
    const message =
      meant !== null && !value.includes(':')
        ? `unknown timeperiod attribute '${name}' (did you mean '${meant}'?)`
        : split.error;
    this.#diagnostics.error(where, message);
  }

  /** The template names of a `use` value; blocks using the same templates share one list. */
  #templateList(value: string): readonly string[] {
    let names = this.#templateLists.get(value);
    if (names === undefined) {
      names = Object.freeze(splitList(value));
      this.#templateLists.set(value, names);
    }
    return names;
  }

  #noticeOnce(file: string, line: number, key: string, message: string): void {
    const id = `${file}\n${key}`;
    if (this.#noticed.has(id)) return;
    this.#noticed.add(id);
    this.#diagnostics.notice({ file, line }, message);
  }
}
