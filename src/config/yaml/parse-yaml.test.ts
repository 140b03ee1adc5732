import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from './parse-yaml.js';

test('parseYaml() remembers the line of each mapping and of each of its keys', () => {
  const text = [
    'hosts:',
    '  - host_name: web01',
    '    address: 1.2.3.4',
    '',
    '    custom:',
    '      serial: A1',
    '  -',
    '    host_name: web02',
  ].join('\n');
  const parsed = parseYaml(text);
  assert.ok(parsed.ok);
  const root = parsed.value as { hosts: Record<string, unknown>[] };
  const [web01, web02] = root.hosts;
  assert.ok(web01 && web02);
  assert.equal(parsed.lines.lineOf(web01), 2);
  assert.equal(parsed.lines.keyLineOf(web01, 'address'), 3);
  assert.equal(parsed.lines.keyLineOf(web01, 'custom'), 5);
  assert.equal(parsed.lines.keyLineOf(web01.custom as object, 'serial'), 6);
  assert.equal(parsed.lines.keyLineOf(web02, 'host_name'), 8);
});

test('parseYaml() reports syntax errors with their line instead of throwing', () => {
  const cases: [string, number][] = [
    ['hosts:\n  - host_name: a\n   bad: indentation\n', 3],
    ['a: 1\na: 2\n', 2],
    ['key: "unterminated\n', 2],
    ['!!js/function "x"\n', 1],
  ];
  for (const [text, line] of cases) {
    const parsed = parseYaml(text);
    assert.equal(parsed.ok, false, text);
    if (!parsed.ok) assert.equal(parsed.line, line, `${JSON.stringify(text)}: ${parsed.message}`);
  }
});
