/**
 * Splits an expanded command line into the argv of a plugin the way Nagios 4 does, so that the
 * common case runs without a shell: words are separated by blanks; single quotes keep everything;
 * double quotes keep everything but `\"`, `\\`, `\$` and `` \` ``; an unquoted backslash escapes
 * the next character. A line that needs a shell (redirection, pipes, `;`, `&`, subcommands,
 * parentheses, globs, shell variables, unbalanced quotes) is run through `/bin/sh -c` as written.
 */

/** How to run a command line: directly with its words, or through the shell. */
export type CommandSplit =
  { readonly kind: 'argv'; readonly argv: readonly string[] } | { readonly kind: 'shell'; readonly reason: string };

/** What makes a shell necessary, by character, outside quotes (`$` and `` ` `` also in double quotes). */
const SHELL_SYNTAX: Readonly<Record<string, string>> = {
  '|': 'a pipe or redirection',
  '<': 'a pipe or redirection',
  '>': 'a pipe or redirection',
  ';': 'a command list',
  '&': 'a command list',
  '(': 'parentheses',
  ')': 'parentheses',
  '*': 'a wildcard',
  '?': 'a wildcard',
  '`': 'a subcommand',
  $: 'a shell variable or subcommand',
};

const BLANK = /[ \t\r\n]/;

/** Splits a command line, or says why it needs a shell. An empty line has no words. */
export function splitCommandLine(line: string): CommandSplit {
  const argv: string[] = [];
  let word = '';
  // A word can be empty (`''`), so whether one is open is kept apart from its text.
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      const next = line.charAt(i + 1);
      if (c === '"') quote = null;
      else if (c === '\\' && (next === '"' || next === '\\' || next === '$' || next === '`')) {
        word += next;
        i++;
      } else if (c === '$' || c === '`') return { kind: 'shell', reason: SHELL_SYNTAX[c] ?? c };
      else word += c;
      continue;
    }
    if (BLANK.test(c)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      continue;
    }
    const reason = SHELL_SYNTAX[c];
    if (reason !== undefined) return { kind: 'shell', reason };
    inWord = true;
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\') {
      if (i + 1 < line.length) word += line.charAt(++i);
    } else word += c;
  }
  if (quote !== null) return { kind: 'shell', reason: 'an unbalanced quote' };
  if (inWord) argv.push(word);
  return { kind: 'argv', argv };
}
