import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bindRequest,
  decodeLdapResponse,
  ldapMessageSize,
  parseLdapFilter,
  resultCodeText,
  searchRequest,
  startTlsRequest,
  unbindRequest,
} from './ldap-message.js';

const hex = (bytes: Buffer): string => bytes.toString('hex');

test('requests are encoded in BER as RFC 4511 lays them out', () => {
  const cases: [string, Buffer, string][] = [
    // SEQUENCE { id 1, [APPLICATION 0] { version 3, name "", simple [0] "" } }
    ['anonymous bind', bindRequest(1, '', ''), '300c020101600702010304008000'],
    ['simple bind', bindRequest(2, 'cn=a', 'pw'), '3012020102600d0201030404636e3d618002' + '7077'],
    ['unbind', unbindRequest(3), '30050201034200'],
    ['StartTLS', startTlsRequest(1), '301d02010177188016' + Buffer.from('1.3.6.1.4.1.1466.20037').toString('hex')],
    [
      'base search for (objectclass=*)',
      searchRequest(2, { base: '', scope: 'base', filter: { kind: 'present', attribute: 'objectclass' } }),
      '302a0201026325' +
        '0400' +
        '0a0100' +
        '0a0100' +
        '020100' +
        '020100' +
        '010100' +
        '870b' +
        Buffer.from('objectclass').toString('hex') +
        '3005' +
        '0403312e31',
    ],
  ];
  for (const [name, bytes, expected] of cases) assert.equal(hex(bytes), expected, name);
});

test('message ids above 127 get a leading zero byte so they stay positive', () => {
  assert.equal(hex(unbindRequest(200)).slice(0, 12), '30060202' + '00c8');
});

test('long contents use the long length form', () => {
  const bind = bindRequest(1, 'x'.repeat(300), '');
  assert.deepEqual(ldapMessageSize(bind.subarray(0, 4)), { kind: 'size', total: bind.length });
  assert.equal(bind[1], 0x82);
});

test('ldapMessageSize() asks for the header bytes it needs and refuses what is no message', () => {
  const cases: [number[], ReturnType<typeof ldapMessageSize>][] = [
    [[], { kind: 'need', bytes: 2 }],
    [[0x30], { kind: 'need', bytes: 2 }],
    [[0x30, 0x05], { kind: 'size', total: 7 }],
    [[0x30, 0x82, 0x01], { kind: 'need', bytes: 4 }],
    [[0x30, 0x82, 0x01, 0x00], { kind: 'size', total: 260 }],
    [[0x30, 0x84, 0x7f, 0xff, 0xff, 0xff], { kind: 'size', total: 6 + 0x7fffffff }],
    [[0x48, 0x54], { kind: 'invalid' }],
    [[0x30, 0x80], { kind: 'invalid' }],
    [[0x30, 0x89], { kind: 'invalid' }],
  ];
  for (const [bytes, expected] of cases)
    assert.deepEqual(ldapMessageSize(Buffer.from(bytes)), expected, hex(Buffer.from(bytes)));
});

/** A response as a server sends it: SEQUENCE { id, [op] { code, matchedDN, diagnostic } }. */
function response(id: number, op: number, code: number, diagnostic = ''): Buffer {
  const text = Buffer.from(diagnostic);
  const result = Buffer.concat([Buffer.from([0x0a, 1, code, 0x04, 0, 0x04, text.length]), text]);
  const body = Buffer.concat([Buffer.from([0x02, 1, id, op, result.length]), result]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

test('decodeLdapResponse() reads results and entries, and nothing malformed', () => {
  assert.deepEqual(decodeLdapResponse(response(1, 0x61, 49, 'bad')), {
    kind: 'result',
    messageId: 1,
    op: 0x61,
    result: { code: 49, matchedDn: '', diagnostic: 'bad' },
  });
  assert.deepEqual(decodeLdapResponse(Buffer.from([0x30, 0x07, 0x02, 0x01, 0x02, 0x64, 0x02, 0x04, 0x00])), {
    kind: 'entry',
    messageId: 2,
    op: 0x64,
  });
  const truncated = response(1, 0x61, 0).subarray(0, 8);
  const wrongOp = response(1, 0x60, 0);
  const noCode = Buffer.from([0x30, 0x05, 0x02, 0x01, 0x01, 0x61, 0x00]);
  const lyingLength = Buffer.from(response(1, 0x61, 0));
  lyingLength[6] = 0x7f;
  for (const bad of [truncated, wrongOp, noCode, lyingLength, Buffer.from('garbage')]) {
    assert.equal(decodeLdapResponse(bad), null, hex(bad));
  }
});

test('filters: present and equality, nothing else', () => {
  assert.deepEqual(parseLdapFilter('(objectclass=*)'), { kind: 'present', attribute: 'objectclass' });
  assert.deepEqual(parseLdapFilter(' (uid=alice) '), { kind: 'equality', attribute: 'uid', value: 'alice' });
  for (const bad of ['objectclass=*', '(&(a=b)(c=d))', '(cn=a*)', '(cn=a\\29)', '(=x)', '']) {
    assert.equal(parseLdapFilter(bad), null, bad);
  }
});

test('result codes read as words', () => {
  assert.equal(resultCodeText(49), 'invalidCredentials (49)');
  assert.equal(resultCodeText(4711), 'result code (4711)');
});
