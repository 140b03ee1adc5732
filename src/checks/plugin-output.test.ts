import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePluginOutput, type PluginOutput } from './plugin-output.js';

test('parsePluginOutput() splits output, long output and perfdata as the plugin guidelines do', () => {
  const cases: { name: string; text: string; expected: PluginOutput }[] = [
    { name: 'output only', text: 'OK - fine\n', expected: { output: 'OK - fine', longOutput: '', perfdata: '' } },
    { name: 'empty', text: '', expected: { output: '', longOutput: '', perfdata: '' } },
    {
      name: 'perfdata on the first line',
      text: 'PING OK - rta 0.1ms | rta=0.1ms;100;200;0 pl=0%;20;60;0\n',
      expected: { output: 'PING OK - rta 0.1ms', longOutput: '', perfdata: 'rta=0.1ms;100;200;0 pl=0%;20;60;0' },
    },
    {
      name: 'long output without perfdata',
      text: 'WARNING - 2 problems\nfirst problem\nsecond problem\n',
      expected: { output: 'WARNING - 2 problems', longOutput: 'first problem\nsecond problem', perfdata: '' },
    },
    {
      name: 'the example of the guidelines',
      text: [
        'DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968',
        '/ 15272 MB (77%);',
        '/boot 68 MB (69%);',
        '/var/log 819 MB (84%); | /boot=68MB;88;93;0;98',
        '/home=69357MB;253404;253409;0;253414',
        '/var/log=818MB;970;975;0;980',
        '',
      ].join('\n'),
      expected: {
        output: 'DISK OK - free space: / 3326 MB (56%);',
        longOutput: '/ 15272 MB (77%);\n/boot 68 MB (69%);\n/var/log 819 MB (84%);',
        perfdata:
          '/=2643MB;5948;5958;0;5968 /boot=68MB;88;93;0;98 /home=69357MB;253404;253409;0;253414 /var/log=818MB;970;975;0;980',
      },
    },
    {
      name: 'perfdata only in long output',
      text: 'OK\nline\n| a=1\nb=2\n',
      expected: { output: 'OK', longOutput: 'line', perfdata: 'a=1 b=2' },
    },
    {
      name: 'a later bar after the perfdata started is perfdata',
      text: 'OK | a=1\nx | b=2\nc=3 | d=4\n',
      expected: { output: 'OK', longOutput: 'x', perfdata: 'a=1 b=2 c=3 | d=4' },
    },
    {
      name: 'CRLF line ends',
      text: 'OK | a=1\r\nmore\r\n',
      expected: { output: 'OK', longOutput: 'more', perfdata: 'a=1' },
    },
    { name: 'only a bar', text: '|\n', expected: { output: '', longOutput: '', perfdata: '' } },
  ];
  for (const { name, text, expected } of cases) assert.deepEqual(parsePluginOutput(text), expected, name);
});
