/**
 * The few LDAPv3 messages (RFC 4511) a check needs, in the BER encoding LDAP uses: a simple
 * BindRequest, a SearchRequest with a present or equality filter, an UnbindRequest and the
 * StartTLS ExtendedRequest; and the reading of the server's answers (BindResponse,
 * SearchResultEntry/Reference/Done, ExtendedResponse). Lengths are always definite (LDAP forbids
 * the indefinite form). Pure: no I/O; every read of untrusted bytes is bounds-checked.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const ENUMERATED = 0x0a;
const BOOLEAN = 0x01;

/** The protocolOp tags of the messages this client reads. */
export const LDAP_OPS = {
  bindResponse: 0x61,
  searchResultEntry: 0x64,
  searchResultDone: 0x65,
  searchResultReference: 0x73,
  extendedResponse: 0x78,
} as const;

/** The OID of the StartTLS extended operation. */
const START_TLS_OID = '1.3.6.1.4.1.1466.20037';

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function element(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

function integer(tag: number, value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  // A set top bit would read as negative; BER needs a leading zero byte then.
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return element(tag, Buffer.from(bytes));
}

function text(tag: number, value: string): Buffer {
  return element(tag, Buffer.from(value, 'utf8'));
}

function message(messageId: number, protocolOp: Buffer): Buffer {
  return element(SEQUENCE, Buffer.concat([integer(INTEGER, messageId), protocolOp]));
}

/** A simple bind; an empty name and password is an anonymous bind. */
export function bindRequest(messageId: number, name: string, password: string): Buffer {
  const op = Buffer.concat([integer(INTEGER, 3), text(OCTET_STRING, name), text(0x80, password)]);
  return message(messageId, element(0x60, op));
}

/** A search filter this client can send: `(attr=*)` or `(attr=value)`. */
export type LdapFilter =
  | { readonly kind: 'present'; readonly attribute: string }
  | { readonly kind: 'equality'; readonly attribute: string; readonly value: string };

/**
 * Reads a filter in the string form of RFC 4515, for the two simple kinds check_ldap's default
 * and typical uses need; `null` for anything else (and/or/not, substrings, escapes).
 */
export function parseLdapFilter(source: string): LdapFilter | null {
  const match = /^\(([A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)*)=([^()*\\]*|\*)\)$/.exec(source.trim());
  if (match === null) return null;
  const attribute = match[1] ?? '';
  const value = match[2] ?? '';
  return value === '*' ? { kind: 'present', attribute } : { kind: 'equality', attribute, value };
}

/** A search with scope `base` (check_ldap's) or `subtree`, asking for no attributes but `1.1`. */
export function searchRequest(
  messageId: number,
  options: { readonly base: string; readonly scope: 'base' | 'subtree'; readonly filter: LdapFilter },
): Buffer {
  const filter =
    options.filter.kind === 'present'
      ? text(0x87, options.filter.attribute)
      : element(
          0xa3,
          Buffer.concat([text(OCTET_STRING, options.filter.attribute), text(OCTET_STRING, options.filter.value)]),
        );
  const op = Buffer.concat([
    text(OCTET_STRING, options.base),
    integer(ENUMERATED, options.scope === 'base' ? 0 : 2),
    integer(ENUMERATED, 0),
    integer(INTEGER, 0),
    integer(INTEGER, 0),
    element(BOOLEAN, Buffer.from([0])),
    filter,
    // "1.1" asks for no attributes: the check counts entries, it does not read them.
    element(SEQUENCE, text(OCTET_STRING, '1.1')),
  ]);
  return message(messageId, element(0x63, op));
}

/** The UnbindRequest that ends a session politely. */
export function unbindRequest(messageId: number): Buffer {
  return message(messageId, Buffer.from([0x42, 0x00]));
}

/** The StartTLS extended request. */
export function startTlsRequest(messageId: number): Buffer {
  return message(messageId, element(0x77, text(0x80, START_TLS_OID)));
}

/** One BER element read from bytes: its tag, content, and where the next element starts. */
interface Element {
  readonly tag: number;
  readonly content: Buffer;
  readonly next: number;
}

/** The header of an element in `bytes` at `offset`: tag, content start and length, or `null`. */
function header(bytes: Buffer, offset: number): { tag: number; start: number; size: number } | null {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) return null;
  if (first < 0x80) return { tag, start: offset + 2, size: first };
  const count = first & 0x7f;
  // 0x80 is the indefinite form LDAP forbids; more than 4 length bytes is no real message.
  if (count === 0 || count > 4 || offset + 2 + count > bytes.length) return null;
  let size = 0;
  for (let index = 0; index < count; index++) size = size * 256 + (bytes[offset + 2 + index] ?? 0);
  return { tag, start: offset + 2 + count, size };
}

function readElement(bytes: Buffer, offset: number): Element | null {
  const head = header(bytes, offset);
  if (head === null || head.start + head.size > bytes.length) return null;
  return { tag: head.tag, content: bytes.subarray(head.start, head.start + head.size), next: head.start + head.size };
}

/** How many bytes the message starting with `prefix` has in all, once its header is complete. */
export type MessageSize = { kind: 'need'; bytes: number } | { kind: 'size'; total: number } | { kind: 'invalid' };

/**
 * The size of the LDAPMessage whose first bytes are `prefix`: more bytes needed to know it, its
 * total size, or `invalid` when it cannot be an LDAPMessage.
 */
export function ldapMessageSize(prefix: Buffer): MessageSize {
  if (prefix.length < 2) return { kind: 'need', bytes: 2 };
  if (prefix[0] !== SEQUENCE) return { kind: 'invalid' };
  const first = prefix[1] ?? 0;
  const count = first < 0x80 ? 0 : first & 0x7f;
  if (first >= 0x80 && (count === 0 || count > 4)) return { kind: 'invalid' };
  if (prefix.length < 2 + count) return { kind: 'need', bytes: 2 + count };
  const head = header(prefix, 0);
  return head === null ? { kind: 'invalid' } : { kind: 'size', total: head.start + head.size };
}

/** The result part of a response (RFC 4511 LDAPResult). */
export interface LdapResult {
  readonly code: number;
  readonly matchedDn: string;
  readonly diagnostic: string;
}

/** One message from the server. */
export type LdapResponse =
  | { readonly kind: 'result'; readonly messageId: number; readonly op: number; readonly result: LdapResult }
  /** A SearchResultEntry or SearchResultReference: counted, not read. */
  | { readonly kind: 'entry'; readonly messageId: number; readonly op: number };

/** Decodes one whole LDAPMessage; `null` when it is malformed or an operation this client never asked for. */
export function decodeLdapResponse(bytes: Buffer): LdapResponse | null {
  const outer = readElement(bytes, 0);
  if (outer === null || outer.tag !== SEQUENCE) return null;
  const id = readElement(outer.content, 0);
  if (id === null || id.tag !== INTEGER || id.content.length === 0 || id.content.length > 4) return null;
  const messageId = id.content.readUIntBE(0, id.content.length);
  const op = readElement(outer.content, id.next);
  if (op === null) return null;
  if (op.tag === LDAP_OPS.searchResultEntry || op.tag === LDAP_OPS.searchResultReference) {
    return { kind: 'entry', messageId, op: op.tag };
  }
  if (
    op.tag !== LDAP_OPS.bindResponse &&
    op.tag !== LDAP_OPS.searchResultDone &&
    op.tag !== LDAP_OPS.extendedResponse
  ) {
    return null;
  }
  const code = readElement(op.content, 0);
  if (code === null || code.tag !== ENUMERATED || code.content.length === 0 || code.content.length > 4) return null;
  const matched = readElement(op.content, code.next);
  const diagnostic = matched === null ? null : readElement(op.content, matched.next);
  if (matched === null || diagnostic === null || matched.tag !== OCTET_STRING || diagnostic.tag !== OCTET_STRING) {
    return null;
  }
  return {
    kind: 'result',
    messageId,
    op: op.tag,
    result: {
      code: code.content.readUIntBE(0, code.content.length),
      matchedDn: matched.content.toString('utf8'),
      diagnostic: diagnostic.content.toString('utf8'),
    },
  };
}

/** RFC 4511 result codes a check meets, by number. */
const RESULT_NAMES: Readonly<Record<number, string>> = {
  0: 'success',
  1: 'operationsError',
  2: 'protocolError',
  3: 'timeLimitExceeded',
  4: 'sizeLimitExceeded',
  7: 'authMethodNotSupported',
  8: 'strongerAuthRequired',
  11: 'adminLimitExceeded',
  13: 'confidentialityRequired',
  32: 'noSuchObject',
  34: 'invalidDNSyntax',
  48: 'inappropriateAuthentication',
  49: 'invalidCredentials',
  50: 'insufficientAccessRights',
  51: 'busy',
  52: 'unavailable',
  53: 'unwillingToPerform',
  80: 'other',
};

/** A result code in words: `invalidCredentials (49)`. */
export function resultCodeText(code: number): string {
  return `${RESULT_NAMES[code] ?? 'result code'} (${code})`;
}
