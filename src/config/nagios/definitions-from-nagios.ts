/**
 * The Nagios object configuration reader as a pure function: the texts of the object files in,
 * definitions out. Parsing, name checks, template inheritance (across all files together, as
 * Nagios does) and value conversion, in that order.
 */
import type { Definition } from '../definition.js';
import type { Diagnostics } from '../diagnostic.js';
import { BlockChecker } from './block-checker.js';
import type { ObjectBlock } from './object-block.js';
import { parseObjectBlocks } from './parse-object-file.js';
import { TemplateResolver } from './templates.js';
import { DefinitionConverter } from './definition-converter.js';
import { SharedValues } from './shared-values.js';

/** The text of one object file. */
export interface ObjectFileText {
  /** The name of the file in sources and messages. */
  readonly file: string;
  readonly text: string;
  /** The folder its definitions belong to (`''` for the top). */
  readonly folder: string;
}

/** Options of {@link definitionsFromNagios}. */
export interface NagiosReadOptions {
  /** Seconds per interval unit: nagios.cfg's interval_length, 60 by default in Nagios. */
  readonly intervalLength: number;
  readonly diagnostics: Diagnostics;
}

/** Reads the definitions of several object files, which may use each other's templates. */
export function definitionsFromNagios(files: readonly ObjectFileText[], options: NagiosReadOptions): Definition[] {
  const values = new SharedValues(options.intervalLength);
  const checker = new BlockChecker(values, options.diagnostics);
  const blocks: ObjectBlock[] = [];
  const folders = new Map<string, string>();
  for (const { file, text, folder } of files) {
    folders.set(file, folder);
    parseObjectBlocks(text, file, options.diagnostics, (raw) => {
      const block = checker.check(raw);
      if (block !== null) blocks.push(block);
    });
  }
  const resolver = new TemplateResolver(blocks, options.diagnostics);
  const converter = new DefinitionConverter(values, resolver, options.diagnostics);
  const definitions: Definition[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (block === undefined || !block.register) continue;
    const layer = resolver.layerOf(block);
    definitions.push(converter.convert(block, layer, folders.get(block.source.file) ?? ''));
  }
  return definitions;
}
