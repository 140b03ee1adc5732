/**
 * The NRPE packet formats, as the NRPE daemon and check_nrpe 4.x put them on the wire (all
 * integers big-endian):
 *
 * - v2: `int16 version, int16 type, uint32 crc32, int16 result_code, char buffer[1024]`, and the
 *   two bytes of padding a C compiler adds: always 1036 bytes. The text ends at its first NUL.
 * - v3/v4: `int16 version, int16 type, uint32 crc32, int16 result_code, int16 alignment,
 *   int32 buffer_length, char buffer[buffer_length]`. v4 sends the 16-byte header and the buffer;
 *   v3 also sends the 3 bytes of padding after a one-byte buffer member (19 + length bytes), so
 *   its CRC covers them too. The buffer holds the text and its NUL; a daemon accepts at most
 *   65536 bytes, and so does check_nrpe.
 *
 * The CRC-32 is zlib's, over the whole packet with the CRC field (and, in v3/v4, the alignment
 * field) zeroed. Queries are at least 1036 bytes in every version, as check_nrpe sends them, so
 * an old daemon reading a fixed v2 packet never waits for more. Pure: no I/O.
 */
import { crc32 } from 'node:zlib';

/** An NRPE packet version this client speaks. */
export type NrpeVersion = 2 | 3 | 4;

/** The size of a v2 packet, and the least a query of any version is padded to. */
export const NRPE_V2_PACKET_SIZE = 1036;
/** The text buffer of a v2 packet, its NUL included. */
export const NRPE_V2_BUFFER_SIZE = 1024;
/** The header of a v3/v4 packet, up to the buffer. */
export const NRPE_HEADER_SIZE = 16;
/** The largest v3/v4 buffer a daemon sends or accepts. */
export const NRPE_MAX_BUFFER = 65536;
/** The bytes a v3 packet carries after its buffer. */
const V3_TAIL = 3;

const QUERY_PACKET = 1;
const RESPONSE_PACKET = 2;

/** Fills padding; check_nrpe pads v2 packets with random bytes. */
export type PaddingSource = (size: number) => Buffer;

/**
 * The query packet asking for `query` (`command!arg1!arg2...`), or `null` when the query does
 * not fit the version's buffer (v2: 1023 bytes; v3/v4: 65535).
 */
export function encodeNrpeQuery(version: NrpeVersion, query: string, padding: PaddingSource): Buffer | null {
  const text = Buffer.from(query, 'utf8');
  if (version === 2) {
    if (text.length >= NRPE_V2_BUFFER_SIZE) return null;
    const packet = padding(NRPE_V2_PACKET_SIZE);
    writeCommonHeader(packet, version, QUERY_PACKET);
    text.copy(packet, 10);
    packet[10 + text.length] = 0;
    return withCrc(packet);
  }
  if (text.length >= NRPE_MAX_BUFFER) return null;
  const tail = version === 3 ? V3_TAIL : 0;
  const size = Math.max(NRPE_V2_PACKET_SIZE, NRPE_HEADER_SIZE + text.length + 1 + tail);
  const packet = Buffer.alloc(size);
  writeCommonHeader(packet, version, QUERY_PACKET);
  packet.writeInt32BE(size - NRPE_HEADER_SIZE - tail, 12);
  text.copy(packet, NRPE_HEADER_SIZE);
  return withCrc(packet);
}

/** Why a response could not be read: the name check_nrpe's message gives it. */
export type NrpeResponseError = 'version' | 'type' | 'length' | 'crc';

/** What the first 16 bytes of a response say about the rest. */
export type NrpeResponseHead =
  { readonly ok: true; readonly totalSize: number } | { readonly ok: false; readonly error: NrpeResponseError };

/**
 * Reads the first 16 bytes of a response to a `version` query: the size of the whole packet,
 * or why the packet is not a response of that version (checked before anything is allocated,
 * so a hostile length field costs nothing).
 */
export function readNrpeResponseHead(version: NrpeVersion, head: Buffer): NrpeResponseHead {
  if (head.readInt16BE(0) !== version) return { ok: false, error: 'version' };
  if (head.readInt16BE(2) !== RESPONSE_PACKET) return { ok: false, error: 'type' };
  if (version === 2) return { ok: true, totalSize: NRPE_V2_PACKET_SIZE };
  const length = head.readInt32BE(12);
  if (length < 0 || length > NRPE_MAX_BUFFER) return { ok: false, error: 'length' };
  return { ok: true, totalSize: NRPE_HEADER_SIZE + length };
}

/** A response the daemon sent: the command's result code and its text. */
export type NrpeResponse =
  | { readonly ok: true; readonly resultCode: number; readonly text: string }
  | { readonly ok: false; readonly error: NrpeResponseError };

/** Decodes a whole response packet (as sized by `readNrpeResponseHead`) and checks its CRC. */
export function decodeNrpeResponse(version: NrpeVersion, packet: Buffer): NrpeResponse {
  const head = readNrpeResponseHead(version, packet.subarray(0, NRPE_HEADER_SIZE));
  if (!head.ok) return head;
  // v3's CRC covers its 3 trailing bytes; check_nrpe counts them as zeros and so do daemons.
  const covered = Buffer.alloc(version === 3 ? head.totalSize + V3_TAIL : head.totalSize);
  packet.copy(covered, 0, 0, head.totalSize);
  const sent = covered.readUInt32BE(4);
  covered.writeUInt32BE(0, 4);
  if (version !== 2) covered.writeInt16BE(0, 10);
  if (crc32(covered) !== sent) return { ok: false, error: 'crc' };
  const buffer =
    version === 2
      ? packet.subarray(10, 10 + NRPE_V2_BUFFER_SIZE - 1)
      : packet.subarray(NRPE_HEADER_SIZE, head.totalSize);
  const end = buffer.indexOf(0);
  return {
    ok: true,
    resultCode: packet.readInt16BE(8),
    text: (end < 0 ? buffer : buffer.subarray(0, end)).toString('utf8'),
  };
}

/** Builds a response packet, as a daemon does; for tests and fake daemons. */
export function encodeNrpeResponse(version: NrpeVersion, resultCode: number, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (version === 2) {
    const packet = Buffer.alloc(NRPE_V2_PACKET_SIZE);
    writeCommonHeader(packet, version, RESPONSE_PACKET);
    packet.writeInt16BE(resultCode, 8);
    bytes.copy(packet, 10, 0, NRPE_V2_BUFFER_SIZE - 1);
    return withCrc(packet);
  }
  const tail = version === 3 ? V3_TAIL : 0;
  const packet = Buffer.alloc(NRPE_HEADER_SIZE + bytes.length + 1 + tail);
  writeCommonHeader(packet, version, RESPONSE_PACKET);
  packet.writeInt16BE(resultCode, 8);
  packet.writeInt32BE(bytes.length + 1, 12);
  bytes.copy(packet, NRPE_HEADER_SIZE);
  return withCrc(packet);
}

/** The query text of a query packet, or `null` when it is not a valid query; for fake daemons. */
export function decodeNrpeQuery(packet: Buffer): { version: NrpeVersion; query: string } | null {
  if (packet.length < NRPE_V2_PACKET_SIZE) return null;
  const version = packet.readInt16BE(0);
  if ((version !== 2 && version !== 3 && version !== 4) || packet.readInt16BE(2) !== QUERY_PACKET) return null;
  const covered = Buffer.from(packet);
  const sent = covered.readUInt32BE(4);
  covered.writeUInt32BE(0, 4);
  if (crc32(covered) !== sent) return null;
  const buffer =
    version === 2
      ? packet.subarray(10, 10 + NRPE_V2_BUFFER_SIZE)
      : packet.subarray(NRPE_HEADER_SIZE, NRPE_HEADER_SIZE + packet.readInt32BE(12));
  const end = buffer.indexOf(0);
  return { version, query: (end < 0 ? buffer : buffer.subarray(0, end)).toString('utf8') };
}

/** The size of a query packet of `version` from its first 16 bytes; for fake daemons. */
export function nrpeQuerySize(head: Buffer): number | null {
  const version = head.readInt16BE(0);
  if (version === 2) return NRPE_V2_PACKET_SIZE;
  if (version !== 3 && version !== 4) return null;
  const length = head.readInt32BE(12);
  if (length < 0 || length > NRPE_MAX_BUFFER) return null;
  return NRPE_HEADER_SIZE + length + (version === 3 ? V3_TAIL : 0);
}

function writeCommonHeader(packet: Buffer, version: NrpeVersion, type: number): void {
  packet.writeInt16BE(version, 0);
  packet.writeInt16BE(type, 2);
  packet.writeUInt32BE(0, 4);
  packet.writeInt16BE(0, 8);
}

function withCrc(packet: Buffer): Buffer {
  packet.writeUInt32BE(0, 4);
  packet.writeUInt32BE(crc32(packet), 4);
  return packet;
}
