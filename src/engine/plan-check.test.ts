import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PENDING } from '../model/check-state.js';
import { buildFromYaml } from '../testing/build-from-yaml.js';
import { checkTargets } from './check-targets.js';
import { planCheck } from './plan-check.js';

const { configuration, errors } = buildFromYaml({
  'a.yaml': `commands:
  - {command_name: check-tcp, command_line: '$USER1$/check_tcp -H $HOSTADDRESS$ -p $ARG1$'}
  - {command_name: check-alive, command_line: '$USER1$/check_ping -H $HOSTADDRESS$ -w $ARG1$'}
hosts:
  - host_name: web01
    address: 192.0.2.7
    check_command: check-alive!100.0,20%
    services:
      - {service_description: SSH, check_command: check-tcp!22}
  - host_name: bare
`,
});

test('planCheck() builds the command line of hosts and services, or a result when nothing can run', () => {
  assert.deepEqual(errors, []);
  const config = { ...configuration, userMacros: new Map([[1, '/usr/lib/nagios/plugins']]) };
  const targets = new Map(checkTargets(config, 'site').map((t) => [t.key, t]));
  const plan = (key: string, commands = config.commands): unknown => {
    const target = targets.get(key);
    assert.ok(target, key);
    return planCheck(target, { configuration: { ...config, commands }, hostState: PENDING, now: 0 });
  };
  assert.deepEqual(plan('web01'), {
    kind: 'run',
    commandLine: '/usr/lib/nagios/plugins/check_ping -H 192.0.2.7 -w 100.0,20%',
  });
  assert.deepEqual(plan('web01;SSH'), {
    kind: 'run',
    commandLine: '/usr/lib/nagios/plugins/check_tcp -H 192.0.2.7 -p 22',
  });
  assert.deepEqual(plan('bare'), {
    kind: 'result',
    result: { status: 0, output: 'no check command', longOutput: '', perfdata: '', durationMs: 0 },
  });
  assert.deepEqual(plan('web01;SSH', new Map()), {
    kind: 'result',
    result: {
      status: 3,
      output: "UNKNOWN - check command 'check-tcp' is not defined",
      longOutput: '',
      perfdata: '',
      durationMs: 0,
    },
  });
});
