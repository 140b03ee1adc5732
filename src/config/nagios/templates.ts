/**
 * Nagios template inheritance, for every object type: a block with `name` is a template that
 * blocks of the same type `use`; `register 0` makes a block a template only. With several
 * templates the left-most wins, each resolved depth-first with its own templates first. A list
 * value written `+a,b` appends to the inherited value; the value `null` cancels an inherited
 * value (and stops further inheritance of that attribute).
 *
 * Templates are resolved across all files together, as Nagios does, with an explicit stack so
 * that long template chains cannot overflow the call stack.
 */
import type { ObjectType } from '../attributes.js';
import type { Diagnostics } from '../diagnostic.js';
import { didYouMean } from '../../lib/did-you-mean.js';
import type { SourceRef } from '../../model/objects.js';
import { directivesOf } from './object-block.js';
import type { Directive, ObjectBlock } from './object-block.js';

/** Directives by key, as a template's are merged; a `null` value means "unset". */
export type Directives = ReadonlyMap<string, Directive>;

/**
 * What objects using the same templates inherit: resolved once per distinct `use` list and
 * shared by every object with that list, so 100,000 services using one template cost one.
 */
export interface TemplateLayer {
  /** The templates, each with its own templates applied, left-most first. */
  readonly templates: readonly Directives[];
  /** Every inherited directive: per key the left-most template's, extended where additive. */
  readonly directives: Directives;
  /** Where each inherited attribute was written (the left-most template having it). */
  readonly sources: ReadonlyMap<string, SourceRef>;
}

/** `current` extended by an inherited value when it is additive (`+`), as Nagios does. */
function extend(current: Directive, inherited: Directive | undefined): Directive {
  if (!current.additive || current.value === null || inherited === undefined || inherited.value === null) {
    return current;
  }
  return { ...current, value: `${inherited.value},${current.value}`, additive: false };
}

/** `directive` extended by the values of `key` in `templates` from index `from` on, while it stays additive. */
export function extendFrom(
  directive: Directive,
  key: string,
  templates: readonly Directives[],
  from: number,
): Directive {
  let current = directive;
  for (let i = from; i < templates.length && current.additive; i++) current = extend(current, templates[i]?.get(key));
  return current;
}

/** Whether one of the first `count` templates has `key`. */
function anyHas(templates: readonly Directives[], count: number, key: string): boolean {
  for (let i = 0; i < count; i++) if (templates[i]?.has(key) === true) return true;
  return false;
}

/**
 * Visits every directive of `object` with inheritance applied, each key once: its own
 * directives first, then inherited ones. For each key the object's own value wins, else the
 * value of the left-most template that has the key; an additive (`+`) value is appended to the
 * next value found further right. A `null` value is visited too: it means "unset".
 */
export function forEachDirective(
  object: { readonly own: Directives; readonly templates: readonly Directives[] },
  visit: (key: string, directive: Directive) => void,
): void {
  const { own, templates } = object;
  for (const [key, directive] of own) visit(key, extendFrom(directive, key, templates, 0));
  for (let i = 0; i < templates.length; i++) {
    for (const [key, directive] of templates[i] ?? []) {
      if (own.has(key) || anyHas(templates, i, key)) continue;
      visit(key, extendFrom(directive, key, templates, i + 1));
    }
  }
}

/** The directives of a block with its templates applied, as one map (used for templates only). */
export function inherit(own: Directives, templates: readonly Directives[]): Directives {
  if (templates.length === 0) return own;
  const out = new Map<string, Directive>();
  forEachDirective({ own, templates }, (key, directive) => out.set(key, directive));
  return out;
}

/** The most templates {@link TemplateResolver.isComplete} walks for one object. */
const MAX_WALK = 64;

interface Frame {
  readonly block: ObjectBlock;
  next: number;
  readonly resolvedTemplates: Directives[];
}

/** The template index and the memo of resolved templates and layers of one reading. */
export class TemplateResolver {
  readonly #diagnostics: Diagnostics;
  readonly #templates = new Map<ObjectType, Map<string, ObjectBlock>>();
  /** The directives of blocks with a template name, taken before the converter reuses their slots. */
  readonly #directives = new Map<ObjectBlock, Directives>();
  readonly #resolved = new Map<ObjectBlock, Directives>();
  readonly #inProgress = new Set<ObjectBlock>();
  /** Layers by object type and `use` list (the checker shares one list per `use` text). */
  readonly #layers = new Map<ObjectType, Map<readonly string[], TemplateLayer>>();

  /** Templates whose own templates are all known, through every level. */
  readonly #completeTemplates = new Set<ObjectBlock>();
  /**
   * The `use` list last found complete, and the type of its object: objects one after the other
   * mostly use the same templates (the checker shares one list per `use` text), and once
   * complete a list stays complete.
   */
  #completeUse: readonly string[] | null = null;
  #completeUseType: ObjectType | null = null;

  /** Templates become known as they are read, through {@link add}. */
  constructor(diagnostics: Diagnostics) {
    this.#diagnostics = diagnostics;
  }

  /** Knows `block` as a template from now on if it has a template name; a second of one name is reported. */
  add(block: ObjectBlock): void {
    if (block.templateName === null) return;
    this.#directives.set(block, directivesOf(block));
    let ofType = this.#templates.get(block.type);
    if (ofType === undefined) {
      ofType = new Map();
      this.#templates.set(block.type, ofType);
    }
    const name = block.templateName.name;
    const first = ofType.get(name);
    if (first === undefined) {
      ofType.set(name, block);
    } else {
      this.#diagnostics.error(
        { file: block.source.file, line: block.templateName.line },
        `${block.type} template '${name}' is defined twice (first at ${first.source.file}:${first.templateName?.line ?? first.source.line})`,
      );
    }
  }

  /**
   * Whether every template `block` uses, directly or through other templates, is known already:
   * then {@link layerOf} gives what it inherits now, as it would once every file is read (the
   * first template of a name wins, and templates read later cannot change it).
   */
  isComplete(block: ObjectBlock): boolean {
    const use = block.use;
    if (use === null) return true;
    if (use === this.#completeUse && block.type === this.#completeUseType) return true;
    const ofType = this.#templates.get(block.type);
    if (ofType === undefined) return false;
    const walked: ObjectBlock[] = [];
    const pending = [...use];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      const template = ofType.get(name);
      if (template === undefined) return false;
      if (this.#completeTemplates.has(template) || walked.includes(template)) continue;
      // A long chain of templates not known to be complete waits for the end, where resolving
      // is linear: walking it again for each object using it would be quadratic.
      if (walked.length === MAX_WALK) return false;
      walked.push(template);
      if (template.use !== null) pending.push(...template.use);
    }
    for (const template of walked) this.#completeTemplates.add(template);
    this.#completeUse = use;
    this.#completeUseType = block.type;
    return true;
  }

  /** The directives of a block with a template name (as written, templates not applied). */
  ownDirectives(block: ObjectBlock): Directives {
    let directives = this.#directives.get(block);
    if (directives === undefined) {
      directives = directivesOf(block);
      this.#directives.set(block, directives);
    }
    return directives;
  }

  /**
   * What `block` inherits, or `null` when it uses no template. Problems are reported as found;
   * a layer whose resolution found none is shared by every later block with the same `use`
   * list, so an object naming a missing template is still reported at its own line.
   */
  layerOf(block: ObjectBlock): TemplateLayer | null {
    if (block.use === null) return null;
    const known = this.#layers.get(block.type)?.get(block.use);
    if (known !== undefined) return known;
    const problems = this.#diagnostics.items.length;
    const templates = this.#templatesOf(block);
    if (templates.length === 0) return null;
    const directives = inherit(new Map(), templates);
    const sources = new Map<string, SourceRef>();
    for (const template of templates) {
      for (const [attr, directive] of template) {
        if (!sources.has(attr)) sources.set(attr, { file: directive.file, line: directive.line });
      }
    }
    const layer: TemplateLayer = { templates, directives, sources };
    if (this.#diagnostics.items.length === problems) {
      let ofType = this.#layers.get(block.type);
      if (ofType === undefined) {
        ofType = new Map();
        this.#layers.set(block.type, ofType);
      }
      ofType.set(block.use, layer);
    }
    return layer;
  }

  /**
   * The templates of `root`, each with its own templates applied, left-most first. Templates
   * met on the way are merged once and remembered.
   */
  #templatesOf(root: ObjectBlock): Directives[] {
    if (root.use === null) return [];
    const stack: Frame[] = [{ block: root, next: 0, resolvedTemplates: [] }];
    this.#inProgress.add(root);
    for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
      const use = top.block.use;
      if (use !== null && top.next < use.length) {
        const name = use[top.next++] ?? '';
        const template = this.#find(top.block, name, top.block.useLine);
        if (template === null) continue;
        const resolved =
          this.#resolved.get(template) ?? (template.use === null ? this.ownDirectives(template) : undefined);
        if (resolved !== undefined) {
          top.resolvedTemplates.push(resolved);
        } else if (this.#inProgress.has(template)) {
          this.#reportCycle(stack, template, top.block.useLine);
        } else {
          this.#inProgress.add(template);
          stack.push({ block: template, next: 0, resolvedTemplates: [] });
        }
        continue;
      }
      this.#inProgress.delete(top.block);
      stack.pop();
      const parent = stack.at(-1);
      if (parent === undefined) return top.resolvedTemplates;
      const merged = inherit(this.ownDirectives(top.block), top.resolvedTemplates);
      this.#resolved.set(top.block, merged);
      parent.resolvedTemplates.push(merged);
    }
    return [];
  }

  #find(user: ObjectBlock, name: string, line: number): ObjectBlock | null {
    const template = this.#templates.get(user.type)?.get(name);
    if (template !== undefined) return template;
    const known = this.#templates.get(user.type)?.keys() ?? [];
    let hint = didYouMean(name, known);
    if (hint === '') {
      const other = [...this.#templates].find(([, byName]) => byName.has(name))?.[0];
      if (other !== undefined) hint = ` (there is a ${other} template of that name, but templates are per object type)`;
    }
    this.#diagnostics.error({ file: user.source.file, line }, `unknown ${user.type} template '${name}'${hint}`);
    return null;
  }

  #reportCycle(stack: readonly Frame[], template: ObjectBlock, line: number): void {
    const from = stack.findIndex((frame) => frame.block === template);
    const names = stack.slice(from).map((frame) => frame.block.templateName?.name ?? '?');
    const top = stack.at(-1)?.block ?? template;
    this.#diagnostics.error(
      { file: top.source.file, line },
      `${template.type} template cycle: ${[...names, template.templateName?.name ?? '?'].join(' -> ')}`,
    );
  }
}
