import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFromYaml } from '../testing/build-from-yaml.js';
import type { HostState, ServiceState } from './check-state.js';
import { expandMacros, type MacroContext } from './macros.js';

const OBSERVED = { lastCheck: 0, lastStateChange: 0, lastHardStateChange: 0, longOutput: '', perfdata: '' };

function context(): MacroContext {
  const { configuration, errors } = buildFromYaml({
    'a.yaml': `hosts:
  - host_name: web01
    alias: Web server
    address: 192.0.2.10
    display_name: Web 01
    max_check_attempts: 4
    custom: {serial: SN-42, os: linux}
    services:
      - service_description: HTTP
        display_name: Web site
        max_check_attempts: 3
        custom: {port: '8080'}
`,
  });
  assert.deepEqual(errors, []);
  const host = configuration.hosts.get('web01');
  const service = configuration.services.get('web01;HTTP');
  assert.ok(host && service);
  const hostState: HostState = {
    kind: 'hard-problem',
    problem: 'down',
    attempt: 4,
    previousProblem: null,
    output: 'x',
    ...OBSERVED,
  };
  const serviceState: ServiceState = {
    kind: 'soft-problem',
    problem: 'critical',
    attempt: 2,
    previousProblem: 'warning',
    output: 'y',
    ...OBSERVED,
  };
  return {
    host,
    hostState,
    service: { service, state: serviceState },
    args: ['-w 5', '$HOSTADDRESS$:$_SERVICEPORT$', '$ARG1$'],
    userMacros: new Map([
      [1, '/usr/lib/nagios/plugins'],
      [256, 'last'],
    ]),
    now: 1_700_000_000_999,
  };
}

test('expandMacros() expands the macros of host and service checks', () => {
  const ctx = context();
  const cases: { line: string; expected: string }[] = [
    { line: '$HOSTNAME$ $HOSTALIAS$ $HOSTADDRESS$ $HOSTDISPLAYNAME$', expected: 'web01 Web server 192.0.2.10 Web 01' },
    { line: '$SERVICEDESC$/$SERVICEDISPLAYNAME$', expected: 'HTTP/Web site' },
    { line: '$USER1$/check_http', expected: '/usr/lib/nagios/plugins/check_http' },
    { line: '$USER256$ [$USER2$]', expected: 'last []' },
    { line: '$ARG1$', expected: '-w 5' },
    { line: 'x$ARG2$', expected: 'x192.0.2.10:8080' },
    { line: '[$ARG3$] [$ARG4$] [$ARG32$]', expected: '[] [] []' },
    { line: '$_HOSTSERIAL$ $_HOSTOS$ $_SERVICEPORT$', expected: 'SN-42 linux 8080' },
    { line: '[$_HOSTNOPE$] [$_SERVICENOPE$]', expected: '[] []' },
    { line: '$HOSTSTATE$ $HOSTSTATEID$ $HOSTATTEMPT$', expected: 'DOWN 1 4' },
    { line: '$SERVICESTATE$ $SERVICESTATEID$ $LASTSERVICESTATE$', expected: 'CRITICAL 2 WARNING' },
    { line: '$SERVICEATTEMPT$/$MAXSERVICEATTEMPTS$', expected: '2/3' },
    { line: '$TIMET$', expected: '1700000000' },
    { line: 'cost: $$5', expected: 'cost: $5' },
    { line: '$$$$', expected: '$$' },
    { line: 'echo $PATH$', expected: 'echo $PATH$' },
    { line: '$ARG33$ $USER257$ $USER0$', expected: '$ARG33$ $USER257$ $USER0$' },
    { line: 'trailing $', expected: 'trailing $' },
    { line: 'open $HOSTNAME', expected: 'open $HOSTNAME' },
    { line: 'no macros at all', expected: 'no macros at all' },
  ];
  for (const { line, expected } of cases) assert.equal(expandMacros(line, ctx), expected, line);
});

test('expandMacros() leaves service macros as written in a host check, as Nagios does', () => {
  const ctx = { ...context(), service: null };
  assert.equal(expandMacros('$HOSTNAME$ $SERVICEDESC$ $_SERVICEPORT$', ctx), 'web01 $SERVICEDESC$ $_SERVICEPORT$');
});

test('expandMacros() shows a pending object as OK/UP, attempt 1, as Nagios does', () => {
  const base = context();
  const ctx: MacroContext = {
    ...base,
    hostState: { kind: 'pending' },
    service: base.service && { service: base.service.service, state: { kind: 'pending' } },
  };
  assert.equal(
    expandMacros('$HOSTSTATE$ $HOSTSTATEID$ $SERVICESTATE$ $SERVICESTATEID$ $LASTSERVICESTATE$ $SERVICEATTEMPT$', ctx),
    'UP 0 OK 0 OK 1',
  );
});

test("expandMacros() gives an event handler its change's state type and attempt: the service's, or a host's own", () => {
  const base = context();
  const change = { stateType: 'soft', attempt: 3 } as const;
  const line = '$HOSTSTATETYPE$ $HOSTATTEMPT$ $SERVICESTATETYPE$ $SERVICEATTEMPT$';
  const cases: { name: string; ctx: MacroContext; expected: string }[] = [
    { name: 'no change: from the states', ctx: base, expected: 'HARD 4 SOFT 2' },
    { name: "a service's change", ctx: { ...base, change }, expected: 'HARD 4 SOFT 3' },
    {
      name: "a host's change",
      ctx: { ...base, service: null, change },
      expected: 'SOFT 3 $SERVICESTATETYPE$ $SERVICEATTEMPT$',
    },
  ];
  for (const c of cases) assert.equal(expandMacros(line, c.ctx), c.expected, c.name);
});
