/**
 * Checking the directive names of raw Nagios blocks against the attribute table: known object
 * type, known attribute (aliases resolved to the real name), custom attributes, time period
 * rules, and the template directives `name`, `use` and `register`. The values of a block that
 * is not a template are converted here too (their problems are reported with the object's,
 * after templates are applied); a template's values are converted where they are inherited.
 */
import { attributeNames, attributeSpec, isObjectType, OBJECT_TYPES } from '../attributes.js';
import type { AttributeKind, AttributeSpec, ObjectType } from '../attributes.js';
import { splitList } from '../attribute-value.js';
import type { Converted } from '../attribute-value.js';
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

/**
 * How the directive names of a block resolved, when each named an attribute or custom attribute
 * without any message, none twice: the next block of its type written with the same names in
 * the same order (10,000 services alike, say) takes their keys, attributes and shape from here
 * instead of looking each name up again.
 */
interface NamePlan {
  /** The names as written, in order. */
  readonly names: readonly string[];
  /** Per directive, the position of its key in `shape`; -1 for `name`, `use` and `register`. */
  readonly positions: readonly number[];
  readonly shape: KeyShape;
  /** The attribute of each key of `shape`, as {@link DirectiveSlots.specs}; not changed once planned. */
  readonly specs: (AttributeSpec | undefined)[];
  /** Recent values of each key of `shape`, made when first needed. */
  readonly recent: (RecentValues | undefined)[];
}

/** Whether `value` of an attribute of `kind` adds to the inherited list (`+name`) rather than replacing it. */
function isAdditive(kind: AttributeKind['kind'] | undefined, value: string): boolean {
  return (kind === 'list' || kind === 'commands') && value.startsWith('+');
}

/** An additive value without its `+`. */
function withoutPlus(value: string): string {
  return value.slice(1).trimStart();
}

/** Texts {@link RecentValues} remembers per key: more than the services a host usually has. */
const RECENT_TEXTS = 16;

/**
 * The last few texts of one key of a {@link NamePlan} and their converted values: the ten
 * services of a host name it ten times over, a host group's 500 hosts name the group, and the
 * services of one host after another repeat their descriptions and check commands. Comparing a
 * text with the few remembered costs less than hashing it for the shared values' map of all
 * texts (a comparison of texts of different lengths ends at once). The oldest is replaced.
 */
class RecentValues {
  readonly #texts: string[] = [];
  readonly #values: Converted[] = [];
  #next = 0;

  /** The value of `text` as `kind`, from `values` unless remembered. */
  get(text: string, kind: AttributeKind, values: SharedValues): Converted {
    const texts = this.#texts;
    // Newest first: the ten services of a host repeat the text remembered last, and texts of one
    // length (host00021, host00022, ...) differ only at their end, so each comparison reads them whole.
    for (let n = 0, i = this.#next - 1; n < texts.length; n++, i--) {
      if (i < 0) i = texts.length - 1;
      if (texts[i] === text) {
        const known = this.#values[i];
        if (known !== undefined) return known;
      }
    }
    const converted = values.convert(kind, text);
    texts[this.#next] = text;
    this.#values[this.#next] = converted;
    this.#next = (this.#next + 1) % RECENT_TEXTS;
    return converted;
  }
}

/**
 * The directives of the block being checked, kept flat as {@link ObjectBlock} describes. One per
 * checker, started afresh for each block (see {@link start}): 100,000 blocks need not make one each.
 */
class DirectiveSlots {
  shape: KeyShape;
  slots: Slot[] = [];
  offset = 0;
  additive: number[] | null = null;
  /** The attribute of each key, by position; `undefined` for custom attributes and time period rules. */
  specs: (AttributeSpec | undefined)[] = [];
  /** The position {@link set} last set, for making a {@link NamePlan}. */
  lastAt = -1;

  constructor(shape: KeyShape) {
    this.shape = shape;
  }

  /**
   * Starts the next block with `shape` and `specs`: `count` is at least the number of keys,
   * the number of directives written or the keys of a plan.
   */
  start(count: number, arena: SlotArena, shape: KeyShape, specs: (AttributeSpec | undefined)[]): this {
    this.shape = shape;
    this.specs = specs;
    this.offset = arena.take(2 * count);
    this.slots = arena.chunk;
    this.additive = null;
    this.lastAt = -1;
    return this;
  }

  /** Sets the value at position `at` of a shape taken from a {@link NamePlan}. */
  place(at: number, value: string | null, line: number, additive: boolean): void {
    this.slots[this.offset + 2 * at] = value;
    this.slots[this.offset + 2 * at + 1] = line;
    if (additive) (this.additive ??= []).push(at);
  }

  /** Sets `key`, the attribute `spec` if it is one; returns the line of its previous value, or -1 when it is new. */
  set(key: string, spec: AttributeSpec | undefined, value: string | null, line: number, additive: boolean): number {
    let at = this.shape.indexOf(key);
    let previous = -1;
    if (at === -1) {
      at = this.shape.size;
      this.shape = this.shape.with(key);
      this.specs[at] = spec;
    } else {
      const before = this.slots[this.offset + 2 * at + 1];
      previous = typeof before === 'number' ? before : 0;
      if (this.additive !== null) this.additive = this.additive.filter((i) => i !== at);
    }
    this.slots[this.offset + 2 * at] = value;
    this.slots[this.offset + 2 * at + 1] = line;
    if (additive) (this.additive ??= []).push(at);
    this.lastAt = at;
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
  /** The last `use` text and its list, which the next block most likely uses too. */
  #lastUse = '';
  #lastUseNames: readonly string[] = [];
  /** Object types as written → the type, for the known ones. */
  readonly #types = new Map<string, ObjectType>();
  /** The type of the last block, as written and known, which the next block is most likely of too. */
  #lastWritten = '';
  #lastType: ObjectType | null = null;
  /** The last {@link NamePlan} made for each type. */
  readonly #plans = new Map<ObjectType, NamePlan>();
  readonly #into = new DirectiveSlots(this.#shapes);

  constructor(values: SharedValues, diagnostics: Diagnostics) {
    this.#values = values;
    this.#diagnostics = diagnostics;
  }

  /** The checked block, or `null` when it is not an object to read (unknown or ignored type). */
  check(raw: BlockView): ObjectBlock | null {
    const type = raw.type === this.#lastWritten ? this.#lastType : (this.#types.get(raw.type) ?? this.#objectType(raw));
    if (type === null) return null;
    this.#lastWritten = raw.type;
    this.#lastType = type;
    const plan = this.#planFor(type, raw);
    const into =
      plan === null
        ? this.#into.start(raw.count, this.#arena, this.#shapes, [])
        : // A planned block has exactly the keys of the plan's shape: no slots for `use` and the like.
          this.#into.start(plan.shape.size, this.#arena, plan.shape, plan.specs);
    // Without a plan, the positions of this block's keys, for a plan for the blocks after it.
    const positions: number[] | null = plan === null && type !== 'timeperiod' ? [] : null;
    const messages = this.#diagnostics.items.length;
    let templateName: NameAt | null = null;
    let use: readonly string[] | null = null;
    let useLine = raw.line;
    let register = true;
    let registerLine = raw.line;
    for (let i = 0; i < raw.count; i++) {
      const name = raw.names[i] ?? '';
      const value = raw.values[i] ?? '';
      const line = raw.lines[i] ?? raw.line;
      const at = plan === null ? -1 : (plan.positions[i] ?? -1);
      if (at !== -1) {
        this.#place(into, at, value, line);
      } else if (name === 'name') {
        if (value === '') this.#diagnostics.error({ file: raw.file, line }, "'name' needs a template name");
        else templateName = { name: value, line };
      } else if (name === 'use') {
        const names = this.#templateList(value);
        if (names.length === 0) {
          this.#diagnostics.error({ file: raw.file, line }, "'use' needs the name of a template");
        } else {
          use = names;
          useLine = line;
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
        into.lastAt = -1;
        this.#directive(type, raw.file, name, value, line, into);
        // A name that was not kept as a key cannot be planned.
        if (into.lastAt === -1) positions?.push(-2);
        else positions?.push(into.lastAt);
        continue;
      }
      positions?.push(-1);
    }
    if (positions !== null && this.#diagnostics.items.length === messages && !positions.includes(-2)) {
      const made = {
        names: raw.names.slice(0, raw.count),
        positions,
        shape: into.shape,
        specs: into.specs,
        recent: [],
      };
      this.#plans.set(type, made);
    }
    if (!register && templateName === null) {
      this.#diagnostics.warning(
        { file: raw.file, line: registerLine },
        "'register 0' without 'name': nothing can use this template (add 'name <template name>')",
      );
    }
    const { shape, slots, offset, additive } = into;
    const converted = templateName === null;
    const problems = converted ? this.#convert(into, plan) : null;
    return {
      type,
      source: { file: raw.file, line: raw.line },
      templateName,
      use,
      useLine,
      register,
      shape,
      slots,
      offset,
      additive,
      converted,
      problems,
    };
  }

  /** The plan of the last block of `type` if `raw` is written with the same names, else `null`. */
  #planFor(type: ObjectType, raw: BlockView): NamePlan | null {
    const plan = this.#plans.get(type);
    if (plan === undefined || plan.names.length !== raw.count) return null;
    for (let i = 0; i < raw.count; i++) if (raw.names[i] !== plan.names[i]) return null;
    return plan;
  }

  /** Keeps `value` for the key at position `at` of a planned block (see {@link NamePlan}), as {@link #directive} would. */
  #place(into: DirectiveSlots, at: number, value: string, line: number): void {
    const additive = isAdditive(into.specs[at]?.type.kind, value);
    const text = additive ? withoutPlus(value) : value;
    into.place(at, text === 'null' ? null : text, line, additive);
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

  /** Converts the attribute values of a block (written as `plan` says, if not `null`) in place; returns the failures. */
  #convert(into: DirectiveSlots, plan: NamePlan | null): [number, string][] | null {
    const { shape, slots, offset, additive, specs } = into;
    let problems: [number, string][] | null = null;
    for (let i = 0; i < shape.size; i++) {
      // Custom attributes and time period rules have no attribute: they stay texts.
      const spec = specs[i];
      const text = slots[offset + 2 * i];
      if (spec === undefined || typeof text !== 'string' || additive?.includes(i) === true) continue;
      const converted =
        plan === null
          ? this.#values.convert(spec.type, text)
          : (plan.recent[i] ??= new RecentValues()).get(text, spec.type, this.#values);
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
        this.#add(into, file, line, name.toUpperCase(), undefined, value, false);
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
    const additive = isAdditive(spec.type.kind, value);
    const key = spec.aliasOf ?? spec.name;
    const real = spec.aliasOf === undefined ? spec : attributeSpec(type, key);
    this.#add(into, file, line, key, real, additive ? withoutPlus(value) : value, additive);
  }

  /**
   * Keeps `key` (the attribute `spec` if it is one); a key set twice in one definition is a
   * warning, and the last value counts.
   */
  #add(
    into: DirectiveSlots,
    file: string,
    line: number,
    key: string,
    spec: AttributeSpec | undefined,
    value: string,
    additive: boolean,
  ): void {
    const previous = into.set(key, spec, value === 'null' ? null : value, line, additive);
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
      this.#add(into, where.file, where.line, split.key, undefined, split.ranges, false);
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
    // Blocks one after the other mostly use the same templates: a comparison spares hashing the text.
    if (value === this.#lastUse) return this.#lastUseNames;
    let names = this.#templateLists.get(value);
    if (names === undefined) {
      names = Object.freeze(splitList(value));
      this.#templateLists.set(value, names);
    }
    this.#lastUse = value;
    this.#lastUseNames = names;
    return names;
  }

  #noticeOnce(file: string, line: number, key: string, message: string): void {
    const id = `${file}\n${key}`;
    if (this.#noticed.has(id)) return;
    this.#noticed.add(id);
    this.#diagnostics.notice({ file, line }, message);
  }
}
