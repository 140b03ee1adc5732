import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCommandLine } from './split-command-line.js';

test('splitCommandLine() splits words and quotes without a shell, as Nagios does', () => {
  const cases: { line: string; argv: string[] }[] = [
    { line: '/usr/lib/nagios/plugins/check_dummy 0 fine', argv: ['/usr/lib/nagios/plugins/check_dummy', '0', 'fine'] },
    { line: '  a \t b\n c  ', argv: ['a', 'b', 'c'] },
    { line: 'check \'two words\' "and three words"', argv: ['check', 'two words', 'and three words'] },
    { line: "a 'it''s'", argv: ['a', 'its'] },
    { line: `a "it's"`, argv: ['a', "it's"] },
    { line: `a 'say "hi"'`, argv: ['a', 'say "hi"'] },
    { line: `a "x\\"y\\\\z"`, argv: ['a', 'x"y\\z'] },
    { line: `a "back\\slash"`, argv: ['a', 'back\\slash'] },
    { line: `a 'no \\escape'`, argv: ['a', 'no \\escape'] },
    { line: 'a b\\ c', argv: ['a', 'b c'] },
    { line: 'a \'\' "" b', argv: ['a', '', '', 'b'] },
    { line: "a pre'quoted'post", argv: ['a', 'prequotedpost'] },
    { line: "check -w '80%' -c 'a|b;c>d'", argv: ['check', '-w', '80%', '-c', 'a|b;c>d'] },
    { line: "a '$HOME' '*'", argv: ['a', '$HOME', '*'] },
    { line: '', argv: [] },
  ];
  for (const { line, argv } of cases) assert.deepEqual(splitCommandLine(line), { kind: 'argv', argv }, line);
});

test('splitCommandLine() asks for a shell when the line uses shell syntax', () => {
  const cases: { line: string; reason: string }[] = [
    { line: 'check | grep x', reason: 'a pipe or redirection' },
    { line: 'check > /dev/null', reason: 'a pipe or redirection' },
    { line: 'check < input', reason: 'a pipe or redirection' },
    { line: 'a; b', reason: 'a command list' },
    { line: 'a && b', reason: 'a command list' },
    { line: 'a `b`', reason: 'a subcommand' },
    { line: 'a "`b`"', reason: 'a subcommand' },
    { line: 'a $(b)', reason: 'a shell variable or subcommand' },
    { line: 'a $HOME', reason: 'a shell variable or subcommand' },
    { line: 'a "$HOME"', reason: 'a shell variable or subcommand' },
    { line: 'ls /tmp/*', reason: 'a wildcard' },
    { line: 'ls file?', reason: 'a wildcard' },
    { line: '(a)', reason: 'parentheses' },
    { line: "a 'open", reason: 'an unbalanced quote' },
    { line: 'a "open', reason: 'an unbalanced quote' },
  ];
  for (const { line, reason } of cases) assert.deepEqual(splitCommandLine(line), { kind: 'shell', reason }, line);
});
