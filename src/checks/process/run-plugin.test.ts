// The runner's behaviour with real plugins (exit codes, timeouts, huge and binary output,
// grandchildren, shell lines, environment, abort) is pinned by the contract suite that every
// plugin runner runs: src/checks/spawn/plugin-runner-contract.ts via plugin-runners.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requirePlugin } from './plugins-for-tests.js';

test('a missing plugin fails the integration tests with the Debian package to install', () => {
  assert.throws(
    () => requirePlugin('check_not_a_plugin', 'monitoring-plugins-basic'),
    /check_not_a_plugin is missing: install the Debian package monitoring-plugins-basic/,
  );
});
