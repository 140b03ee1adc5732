import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRegex, equalsIgnoringCase } from './linear-regex.js';

const MATCHES: readonly (readonly [pattern: string, text: string, ignoreCase: boolean, expected: boolean])[] = [
  ['abc', 'xxabcxx', false, true],
  ['abc', 'xxABCxx', false, false],
  ['abc', 'xxABCxx', true, true],
  ['^abc', 'xabc', false, false],
  ['^abc', 'abcx', false, true],
  ['abc$', 'xabc', false, true],
  ['abc$', 'abcx', false, false],
  ['^$', '', false, true],
  ['a.c', 'abc', false, true],
  ['a.c', 'a\nc', false, false],
  ['(?s)a.c', 'a\nc', false, true],
  ['(?m)^b$', 'a\nb\nc', false, true],
  ['^b$', 'a\nb\nc', false, false],
  ['(?i)ABC', 'xabcx', false, true],
  ['(?i:A)b', 'ab', false, true],
  ['(?i:A)b', 'aB', false, false],
  ['colou?r', 'color', false, true],
  ['colou?r', 'colouur', false, false],
  ['^a{2,3}$', 'a', false, false],
  ['^a{2,3}$', 'aaa', false, true],
  ['^a{2,3}$', 'aaaa', false, false],
  ['^a{2}$', 'aa', false, true],
  ['^a{2,}$', 'aaaaaa', false, true],
  ['^a{0}b$', 'b', false, true],
  ['x{,3}', 'x{,3}', false, true],
  ['^(ab|cd)+$', 'abcdab', false, true],
  ['^(ab|cd)+$', 'abce', false, false],
  ['^(?:ab|cd)*$', '', false, true],
  ['^(?P<name>a)(?<other>b)$', 'ab', false, true],
  ['a|b|c', 'zzc', false, true],
  ['\\bfoo\\b', 'a foo b', false, true],
  ['\\bfoo\\b', 'afoob', false, false],
  ['\\Bfoo', 'afoo', false, true],
  ['\\Afoo\\z', 'foo', false, true],
  ['[a-c]x', 'bx', false, true],
  ['[^a-c]x', 'bx', false, false],
  ['[]a]', ']', false, true],
  ['[a-]', '-', false, true],
  ['[[:digit:]]+', 'ab1', false, true],
  ['[[:^alpha:]]', 'abc', false, false],
  ['[\\d.]+%', 'used 85.5%', false, true],
  ['\\d{3}', '12a345', false, true],
  ['\\s\\S\\w\\W', ' a_!', false, true],
  ['\\x41\\x{42}', 'AB', false, true],
  ['\\.\\*', 'a.*b', false, true],
  ['\\t', 'a\tb', false, true],
  ['ä', 'Ä', true, true],
  ['ä', 'Ä', false, false],
  ['[a-z]+', 'ÄBC', true, true],
  ['😀.', '😀x', false, true],
  ['^.$', '😀', false, true],
  ['filesystem|disk', 'Filesystem /var', true, true],
];

test('compileRegex() has RE2 semantics: unanchored search, anchors, classes, repetitions, flags', () => {
  for (const [pattern, text, ignoreCase, expected] of MATCHES) {
    const compiled = compileRegex(pattern, ignoreCase);
    assert.ok(compiled.ok, `${pattern}: ${compiled.ok ? '' : compiled.message}`);
    assert.equal(compiled.regex.search(text), expected, `${pattern} ~ ${JSON.stringify(text)} (icase ${ignoreCase})`);
  }
});

test('compileRegex() rejects what RE2 rejects and what would be too big, with the reason', () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ['(a', /missing \): unclosed parenthesis/],
    ['a)', /unmatched parenthesis/],
    ['[a', /unclosed character class/],
    ['[b-a]', /invalid character class range/],
    ['(a)\\1', /backreferences are not supported/],
    ['a(?=b)', /lookaround assertions are not supported/],
    ['a(?<!b)', /lookaround assertions are not supported/],
    ['a**', /bad repetition operator/],
    ['*a', /missing argument to repetition operator/],
    ['a{1001}', /bad repetition operator/],
    ['a{3,2}', /bad repetition operator/],
    ['\\q', /invalid escape sequence/],
    ['a\\', /trailing \\/],
    ['(?x)a', /unsupported group flag/],
    ['((a{1000}){1000})', /too complex/],
    ['('.repeat(101) + ')'.repeat(101), /nested deeper/],
    ['a'.repeat(5000) + '.', /longer than 4096/],
  ];
  for (const [pattern, message] of cases) {
    const compiled = compileRegex(pattern, false);
    assert.equal(compiled.ok, false, pattern.slice(0, 40));
    if (!compiled.ok) assert.match(compiled.message, message, pattern.slice(0, 40));
  }
});

test('compileRegex() searches in linear time: classic backtracking bombs finish at once', () => {
  const bombs = ['(a+)+$', '(a|a)*$', '(a|aa)+b', '.*.*.*.*.*x', '(x+x+)+y', '^(\\w+\\s?)*$'];
  const text = `${'a'.repeat(20_000)}!`;
  for (const pattern of bombs) {
    const compiled = compileRegex(pattern, false);
    assert.ok(compiled.ok, pattern);
    const started = process.hrtime.bigint();
    compiled.regex.search(text);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // Backtracking engines take years here; the automaton takes milliseconds. The bound is generous.
    assert.ok(ms < 2000, `${pattern} took ${ms} ms`);
  }
});

test('equalsIgnoringCase() folds case, also beyond ASCII', () => {
  assert.equal(equalsIgnoringCase('Server One', 'server ONE'), true);
  assert.equal(equalsIgnoringCase('Über', 'üBER'), true);
  assert.equal(equalsIgnoringCase('abc', 'abd'), false);
  assert.equal(equalsIgnoringCase('abc', 'ab'), false);
});
