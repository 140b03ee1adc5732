/**
 * The WebAssembly line scanner (wasm/nagios-lines.ts, built by `npm run build`) as the Nagios
 * reader uses it: an object file is read straight into the scanner's memory, and the parser gets
 * its text and, for a file of ASCII only, the records of its lines. One scanner reads one file
 * after another: a file's records are valid until the next file is read.
 *
 * A file with other characters is read as text alone (the records count bytes, the text
 * characters), and so is every file of a build without the compiled scanner: the parser then
 * looks at every character itself, as slower but the same.
 */
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { packagePath } from '../../lib/package-path.js';
import { readUtf8File } from '../../lib/read-utf8-file.js';
import { FIELDS, type LineRecords } from './line-records.js';

const COMPILED = packagePath('dist', 'wasm', 'nagios-lines.wasm');

/** Records per batch: a batch of 80 KB stays in the CPU's caches between scanner and parser. */
const BATCH = 4096;
const WASM_PAGE = 64 * 1024;
const MAX_SCANNED_BYTES = 1024 * 1024 * 1024;

/** What this module uses of the WebAssembly API (Node's type definitions for Node 20 have none). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
}
const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;

interface ScannerExports {
  readonly memory: WasmMemory;
  layout(bytes: number, recordCapacity: number): number;
  recordsAt(): number;
  start(): void;
  scan(): number;
}

/** What the parser reads of one file. */
export interface ScannedFile {
  readonly text: string;
  /** The line records, for a file of ASCII only. */
  readonly lines?: LineRecords;
}

let compiled: WasmModule | null | undefined;

/** The compiled scanner, or `null` when the build has none. */
function scannerModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(readFileSync(COMPILED));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether this build has the compiled scanner (without it every file is read as text alone). */
export function hasCompiledScanner(): boolean {
  return scannerModule() !== null;
}

/** Reads object files with one instance of the scanner. */
export class ObjectFileScanner {
  readonly #scanner: ScannerExports;
  /** Files read so far: only the last one's records can be asked for. */
  #files = 0;

  private constructor(scanner: ScannerExports) {
    this.#scanner = scanner;
  }

  /** A scanner, or `null` when the build has none. */
  static create(): ObjectFileScanner | null {
    const module = scannerModule();
    if (module === null) return null;
    return new ObjectFileScanner(new wasm.Instance(module, {}).exports as ScannerExports);
  }

  /** Reads the file at `path`; throws as readFileSync does. */
  read(path: string): ScannedFile {
    const fd = openSync(path, 'r');
    let size: number;
    try {
      size = fstatSync(fd).size;
      // The scanner counts in 32-bit integers; the reader refuses files far smaller than this
      // before reading them, so only a file grown since is read as text alone.
      if (size > MAX_SCANNED_BYTES) return { text: readUtf8File(path) };
      const bytes = this.#bytesFor(size);
      let read = 0;
      for (let n = -1; read < size && n !== 0; read += n) n = readSync(fd, bytes, read, size - read, read);
      // A file that shrank while it was read is scanned as far as it was read.
      if (read < size) this.#bytesFor((size = read));
    } finally {
      closeSync(fd);
    }
    return this.#scanned(size);
  }

  /** Scans `bytes`, the contents of a file. */
  scan(bytes: Uint8Array): ScannedFile {
    this.#bytesFor(bytes.length).set(bytes);
    return this.#scanned(bytes.length);
  }

  /** Lays out the scan of `size` bytes; returns where the bytes go. */
  #bytesFor(size: number): Uint8Array {
    const scanner = this.#scanner;
    const needed = scanner.layout(size, BATCH);
    const memory = scanner.memory;
    if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / WASM_PAGE));
    return new Uint8Array(memory.buffer, 0, size);
  }

  /** The text of the `size` bytes in place, with their records if they are all ASCII. */
  #scanned(size: number): ScannedFile {
    const scanner = this.#scanner;
    const bytes = Buffer.from(scanner.memory.buffer, 0, size);
    if (!isAscii(bytes)) return { text: bytes.toString('utf8') };
    scanner.start();
    const records = new Int32Array(scanner.memory.buffer, scanner.recordsAt(), BATCH * FIELDS);
    const file = ++this.#files;
    const next = (): number => {
      if (file !== this.#files) throw new Error('line records asked for after the next file was read');
      return scanner.scan();
    };
    return { text: bytes.toString('latin1'), lines: { records, next } };
  }
}
