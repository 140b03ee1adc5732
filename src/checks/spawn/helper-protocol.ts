/**
 * The byte protocol between the site and its spawn helper (native/spawn-helper.c, whose header
 * comment is the reference). Little-endian integers; every frame starts with a u32 byte count.
 * Pure: encoders build buffers, the decoder turns a byte stream cut anywhere into results.
 */

/** The helper's first bytes: a magic word and the protocol version, so a stale build is caught. */
export const HELPER_MAGIC = 'WPSH';
/** The protocol version this side speaks; the helper must announce the same. */
export const HELPER_PROTOCOL_VERSION = 1;

/** What the site asks a helper to run. */
export interface RunFrame {
  /** Chosen by the site, unique among the helper's running plugins. */
  readonly id: number;
  /** Program and arguments; the program is looked up in the helper's `PATH` when it has no slash. */
  readonly argv: readonly string[];
  /** `NAME=value` strings: the plugin's whole environment. */
  readonly env: readonly string[];
  readonly timeoutMs: number;
}

/** How a plugin run by the helper ended. */
export type HelperEnd =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signaled'; readonly signal: number }
  | { readonly kind: 'not-started'; readonly errno: number; readonly message: string };

/** One result frame from the helper. */
export interface HelperResult {
  readonly id: number;
  readonly end: HelperEnd;
  /** The helper killed the plugin's group at its timeout. */
  readonly timedOut: boolean;
  /** The site cancelled the plugin (or the helper was stopping) and its group was killed. */
  readonly cancelled: boolean;
  readonly stdoutTruncated: boolean;
  readonly stderrTruncated: boolean;
  /** The plugin exited but something it started held the pipes open past the grace. */
  readonly closedAfterGrace: boolean;
  /** Wall-clock microseconds since the epoch. */
  readonly startUs: number;
  readonly endUs: number;
  /** CPU the plugin used (with the children it waited for), in microseconds. */
  readonly userCpuUs: number;
  readonly systemCpuUs: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

const RUN = 1;
const CANCEL = 2;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
/** Bytes of a result frame before its output: id, how, flags, value, four u64 and the stdout length. */
const RESULT_FIXED = 4 + 1 + 1 + 4 + 8 * 4 + 4;
/** A result frame above this is not the helper speaking: it caps output at 4 GiB anyway. */
const MAX_RESULT_BYTES = 256 * 1024 * 1024;

/** The frame that asks the helper to run one plugin. */
export function encodeRun(frame: RunFrame): Buffer {
  if (frame.argv.length === 0 || frame.argv.length > U16_MAX || frame.env.length > U16_MAX) {
    throw new Error(`run frame ${frame.id}: argv needs 1..${U16_MAX} words and env at most ${U16_MAX}`);
  }
  // Measured, then written in place: one buffer per frame, no buffer per string (this runs for every check).
  let length = 1 + 4 + 4 + 2 + 2;
  for (const s of frame.argv) length += 4 + Buffer.byteLength(s, 'utf8');
  for (const s of frame.env) length += 4 + Buffer.byteLength(s, 'utf8');
  const out = Buffer.allocUnsafe(4 + length);
  let at = out.writeUInt32LE(length, 0);
  at = out.writeUInt8(RUN, at);
  at = out.writeUInt32LE(frame.id >>> 0, at);
  at = out.writeUInt32LE(Math.min(U32_MAX, Math.max(0, Math.round(frame.timeoutMs))), at);
  at = out.writeUInt16LE(frame.argv.length, at);
  at = out.writeUInt16LE(frame.env.length, at);
  for (const s of frame.argv) at = putString(out, at, s);
  for (const s of frame.env) at = putString(out, at, s);
  return out;
}

/** Writes `s` at `at` as u32 length and UTF-8 bytes; returns where the next field starts. */
function putString(out: Buffer, at: number, s: string): number {
  const written = out.write(s, at + 4, 'utf8');
  out.writeUInt32LE(written, at);
  return at + 4 + written;
}

/** The frame that ends a running plugin's group; an id that finished already is ignored. */
export function encodeCancel(id: number): Buffer {
  const out = Buffer.allocUnsafe(9);
  out.writeUInt32LE(5, 0);
  out.writeUInt8(CANCEL, 4);
  out.writeUInt32LE(id >>> 0, 5);
  return out;
}

/** What one chunk of helper output yielded: the results it completed, or why the stream is broken. */
export type DecodeStep =
  { readonly ok: true; readonly results: readonly HelperResult[] } | { readonly ok: false; readonly error: string };

function u64(buffer: Buffer, at: number): number {
  return buffer.readUInt32LE(at) + buffer.readUInt32LE(at + 4) * 2 ** 32;
}

function decodeResult(frame: Buffer): HelperResult | string {
  if (frame.length < RESULT_FIXED) return `result frame of ${frame.length} bytes is too short`;
  const how = frame.readUInt8(4);
  const flags = frame.readUInt8(5);
  const value = frame.readInt32LE(6);
  const stdoutLength = frame.readUInt32LE(RESULT_FIXED - 4);
  const stderrAt = RESULT_FIXED + stdoutLength;
  if (stderrAt + 4 > frame.length) return 'result frame: stdout runs past the frame';
  const stderrLength = frame.readUInt32LE(stderrAt);
  if (stderrAt + 4 + stderrLength !== frame.length) return 'result frame: stderr does not end the frame';
  const stdout = frame.subarray(RESULT_FIXED, stderrAt);
  const stderr = frame.subarray(stderrAt + 4);
  let end: HelperEnd;
  if (how === 0) end = { kind: 'exited', code: value };
  else if (how === 1) end = { kind: 'signaled', signal: value };
  else if (how === 2) end = { kind: 'not-started', errno: value, message: stderr.toString('utf8') };
  else return `result frame: unknown end ${how}`;
  return {
    id: frame.readUInt32LE(0),
    end,
    timedOut: (flags & 1) !== 0,
    cancelled: (flags & 2) !== 0,
    stdoutTruncated: (flags & 4) !== 0,
    stderrTruncated: (flags & 8) !== 0,
    closedAfterGrace: (flags & 16) !== 0,
    startUs: u64(frame, 10),
    endUs: u64(frame, 18),
    userCpuUs: u64(frame, 26),
    systemCpuUs: u64(frame, 34),
    stdout,
    stderr: how === 2 ? Buffer.alloc(0) : stderr,
  };
}

/**
 * Reads the helper's stdout: first the greeting, then result frames. Feed it chunks as they come;
 * after an error the stream is broken for good and the helper should be stopped.
 */
export class HelperOutputDecoder {
  #pending: Buffer = Buffer.alloc(0);
  #greeted = false;
  #broken: string | null = null;

  /** Whether the helper's greeting has arrived and was right. */
  greeted(): boolean {
    return this.#greeted && this.#broken === null;
  }

  /** Consumes one chunk of the helper's stdout. */
  push(chunk: Buffer): DecodeStep {
    if (this.#broken !== null) return { ok: false, error: this.#broken };
    let data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    if (!this.#greeted) {
      if (data.length < 8) {
        this.#pending = data;
        return { ok: true, results: [] };
      }
      const magic = data.toString('latin1', 0, 4);
      const version = data.readUInt32LE(4);
      if (magic !== HELPER_MAGIC || version !== HELPER_PROTOCOL_VERSION) {
        return this.#fail(
          `it greets with ${JSON.stringify(magic)} version ${version}, not ${HELPER_MAGIC} version ${HELPER_PROTOCOL_VERSION}`,
        );
      }
      this.#greeted = true;
      data = data.subarray(8);
    }
    const results: HelperResult[] = [];
    let at = 0;
    while (data.length - at >= 4) {
      const length = data.readUInt32LE(at);
      if (length > MAX_RESULT_BYTES) return this.#fail(`result frame of ${length} bytes is too large`);
      if (data.length - at - 4 < length) break;
      const decoded = decodeResult(data.subarray(at + 4, at + 4 + length));
      if (typeof decoded === 'string') return this.#fail(decoded);
      results.push(decoded);
      at += 4 + length;
    }
    // A partial frame is copied: a view would keep the whole chunk alive until the frame completes.
    this.#pending = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
    return { ok: true, results };
  }

  #fail(error: string): DecodeStep {
    this.#broken = error;
    this.#pending = Buffer.alloc(0);
    return { ok: false, error };
  }
}
