/**
 * Group membership, declared from either side (a group's `members`, a member's `hostgroups`)
 * and through nested groups (`hostgroup_members`), resolved into one member list per group.
 */
import { didYouMean } from '../lib/did-you-mean.js';
import type { Diagnostics } from './diagnostic.js';
import { attributeSource, type Definition } from './definition.js';
import { listOf } from './definition-values.js';
import { expandNames } from './expand-names.js';

/** How one kind of group is declared. Members are plain names (hosts, contacts). */
export interface GroupKind {
  /** `host group`, for messages. */
  readonly label: string;
  /** `host`, for messages. */
  readonly memberLabel: string;
  readonly groups: ReadonlyMap<string, Definition>;
  readonly members: ReadonlyMap<string, Definition>;
  /** On a member: the groups it joins (`hostgroups`). */
  readonly memberSideAttr: string;
  /** On a group: nested groups (`hostgroup_members`). */
  readonly nestedAttr: string;
}

/** Members of each group, in the order the members were defined. */
export type Membership = Map<string, Set<string>>;

/**
 * Resolves the members of every group of `kind`. Unknown names are errors at the line that
 * named them; nested groups that form a cycle are an error naming the cycle.
 */
export function resolveGroups(kind: GroupKind, diags: Diagnostics): Membership {
  const memberNames = new Set(kind.members.keys());
  const groupNames = new Set(kind.groups.keys());
  const direct: Membership = new Map();
  for (const name of kind.groups.keys()) direct.set(name, new Set());

  for (const [name, def] of kind.groups) {
    const items = listOf(def, 'members');
    if (items === undefined) continue;
    const expansion = expandNames(items, memberNames);
    for (const unknown of expansion.unknown) {
      diags.error(
        attributeSource(def, 'members'),
        `${kind.label} '${name}': unknown ${kind.memberLabel} '${unknown}'${didYouMean(unknown, memberNames)}`,
      );
    }
    const set = direct.get(name);
    for (const member of expansion.names) set?.add(member);
  }

  for (const [memberName, def] of kind.members) {
    for (const group of listOf(def, kind.memberSideAttr) ?? []) {
      const set = direct.get(group);
      if (set === undefined) {
        diags.error(
          attributeSource(def, kind.memberSideAttr),
          `${kind.memberLabel} '${memberName}': unknown ${kind.label} '${group}'${didYouMean(group, groupNames)}`,
        );
      } else {
        set.add(memberName);
      }
    }
  }

  return resolveNested(kind, direct, diags);
}

/** Names a cycle in a message: all of a short one, the ends of a long one. */
export function describeCycle(names: readonly string[]): string {
  if (names.length <= 12) return names.join(' → ');
  return `${names.slice(0, 5).join(' → ')} → … (${names.length - 10} more) → ${names.slice(-5).join(' → ')}`;
}

/**
 * Adds the members of nested groups, depth first, reporting each cycle once. Iterative: a chain
 * of 100,000 nested groups must not overflow the stack.
 */
export function resolveNested<M>(
  kind: Pick<GroupKind, 'label' | 'groups' | 'nestedAttr'>,
  direct: Map<string, Set<M>>,
  diags: Diagnostics,
): Map<string, Set<M>> {
  const resolved = new Map<string, Set<M>>();
  const onPath = new Map<string, number>();
  const path: string[] = [];

  for (const start of kind.groups.keys()) {
    if (resolved.has(start)) continue;
    const stack: { name: string; nested: readonly string[]; next: number; own: Set<M> }[] = [];
    const enter = (name: string): void => {
      const def = kind.groups.get(name);
      stack.push({
        name,
        nested: def === undefined ? [] : (listOf(def, kind.nestedAttr) ?? []),
        next: 0,
        own: new Set(direct.get(name) ?? []),
      });
      onPath.set(name, path.length);
      path.push(name);
    };
    enter(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      if (top.next < top.nested.length) {
        const nested = top.nested[top.next++] ?? '';
        const def = kind.groups.get(top.name);
        const where = def === undefined ? { file: '', line: 0 } : attributeSource(def, kind.nestedAttr);
        if (!kind.groups.has(nested)) {
          diags.error(
            where,
            `${kind.label} '${top.name}': unknown ${kind.label} '${nested}'${didYouMean(nested, kind.groups.keys())}`,
          );
          continue;
        }
        const done = resolved.get(nested);
        if (done !== undefined) {
          for (const member of done) top.own.add(member);
          continue;
        }
        const cycleStart = onPath.get(nested);
        if (cycleStart !== undefined) {
          diags.error(
            where,
            `${kind.label} '${nested}' contains itself: ${describeCycle([...path.slice(cycleStart), nested])}`,
          );
          continue;
        }
        enter(nested);
      } else {
        stack.pop();
        path.pop();
        onPath.delete(top.name);
        resolved.set(top.name, top.own);
        const parent = stack[stack.length - 1];
        if (parent !== undefined) for (const member of top.own) parent.own.add(member);
      }
    }
  }
  return resolved;
}

/** Inverts a membership: for each member, the groups it belongs to, in group order. */
export function groupsOfMembers<M>(membership: ReadonlyMap<string, ReadonlySet<M>>): Map<M, string[]> {
  const out = new Map<M, string[]>();
  for (const [group, members] of membership) {
    for (const member of members) {
      const list = out.get(member);
      if (list === undefined) out.set(member, [group]);
      else list.push(group);
    }
  }
  return out;
}
