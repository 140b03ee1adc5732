import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParameterReader, unescapeText } from './native-parameters.js';

test('ParameterReader reads typed values and names every problem at once', () => {
  const reader = new ParameterReader(
    new Map([
      ['port', '70000'],
      ['ssl', 'maybe'],
      ['warning', 'soon'],
      ['hots', 'x'],
      ['uri', '/a'],
    ]),
  );
  assert.equal(reader.port('port', 80), 80);
  assert.equal(reader.flag('ssl', false), false);
  assert.equal(reader.seconds('warning'), null);
  assert.equal(reader.text('uri', '/'), '/a');
  reader.required('host');
  reader.rejectUnknown();
  assert.deepEqual(reader.problems, [
    'parameter "port" must be a whole number from 1 to 65535, not "70000"',
    'parameter "ssl" must be true or false, not "maybe"',
    'parameter "warning" must be a number of seconds, not "soon"',
    'parameter "host" is required',
    `unknown parameter "hots" (did you mean 'host'?)`,
  ]);
});

test('booleans take the usual words in any case', () => {
  const rows: [string, boolean][] = [
    ['True', true],
    ['yes', true],
    ['ON', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['off', false],
    ['0', false],
  ];
  for (const [text, expected] of rows) {
    assert.equal(new ParameterReader(new Map([['ssl', text]])).flag('ssl', !expected), expected, text);
  }
});

test('unescapeText() turns \\r \\n \\t \\\\ into characters', () => {
  assert.equal(unescapeText('QUIT\\r\\n'), 'QUIT\r\n');
  assert.equal(unescapeText('a\\tb\\\\n'), 'a\tb\\n');
});
