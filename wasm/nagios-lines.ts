// The line scanner of Nagios object files, in AssemblyScript (compiled to WebAssembly by
// `npm run build`; see scripts/build-wasm.mjs). It reads the bytes of an ASCII file and writes one
// record per line worth reading (see src/config/nagios/line-records.ts), so that the parser only
// cuts out names and values instead of looking at every character itself. Sixteen bytes at a
// step, it scans a 24 MB file in some 35 ms.
//
// The scanner only sorts lines; every rule of the format stays with the parser. A plain
// `name value` line gets a record with where its name and value are, and the name numbered:
// each distinct name is cut out once. Every other line goes to the parser's general path as a
// LINE record (a `define` line and a `}` alone as DEFINE and CLOSE, without their blanks),
// and lines the line reader must see (a continued line and the lines it continues
// into, control characters, a line too long) go to it, whole, as a REGION record.
//
// Memory: the file's bytes from 0, then the records, then the table of names.

/** Record fields (32-bit integers). */
const FIELDS: i32 = 5;
/** `kind` of a line for the parser's general path. */
const LINE: i32 = -2;
/** `kind` of lines for the line reader. */
const REGION: i32 = -3;
/** `kind` of a line that is `}` alone. */
const CLOSE: i32 = -4;
/** `kind` of a line that starts with `define` (without `;`). */
const DEFINE: i32 = -5;
/** `kind` of a name that was not numbered: the parser cuts it out itself. */
const UNNUMBERED: i32 = -1;

/** The longest line read, in bytes, as MAX_LINE_BYTES in scan-lines.ts. */
const MAX_LINE_BYTES: i32 = 65536;

/** Slots of the table of names (a power of two); at most half of them are used. */
const NAME_SLOTS: i32 = 2048;
/** Longer names are not numbered: no directive of Nagios is near as long. */
const MAX_NAME_BYTES: i32 = 64;
/** A slot: hash, start, length, number + 1 (0: free). */
const SLOT_BYTES: i32 = 16;
/** Slots looked at for one name before it is left unnumbered: names made to collide cost no more. */
const MAX_PROBES: i32 = 32;

let size: i32 = 0;
let position: i32 = 0;
let lineNumber: i32 = 0;
let records: i32 = 0;
let capacity: i32 = 0;
let nameTable: i32 = 0;
let names: i32 = 0;

/**
 * Lays out the scan of a file of `bytes` bytes with room for `recordCapacity` records per call of
 * {@link scan}; returns the memory it needs. The caller grows the memory, puts the file's bytes at
 * 0 and calls {@link start}. One instance scans one file after another.
 */
export function layout(bytes: i32, recordCapacity: i32): i32 {
  size = bytes;
  capacity = recordCapacity;
  records = (bytes + 15) & ~15;
  nameTable = records + recordCapacity * FIELDS * 4;
  return nameTable + NAME_SLOTS * SLOT_BYTES;
}

/** Where the records are. */
export function recordsAt(): i32 {
  return records;
}

/** Starts the scan at the top of the file. */
export function start(): void {
  position = 0;
  lineNumber = 0;
  names = 0;
  memory.fill(nameTable, 0, NAME_SLOTS * SLOT_BYTES);
}

function byteAt(at: i32): i32 {
  return <i32>load<u8>(at);
}

/** Space, tab and carriage return: the blanks around names and values that are not control characters. */
function isBlank(c: i32): bool {
  return c == 32 || c == 9 || c == 13;
}

/** A hash of `[from, to)`, four bytes at a step. */
function hashOf(from: i32, to: i32): u32 {
  let hash: u32 = 2166136261 ^ (<u32>(to - from));
  let at = from;
  for (; at + 4 <= to; at += 4) hash = rotl<u32>((hash ^ load<u32>(at)) * 16777619, 13);
  for (; at < to; at++) hash = (hash ^ (<u32>byteAt(at))) * 16777619;
  return hash ^ (hash >> 16);
}

/** The number of the name `[from, to)`, numbering it if new; UNNUMBERED when it is too long or the table full. */
function nameNumber(from: i32, to: i32): i32 {
  const length = to - from;
  if (length > MAX_NAME_BYTES) return UNNUMBERED;
  const hash = hashOf(from, to);
  let slot = <i32>(hash & (<u32>(NAME_SLOTS - 1)));
  for (let probe = 0; probe < MAX_PROBES; probe++) {
    const entry = nameTable + slot * SLOT_BYTES;
    const number = load<i32>(entry, 12);
    if (number == 0) {
      if (names >= NAME_SLOTS >> 1) return UNNUMBERED;
      store<u32>(entry, hash, 0);
      store<i32>(entry, from, 4);
      store<i32>(entry, length, 8);
      store<i32>(entry, ++names, 12);
      return names - 1;
    }
    if (
      load<u32>(entry, 0) == hash &&
      load<i32>(entry, 8) == length &&
      memory.compare(load<i32>(entry, 4), from, length) == 0
    ) {
      return number - 1;
    }
    slot = (slot + 1) & (NAME_SLOTS - 1);
  }
  return UNNUMBERED;
}

function emit(at: i32, kind: i32, from: i32, valueStart: i32, to: i32, line: i32): void {
  const record = records + at * FIELDS * 4;
  store<i32>(record, kind, 0);
  store<i32>(record, from, 4);
  store<i32>(record, valueStart, 8);
  store<i32>(record, to, 12);
  store<i32>(record, line, 16);
}

/** The end of the physical line at `from`, without its CR LF or LF. */
function contentEnd(from: i32, newline: i32): i32 {
  return newline > from && byteAt(newline - 1) == 13 ? newline - 1 : newline;
}

/** Whether the line `[from, stop)` ends with a backslash that continues it (not an escaped `\\`). */
function continues(from: i32, stop: i32): bool {
  return stop > from && byteAt(stop - 1) == 92 && !(stop - 1 > from && byteAt(stop - 2) == 92);
}

/** Whether `[at, stop)` starts with `define`. */
function startsWithDefine(at: i32, stop: i32): bool {
  return (
    stop - at >= 6 &&
    byteAt(at) == 100 &&
    byteAt(at + 1) == 101 &&
    byteAt(at + 2) == 102 &&
    byteAt(at + 3) == 105 &&
    byteAt(at + 4) == 110 &&
    byteAt(at + 5) == 101
  );
}

/** Whether the line {@link lineEnd} found last holds control characters, and `;`. */
let lineHasControl = false;
let lineHasSemicolon = false;

/**
 * The position of the line feed that ends the physical line at `from` (`size` for the last line
 * without one); notes whether the line holds control characters or `;`. Sixteen bytes at a step.
 */
function lineEnd(from: i32): i32 {
  let at = from;
  let control = false;
  let semicolon = false;
  while (at + 16 <= size) {
    const bytes = v128.load(at);
    const newlines = i8x16.bitmask(i8x16.eq(bytes, i8x16.splat(10)));
    const allowed = v128.or(
      v128.or(i8x16.eq(bytes, i8x16.splat(9)), i8x16.eq(bytes, i8x16.splat(13))),
      i8x16.eq(bytes, i8x16.splat(10)),
    );
    const controls = v128.or(
      v128.andnot(i8x16.lt_u(bytes, i8x16.splat(32)), allowed),
      i8x16.eq(bytes, i8x16.splat(127)),
    );
    // Only the bytes before the line feed belong to this line.
    const mine = newlines == 0 ? 0xffff : (newlines & -newlines) - 1;
    if ((i8x16.bitmask(controls) & mine) != 0) control = true;
    if ((i8x16.bitmask(i8x16.eq(bytes, i8x16.splat(59))) & mine) != 0) semicolon = true;
    if (newlines != 0) {
      lineHasControl = control;
      lineHasSemicolon = semicolon;
      return at + ctz(newlines);
    }
    at += 16;
  }
  while (at < size) {
    const c = byteAt(at);
    if (c == 10) break;
    if (c < 32) {
      if (c != 9 && c != 13) control = true;
    } else if (c == 59) semicolon = true;
    else if (c == 127) control = true;
    at++;
  }
  lineHasControl = control;
  lineHasSemicolon = semicolon;
  return at;
}

/** The blanks among sixteen bytes, as bits. */
function blanksOf(bytes: v128): i32 {
  return i8x16.bitmask(
    v128.or(
      v128.or(i8x16.eq(bytes, i8x16.splat(32)), i8x16.eq(bytes, i8x16.splat(9))),
      i8x16.eq(bytes, i8x16.splat(13)),
    ),
  );
}

/** The first position in `[at, to)` that is a blank (`blank`) or not (`!blank`), else `to`. */
function skip(at: i32, to: i32, blank: bool): i32 {
  while (at < to) {
    if (at + 16 <= size) {
      const found = blank ? blanksOf(v128.load(at)) : ~blanksOf(v128.load(at)) & 0xffff;
      if (found != 0) return min(at + ctz(found), to);
      at += 16;
    } else {
      if (isBlank(byteAt(at)) == blank) return at;
      at++;
    }
  }
  return to;
}

/**
 * Writes the records of the next lines, at most the capacity; returns how many it wrote, 0 at
 * the end of the file. Lines without anything to read (blank, `#` comments) get no record.
 */
export function scan(): i32 {
  let count = 0;
  while (position < size && count < capacity) {
    const from = position;
    const newline = lineEnd(from);
    lineNumber++;
    position = newline + 1;
    const stop = contentEnd(from, newline);
    const continued = stop > from && byteAt(stop - 1) == 92;
    if (lineHasControl || continued || stop - from > MAX_LINE_BYTES) {
      const first = lineNumber;
      let more = continues(from, stop);
      while (more && position < size) {
        const next = position;
        const end = lineEnd(next);
        lineNumber++;
        position = end + 1;
        more = continues(next, contentEnd(next, end));
      }
      emit(count++, REGION, from, 0, position < size ? position : size, first);
      continue;
    }
    const at = skip(from, stop, false);
    if (at == stop) continue;
    const first = byteAt(at);
    if (first == 35) continue;
    let to = stop;
    while (to > at && isBlank(byteAt(to - 1))) to--;
    if (lineHasSemicolon || first == 123 || first == 125 || startsWithDefine(at, stop)) {
      let kind = LINE;
      if (!lineHasSemicolon) kind = first == 125 ? (to == at + 1 ? CLOSE : LINE) : first == 100 ? DEFINE : LINE;
      if (kind == LINE) emit(count++, LINE, from, 0, stop, lineNumber);
      else emit(count++, kind, at, 0, to, lineNumber);
      continue;
    }
    const nameEnd = skip(at, to, true);
    const valueStart = skip(nameEnd, to, false);
    emit(count++, nameNumber(at, nameEnd), at, valueStart, to, lineNumber);
  }
  return count;
}
