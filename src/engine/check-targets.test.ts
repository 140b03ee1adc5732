import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFromYaml } from '../testing/build-from-yaml.js';
import { checkTargets, isActivelyChecked } from './check-targets.js';

test('checkTargets() takes this site’s hosts and their services; isActivelyChecked() picks what is scheduled', () => {
  const { configuration, errors } = buildFromYaml({
    'a.yaml': `commands:
  - {command_name: c, command_line: c}
hosts:
  - host_name: mine
    services:
      - {service_description: checked, check_command: c}
      - {service_description: passive only, active_checks_enabled: false, check_command: c}
      - {service_description: no interval, check_command: c, check_interval: 0}
  - host_name: here
    site: local
    active_checks_enabled: false
  - host_name: theirs
    site: remote
    services:
      - {service_description: elsewhere, check_command: c}
`,
  });
  assert.deepEqual(errors, []);
  const targets = checkTargets(configuration, 'local');
  assert.deepEqual(
    targets.map((t) => [t.key, isActivelyChecked(t)]),
    [
      ['mine', true],
      ['here', false],
      ['mine;checked', true],
      ['mine;passive only', false],
      ['mine;no interval', false],
    ],
  );
});
