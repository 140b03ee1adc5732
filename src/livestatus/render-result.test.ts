import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFloat, quoteString, renderResult } from './render-result.js';
import { DEFAULT_SEPARATORS } from './query.js';
import { fixed16Header } from './frame-response.js';

test('formatFloat() prints like a C++ stream (%g, six significant digits)', () => {
  const cases: readonly (readonly [number, string])[] = [
    [0, '0'],
    [30, '30'],
    [0.0134859, '0.0134859'],
    [0.01348591234, '0.0134859'],
    [1 / 3, '0.333333'],
    [2.5, '2.5'],
    [123456, '123456'],
    [1234567, '1.23457e+06'],
    [1e6, '1e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-42.125, '-42.125'],
    [5.1e9, '5.1e+09'],
    [1e100, '1e+100'],
  ];
  for (const [value, text] of cases) assert.equal(formatFloat(value), text, String(value));
});

test('quoteString() escapes like Checkmk: printable ASCII as is, the rest as \\uXXXX', () => {
  const cases: readonly (readonly [string, boolean, string])[] = [
    ['plain text', true, '"plain text"'],
    ['say "hi"', true, '"say \\u0022hi\\u0022"'],
    ['back\\slash', true, '"back\\u005cslash"'],
    ['line\nbreak\ttab', true, '"line\\u000abreak\\u0009tab"'],
    ['über', true, '"\\u00fcber"'],
    ['\u007f', true, '"\u007f"'],
    ['😀', true, '"\\ud83d\\ude00"'],
    ['😀', false, '"\\U0001f600"'],
  ];
  for (const [text, json, expected] of cases) assert.equal(quoteString(text, json), expected, text);
});

test('fixed16Header() is exactly 16 bytes: code, space, length right-aligned in 11, newline', () => {
  assert.equal(fixed16Header(200, 12), '200          12\n');
  assert.equal(fixed16Header(200, 1234), '200        1234\n');
  assert.equal(fixed16Header(400, 0), '400           0\n');
  for (const length of [0, 9, 10, 99999, 12345678901]) assert.equal(fixed16Header(200, length).length, 16);
});

test('renderResult() refuses answers over the size limit with 413', () => {
  const result = { header: null, rows: [['x'.repeat(100)], ['y'.repeat(100)]], floats: [false], totalCount: 2 };
  const rendered = renderResult(result, { format: 'json', separators: DEFAULT_SEPARATORS, maxBytes: 150 });
  assert.deepEqual(rendered, {
    ok: false,
    error: { code: 413, message: 'Maximum response size of 150 bytes exceeded!' },
  });
  assert.equal(renderResult(result, { format: 'csv', separators: DEFAULT_SEPARATORS, maxBytes: 1000 }).ok, true);
});

test('renderResult() writes non-finite numbers as null, never as invalid JSON or Python', () => {
  const result = { header: null, rows: [[NaN, Infinity, 1.5]], floats: [true, true, true], totalCount: 1 };
  const body = (format: 'json' | 'python3' | 'csv') =>
    renderResult(result, { format, separators: DEFAULT_SEPARATORS, maxBytes: 1000 });
  assert.deepEqual(body('json'), { ok: true, body: '[[null,null,1.5]]\n' });
  assert.deepEqual(body('python3'), { ok: true, body: '[[None,None,1.5]]\n' });
  assert.deepEqual(body('csv'), { ok: true, body: ';;1.5\n' });
});

test('renderResult() writes rows of plain strings and whole numbers as cell by cell, in every literal format', () => {
  // Rows the quick path takes (plain strings, whole numbers) and rows it must leave to the cells.
  const rows: readonly (readonly [readonly (string | number | null)[], readonly boolean[], string, string])[] = [
    [['srv1', 'Disk /', 0], [false, false, false], '["srv1","Disk /",0]', '["srv1","Disk /",0]'],
    [['a]b,[c', -0, 1e21], [false, false, false], '["a]b,[c",0,1e+21]', '["a]b,[c",0,1e+21]'],
    [['über', 2], [false, false], '["\\u00fcber",2]', '["\\u00fcber",2]'],
    [['say "hi"'], [false], '["say \\u0022hi\\u0022"]', '["say \\u0022hi\\u0022"]'],
    [[30, 2.5], [true, false], '[30,2.5]', '[30,2.5]'],
    [[null, 'x'], [false, false], '[null,"x"]', '[None,"x"]'],
  ];
  for (const [cells, floats, json, python] of rows) {
    const result = { header: null, rows: [cells], floats, totalCount: 1 };
    const render = (format: 'json' | 'python3' | 'wrapped_json') =>
      renderResult(result, { format, separators: DEFAULT_SEPARATORS, maxBytes: 1000 });
    assert.deepEqual(render('json'), { ok: true, body: `[${json}]\n` }, json);
    assert.deepEqual(render('python3'), { ok: true, body: `[${python}]\n` }, python);
    assert.deepEqual(render('wrapped_json'), { ok: true, body: `{"data":[${json}],"total_count":1}\n` }, json);
  }
});

test('renderResult() writes many plain rows at once with the same bytes, and falls back for any other row', () => {
  const cases: readonly (readonly [readonly (readonly (string | number | null)[])[], string])[] = [
    [[], '[]\n'],
    [
      [
        ['a', 1],
        ['b', 2],
      ],
      '[["a",1],\n["b",2]]\n',
    ],
    [
      [
        ['x],[y', 1],
        ['b', 2],
      ],
      '[["x],[y",1],\n["b",2]]\n',
    ],
    [
      [
        ['a', 1],
        ['ü', null],
      ],
      '[["a",1],\n["\\u00fc",null]]\n',
    ],
  ];
  for (const [rows, expected] of cases) {
    const result = { header: null, rows, floats: [false, false], totalCount: rows.length };
    const options = { format: 'json', separators: DEFAULT_SEPARATORS, maxBytes: 1000 } as const;
    assert.deepEqual(renderResult(result, options), { ok: true, body: expected }, expected);
    // The header row is one more row in front.
    const withHeader = rows.length === 0 ? '[["name","n"]]\n' : `[["name","n"],\n${expected.slice(1)}`;
    const headed = renderResult({ ...result, header: ['name', 'n'] }, options);
    assert.deepEqual(headed, { ok: true, body: withHeader }, withHeader);
  }
});
