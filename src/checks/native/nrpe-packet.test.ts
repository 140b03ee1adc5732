import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import {
  decodeNrpeQuery,
  decodeNrpeResponse,
  encodeNrpeQuery,
  encodeNrpeResponse,
  NRPE_V2_PACKET_SIZE,
  readNrpeResponseHead,
  type NrpeVersion,
} from './nrpe-packet.js';

const zeros = (size: number): Buffer => Buffer.alloc(size);
const sevens = (size: number): Buffer => Buffer.alloc(size, 7);

test('encodeNrpeQuery() lays out queries as check_nrpe 4.x does', () => {
  const cases: [NrpeVersion, string, number, number | null][] = [
    // version, query, packet size, buffer_length field (v3/v4)
    [2, 'check_load', 1036, null],
    [3, 'check_load', 1036, 1036 - 19],
    [4, 'check_load', 1036, 1036 - 16],
    [4, 'x'.repeat(2000), 16 + 2001, 2001],
    [3, 'x'.repeat(2000), 19 + 2001, 2001],
  ];
  for (const [version, query, size, bufferLength] of cases) {
    const packet = encodeNrpeQuery(version, query, zeros);
    assert.ok(packet !== null);
    assert.equal(packet.length, size, `v${version} size`);
    assert.equal(packet.readInt16BE(0), version);
    assert.equal(packet.readInt16BE(2), 1, 'query packet type');
    const offset = version === 2 ? 10 : 16;
    if (bufferLength !== null) assert.equal(packet.readInt32BE(12), bufferLength);
    assert.equal(packet.subarray(offset, offset + query.length).toString(), query);
    assert.equal(packet[offset + query.length], 0, 'NUL-terminated');
    const copy = Buffer.from(packet);
    copy.writeUInt32BE(0, 4);
    assert.equal(packet.readUInt32BE(4), crc32(copy), 'CRC over the packet with the CRC field zeroed');
  }
});

test('a v2 query is padded with the padding source after its NUL, as check_nrpe randomises it', () => {
  const packet = encodeNrpeQuery(2, 'abc', sevens);
  assert.ok(packet !== null);
  assert.equal(packet[13], 0);
  assert.equal(packet[14], 7);
  assert.deepEqual(decodeNrpeQuery(packet), { version: 2, query: 'abc' });
});

test('queries too long for the version are refused', () => {
  assert.equal(encodeNrpeQuery(2, 'x'.repeat(1024), zeros), null);
  assert.notEqual(encodeNrpeQuery(2, 'x'.repeat(1023), zeros), null);
  assert.equal(encodeNrpeQuery(4, 'x'.repeat(65536), zeros), null);
});

test('responses round-trip in every version, the text cut at its NUL', () => {
  for (const version of [2, 3, 4] as const) {
    const packet = encodeNrpeResponse(version, 1, 'WARNING: load|load1=3');
    const head = readNrpeResponseHead(version, packet.subarray(0, 16));
    assert.ok(head.ok);
    // A v3 daemon sends 3 padding bytes after the buffer; they are not part of what is read.
    assert.equal(head.totalSize, version === 2 ? NRPE_V2_PACKET_SIZE : packet.length - (version === 3 ? 3 : 0));
    assert.deepEqual(decodeNrpeResponse(version, packet.subarray(0, head.totalSize)), {
      ok: true,
      resultCode: 1,
      text: 'WARNING: load|load1=3',
    });
  }
});

test('a v2 response is cut at 1023 bytes of text', () => {
  const packet = encodeNrpeResponse(2, 0, 'y'.repeat(5000));
  const decoded = decodeNrpeResponse(2, packet);
  assert.ok(decoded.ok);
  assert.equal(decoded.text.length, 1023);
});

test('the v4 alignment field is outside the CRC, as check_nrpe zeroes it before checking', () => {
  const packet = encodeNrpeResponse(4, 0, 'OK');
  packet.writeInt16BE(0x1234, 10);
  assert.equal(decodeNrpeResponse(4, packet).ok, true);
});

test('bad responses are named for check_nrpe message', () => {
  const v4 = encodeNrpeResponse(4, 0, 'OK');
  const badCrc = Buffer.from(v4);
  badCrc.writeUInt32BE((badCrc.readUInt32BE(4) + 1) >>> 0, 4);
  const flipped = Buffer.from(v4);
  flipped[16] = 0x4e;
  const query = Buffer.from(v4);
  query.writeInt16BE(1, 2);
  const huge = Buffer.from(v4);
  huge.writeInt32BE(0x7fffffff, 12);
  const negative = Buffer.from(v4);
  negative.writeInt32BE(-1, 12);
  const cases: [string, NrpeVersion, Buffer, string][] = [
    ['CRC field changed', 4, badCrc, 'crc'],
    ['text changed', 4, flipped, 'crc'],
    ['v4 packet read as v2', 2, v4, 'version'],
    ['a query, not a response', 4, query, 'type'],
    ['length beyond 64 KiB', 4, huge, 'length'],
    ['negative length', 4, negative, 'length'],
  ];
  for (const [name, version, packet, error] of cases) {
    const head = readNrpeResponseHead(version, packet.subarray(0, 16));
    const decoded = head.ok ? decodeNrpeResponse(version, packet) : head;
    assert.deepEqual(decoded, { ok: false, error }, name);
  }
});

test('the largest v4 response a daemon sends (64 KiB buffer) is accepted', () => {
  const packet = encodeNrpeResponse(4, 2, 'z'.repeat(65535));
  const head = readNrpeResponseHead(4, packet.subarray(0, 16));
  assert.deepEqual(head, { ok: true, totalSize: 16 + 65536 });
  const decoded = decodeNrpeResponse(4, packet);
  assert.ok(decoded.ok);
  assert.equal(decoded.text.length, 65535);
});
