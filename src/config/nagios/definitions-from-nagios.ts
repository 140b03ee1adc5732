/**
 * The Nagios object configuration reader as a pure function: the texts of the object files in,
 * definitions out. Parsing, name checks, template inheritance (across all files together, as
 * Nagios does) and value conversion, in that order.
 */
import type { Definition } from '../definition.js';
import type { Diagnostics } from '../diagnostic.js';
import { BlockChecker } from './block-checker.js';
import type { LineRecords } from './line-records.js';
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
  /** The records a line scanner made of `text`, if one did. */
  readonly lines?: LineRecords;
}

/** Options of {@link definitionsFromNagios}. */
export interface NagiosReadOptions {
  /** Seconds per interval unit: nagios.cfg's interval_length, 60 by default in Nagios. */
  readonly intervalLength: number;
  readonly diagnostics: Diagnostics;
}

/**
 * Reads the definitions of several object files, which may use each other's templates. An
 * object whose templates are all known when it is read (templates mostly come first) becomes
 * its definition at once, and its block is garbage while still young; one that waits for a
 * template read later keeps its place and is converted once every file is read. Files are
 * taken from `files` one at a time, each read whole before the next is asked for.
 */
export function definitionsFromNagios(files: Iterable<ObjectFileText>, options: NagiosReadOptions): Definition[] {
  const values = new SharedValues(options.intervalLength);
  const checker = new BlockChecker(values, options.diagnostics);
  const resolver = new TemplateResolver(options.diagnostics);
  const converter = new DefinitionConverter(values, resolver, options.diagnostics);
  const read: (Definition | ObjectBlock)[] = [];
  const folders = new Map<string, string>();
  for (const { file, text, folder, lines } of files) {
    folders.set(file, folder);
    parseObjectBlocks(
      text,
      file,
      options.diagnostics,
      (raw) => {
        const block = checker.check(raw);
        if (block === null) return;
        resolver.add(block);
        if (!block.register) return;
        // A template that is an object too waits: later objects may still inherit its texts.
        const now = block.templateName === null && resolver.isComplete(block);
        read.push(now ? converter.convert(block, resolver.layerOf(block), folder) : block);
      },
      lines,
    );
  }
  for (let i = 0; i < read.length; i++) {
    const item = read[i];
    if (item !== undefined && isBlock(item)) {
      read[i] = converter.convert(item, resolver.layerOf(item), folders.get(item.source.file) ?? '');
    }
  }
  return read as Definition[];
}

function isBlock(item: Definition | ObjectBlock): item is ObjectBlock {
  return 'slots' in item;
}
