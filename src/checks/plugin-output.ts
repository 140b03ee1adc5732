/**
 * The text a Monitoring Plugin prints, split as the plugin guidelines and Nagios split it:
 *
 * ```
 * DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968
 * / 15272 MB (77%);
 * /var/log 819 MB (84%); | /boot=68MB;88;93;0;98
 * /home=69357MB;253404;253409;0;253414
 * ```
 *
 * The first line is the output, with performance data after its `|`. The following lines are
 * long output until a line with a `|`; what follows that `|`, and every line after it, is more
 * performance data.
 */

/** A plugin's text, split into its three parts. */
export interface PluginOutput {
  readonly output: string;
  readonly longOutput: string;
  /** Every piece of performance data, joined by single spaces. */
  readonly perfdata: string;
}

/** Splits the text of a plugin into output, long output and performance data. */
export function parsePluginOutput(text: string): PluginOutput {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines[0] ?? '';
  const bar = first.indexOf('|');
  const output = (bar < 0 ? first : first.slice(0, bar)).trim();
  const perf: string[] = bar < 0 ? [] : [first.slice(bar + 1)];
  const long: string[] = [];
  let inPerfdata = false;
  for (const line of lines.slice(1)) {
    if (inPerfdata) {
      perf.push(line);
      continue;
    }
    const at = line.indexOf('|');
    if (at < 0) {
      long.push(line);
      continue;
    }
    long.push(line.slice(0, at));
    perf.push(line.slice(at + 1));
    inPerfdata = true;
  }
  return {
    output,
    longOutput: long.join('\n').replace(/\s+$/, '').replace(/^\n+/, ''),
    perfdata: perf
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .join(' '),
  };
}
