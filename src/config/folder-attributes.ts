/**
 * Folder inheritance: a sub-folder of conf.d may set host attributes in its `folder.yaml`; the
 * hosts below inherit them, the nearest folder wins, and a host's own value wins over all.
 * Custom attributes and labels are inherited key by key.
 */
import type { AttributeValue, Definition } from './definition.js';
import { LayeredValues } from './layered-values.js';

/** What one folder (with its ancestors already merged in) gives its hosts. */
export interface FolderAttributes {
  /** Folder path below conf.d, `''` for the top. */
  readonly path: string;
  readonly title: string;
  readonly file: string | null;
  readonly values: ReadonlyMap<string, AttributeValue>;
  readonly lines: ReadonlyMap<string, number>;
  readonly customAttributes: ReadonlyMap<string, string>;
  readonly labels: ReadonlyMap<string, string>;
}

/** Host attributes a folder may not set: they name one host. */
export const HOST_ONLY_ATTRIBUTES: readonly string[] = ['host_name', 'alias', 'address', 'address6', 'display_name'];

/** The top folder, which gives nothing. */
export const ROOT_FOLDER: FolderAttributes = {
  path: '',
  title: 'Main',
  file: null,
  values: new Map(),
  lines: new Map(),
  customAttributes: new Map(),
  labels: new Map(),
};

/** A child folder's own attributes laid over its parent's: the nearer folder wins. */
export function inheritFolder(parent: FolderAttributes, child: FolderAttributes): FolderAttributes {
  return {
    ...child,
    values: new Map([...parent.values, ...child.values]),
    lines: new Map([...parent.lines, ...child.lines]),
    customAttributes: new Map([...parent.customAttributes, ...child.customAttributes]),
    labels: new Map([...parent.labels, ...child.labels]),
  };
}

/** A host definition with its folder's attributes filled in where the host sets none. */
export function applyFolder(host: Definition, folder: FolderAttributes): Definition {
  if (folder.values.size === 0 && folder.customAttributes.size === 0 && folder.labels.size === 0) return host;
  // 10,000 hosts of a folder share its map under their own values rather than each copying both.
  const layered = host.values instanceof LayeredValues ? host.values.over(folder.values) : null;
  return {
    type: host.type,
    source: host.source,
    values: layered ?? new Map([...folder.values, ...host.values]),
    // Inherited values point at the folder.yaml line in messages only through the folder file.
    lines: host.lines,
    ...(host.inherited === undefined ? {} : { inherited: host.inherited }),
    customAttributes: overlay(folder.customAttributes, host.customAttributes),
    labels: overlay(folder.labels, host.labels),
    timePeriodLines: host.timePeriodLines,
    folder: host.folder,
    ...(host.services === undefined ? {} : { services: host.services }),
  };
}

/** `own` over `inherited`, without a copy when nothing is inherited. */
function overlay(
  inherited: ReadonlyMap<string, string>,
  own: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  return inherited.size === 0 ? own : new Map([...inherited, ...own]);
}
