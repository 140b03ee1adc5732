// Both implementations of the engine's RunPlugin port run the one contract suite.
import { createPluginRunner } from '../process/run-plugin.js';
import { createHelperPool } from './helper-pool.js';
import { spawnHelperForTests } from './helper-for-tests.js';
import { pluginRunnerContract } from './plugin-runner-contract.js';

pluginRunnerContract('process runner', (options) => ({ run: createPluginRunner(options), close: async () => {} }));

pluginRunnerContract('helper pool', (options) => {
  const pool = createHelperPool({ ...options, helperPath: spawnHelperForTests() });
  return { run: pool.run, close: () => pool.close() };
});
