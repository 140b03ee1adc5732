import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nagiosMainConfig, parseNagiosVerifyCounts } from '../testing/nagios-main-config.js';

const BIN = fileURLToPath(new URL('../../../bin/watchpost', import.meta.url));
const RICH = fileURLToPath(new URL('../../../test-data/nagios/rich', import.meta.url));
const NAGIOS4 = '/usr/sbin/nagios4';

function run(command: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function requireNagios4(): void {
  assert.ok(
    existsSync(NAGIOS4),
    `${NAGIOS4} is missing: install the Debian package nagios4-core (scripts/install-test-packages.sh)`,
  );
}

/** Counts from `watchpost import-nagios --json` and from `nagios4 -v` for the same nagios.cfg. */
function bothCounts(nagiosCfg: string): { ours: Record<string, number>; nagios: Record<string, number> } {
  const ours = run(process.execPath, [BIN, 'import-nagios', nagiosCfg, '--json']);
  assert.equal(ours.status, 0, ours.stderr);
  const nagios = run(NAGIOS4, ['-v', nagiosCfg]);
  assert.equal(nagios.status, 0, `nagios4 -v rejected ${nagiosCfg}:\n${nagios.stdout}`);
  return { ours: JSON.parse(ours.stdout) as Record<string, number>, nagios: parseNagiosVerifyCounts(nagios.stdout) };
}

function assertSameCounts(ours: Record<string, number>, nagios: Record<string, number>): void {
  const keys = [
    'hosts',
    'services',
    'hostgroups',
    'servicegroups',
    'contacts',
    'contactgroups',
    'commands',
    'timeperiods',
  ];
  for (const key of keys) {
    assert.ok(key in nagios, `nagios4 -v printed no count of ${key}`);
    assert.equal(ours[key], nagios[key], `${key}: watchpost ${ours[key]}, nagios4 -v ${nagios[key]}`);
  }
}

test("import-nagios reads Debian's sample configuration with the counts nagios4 -v reports", () => {
  requireNagios4();
  assert.ok(
    existsSync('/etc/nagios4/nagios.cfg'),
    '/etc/nagios4/nagios.cfg is missing: install the Debian package nagios4-common',
  );
  const { ours, nagios } = bothCounts('/etc/nagios4/nagios.cfg');
  assertSameCounts(ours, nagios);
});

test('import-nagios agrees with nagios4 -v on templates, host lists, groups, dependencies and escalations', () => {
  requireNagios4();
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-nagios-'));
  try {
    const cfg = join(dir, 'nagios.cfg');
    // Nagios matches `web*` only with regular expression matching on; Watchpost always does.
    writeFileSync(
      cfg,
      nagiosMainConfig(dir, [join(RICH, 'objects.cfg')], join(RICH, 'resource.cfg'), ['use_regexp_matching=1']),
    );
    const { ours, nagios } = bothCounts(cfg);
    assertSameCounts(ours, nagios);
    for (const key of ['hostescalations', 'serviceescalations', 'hostdependencies', 'servicedependencies']) {
      assert.equal(ours[key], nagios[key], `${key}: watchpost ${ours[key]}, nagios4 -v ${nagios[key]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import-nagios --write converts to native YAML that loads into the same objects', () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-nagios-'));
  try {
    const cfg = join(dir, 'nagios.cfg');
    writeFileSync(cfg, `cfg_file=${join(RICH, 'objects.cfg')}\nresource_file=${join(RICH, 'resource.cfg')}\n`);
    const site = join(dir, 'site');
    assert.equal(run(process.execPath, [BIN, 'init', site]).status, 0);
    rmSync(join(site, 'conf.d'), { recursive: true });
    const imported = run(process.execPath, [
      BIN,
      'import-nagios',
      cfg,
      '--json',
      '--write',
      join(site, 'conf.d', 'imported'),
    ]);
    assert.equal(imported.status, 0, imported.stderr);
    writeFileSync(join(site, 'watchpost.yaml'), 'nagios:\n  resource_file: conf.d/imported/resource.conf\n');
    const check = run(process.execPath, [BIN, 'check-config', '--site-dir', site, '--json']);
    assert.equal(check.status, 0, check.stderr);
    const before = JSON.parse(imported.stdout) as Record<string, number>;
    const after = JSON.parse(check.stdout) as Record<string, number>;
    assert.deepEqual(after, before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
