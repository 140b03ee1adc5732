import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readNrpeOptions } from './nrpe-options.js';

const read = (entries: Record<string, string>): ReturnType<typeof readNrpeOptions> =>
  readNrpeOptions(new Map(Object.entries(entries)));

test('defaults are check_nrpe defaults', () => {
  assert.deepEqual(read({ host: 'db1' }), {
    ok: true,
    options: {
      host: 'db1',
      port: 5666,
      query: '_NRPE_CHECK',
      ssl: true,
      adh: 1,
      versions: [4, 2],
      timeoutSeconds: null,
      problemStatus: null,
      clientCert: null,
      clientKey: null,
      caCert: null,
    },
  });
});

test('parameters map to check_nrpe options', () => {
  const cases: [Record<string, string>, Record<string, unknown>][] = [
    [{ command: 'check_disk', args: '-w 20%  -c 10%' }, { query: 'check_disk!-w!20%!-c!10%' }],
    [{ command: 'check_file', arg1: '/var/log/a b', arg2: 'x' }, { query: 'check_file!/var/log/a b!x' }],
    [{ protocol: '2' }, { versions: [2] }],
    [{ protocol: '3' }, { versions: [3] }],
    [{ protocol: '4' }, { versions: [4] }],
    [{ ssl: 'false' }, { ssl: false }],
    [{ adh: '2' }, { adh: 2 }],
    [{ timeout: '30' }, { timeoutSeconds: 30, problemStatus: null }],
    [{ timeout: '5:UNKNOWN' }, { timeoutSeconds: 5, problemStatus: 3 }],
    [{ timeout: '5:warning' }, { timeoutSeconds: 5, problemStatus: 1 }],
    [{ timeout: ':3' }, { timeoutSeconds: null, problemStatus: 3 }],
    [{ port: '15666' }, { port: 15666 }],
    [
      { client_cert: '/c.pem', client_key: '/k.pem', ca_cert: '/ca.pem' },
      { clientCert: '/c.pem', clientKey: '/k.pem', caCert: '/ca.pem' },
    ],
  ];
  for (const [given, expected] of cases) {
    const parsed = read({ host: 'h', ...given });
    assert.ok(parsed.ok, JSON.stringify(given));
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual(parsed.options[key as keyof typeof parsed.options], value, `${JSON.stringify(given)} ${key}`);
    }
  }
});

test('bad parameters are refused, each problem named', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{}, /"host" is required/],
    [{ host: 'h', port: '0' }, /"port" must be a whole number/],
    [{ host: 'h', protocol: '5' }, /"protocol" must be 2, 3, 4 or auto/],
    [{ host: 'h', adh: 'yes' }, /"adh" must be 0, 1 or 2/],
    [{ host: 'h', timeout: '0' }, /"timeout" must be SECONDS/],
    [{ host: 'h', timeout: 'ten' }, /"timeout" must be SECONDS/],
    [{ host: 'h', timeout: '10:SOMETIMES' }, /timeout state must be/],
    [{ host: 'h', args: 'a', arg1: 'b' }, /either "args" or "arg1"/],
    [{ host: 'h', arg2: 'b' }, /"arg2" is given but "arg1" is not/],
    [{ host: 'h', args: 'a!b' }, /"a!b" contains "!"/],
    [{ host: 'h', client_cert: '/c.pem' }, /client_cert and client_key must both be given/],
    [{ host: 'h', comand: 'x' }, /unknown parameter "comand" \(did you mean 'command'\?\)/],
    [{ host: 'h', arg17: 'x' }, /unknown parameter "arg17"/],
    [{ host: 'h', args: Array.from({ length: 17 }, (_, i) => `a${i}`).join(' ') }, /at most 16/],
  ];
  for (const [given, expected] of cases) {
    const parsed = read(given);
    assert.equal(parsed.ok, false, JSON.stringify(given));
    if (!parsed.ok) assert.match(parsed.problems.join('; '), expected, JSON.stringify(given));
  }
});
