import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeCertificate, type CertificateFacts, type CertificatePolicy } from './certificate-state.js';

const now = new Date('2026-11-21T12:00:00Z');
const day = 86_400_000;
const good: CertificateFacts = {
  subject: 'CN=good.test',
  issuer: 'CN=Watchpost Test CA',
  validFrom: new Date(now.getTime() - day),
  validTo: new Date(now.getTime() + 100 * day),
  names: ['good.test'],
  expectedName: 'good.test',
  nameMatches: true,
  chainError: null,
};
const strict: CertificatePolicy = { ignoreInvalid: false, expireBeforeDays: null };

test('judgeCertificate() gives each certificate problem its state and words', () => {
  const rows: [string, Partial<CertificateFacts>, CertificatePolicy, number[], RegExp][] = [
    [
      'valid',
      {},
      strict,
      [0],
      /^certificate 'CN=good.test' from 'CN=Watchpost Test CA' valid until 2027-03-01 12:00 UTC \(100 days left\)$/,
    ],
    [
      'expired',
      { validTo: new Date(now.getTime() - 2 * day) },
      strict,
      [2],
      /certificate expired on 2026-11-19 12:00 UTC/,
    ],
    ['not yet valid', { validFrom: new Date(now.getTime() + day) }, strict, [2], /not valid before 2026-11-22/],
    [
      'wrong name',
      { nameMatches: false, names: ['other.test'] },
      strict,
      [2],
      /not for "good.test" \(it names other.test\)/,
    ],
    ['self-signed', { chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, strict, [2], /not trusted: self-signed certificate/],
    ['unknown issuer', { chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, strict, [2], /not trusted: issuer unknown/],
    ['odd code kept', { chainError: 'SOMETHING_NEW' }, strict, [2], /not trusted: SOMETHING_NEW/],
    [
      'expiring soon',
      { validTo: new Date(now.getTime() + 5 * day) },
      { ignoreInvalid: false, expireBeforeDays: 30 },
      [1],
      /expires in 5 days .*warning below 30/,
    ],
    ['enough days left', {}, { ignoreInvalid: false, expireBeforeDays: 30 }, [0], /100 days left/],
    [
      'ignored problems',
      { chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT', nameMatches: false },
      { ignoreInvalid: true, expireBeforeDays: null },
      [0],
      /valid until/,
    ],
    [
      'ignored but early warning kept',
      { validTo: new Date(now.getTime() - day) },
      { ignoreInvalid: true, expireBeforeDays: 10 },
      [1],
      /expires in -1 days/,
    ],
    [
      'expired leaf code said once',
      { validTo: new Date(now.getTime() - day), chainError: 'CERT_HAS_EXPIRED' },
      strict,
      [2],
      /^certificate expired on [^;]*$/,
    ],
    [
      'several problems',
      { validTo: new Date(now.getTime() - day), nameMatches: false, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      strict,
      [2, 2, 2],
      /expired/,
    ],
  ];
  for (const [name, change, policy, statuses, text] of rows) {
    const verdict = judgeCertificate({ ...good, ...change }, policy, now);
    assert.deepEqual(
      verdict.findings.map((finding) => finding.status),
      statuses,
      name,
    );
    assert.match(verdict.findings.map((finding) => finding.text).join('; '), text, name);
  }
});

test('judgeCertificate() names subject, issuer and dates in long output and days_left in perfdata', () => {
  const verdict = judgeCertificate(good, { ignoreInvalid: false, expireBeforeDays: 30 }, now);
  assert.deepEqual(verdict.details.slice(0, 3), [
    'Certificate subject: CN=good.test',
    'Certificate issuer: CN=Watchpost Test CA',
    'Certificate valid from 2026-11-20 12:00 UTC until 2027-03-01 12:00 UTC (100 days left)',
  ]);
  assert.equal(verdict.perfdata, 'days_left=100;30:;0:;;');
  assert.equal(judgeCertificate(good, strict, now).perfdata, 'days_left=100;;0:;;');
});
