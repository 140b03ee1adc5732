import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/watchpost', import.meta.url));

function watchpost(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function waitFor(read: () => string, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (pattern.test(read())) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${pattern} in:\n${read()}`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

test('bin/watchpost runs as a program, with the Node options of its first line', () => {
  assert.match(
    readFileSync(BIN, 'utf8').split('\n', 1)[0] ?? '',
    /^#!\/usr\/bin\/env -S node --min-semi-space-size=16 --v8-pool-size=1$/,
  );
  const result = spawnSync(BIN, ['--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Usage: watchpost/);
});

test('bin/watchpost runs the bundled command line, whose files of the package it finds from its root', () => {
  const bundle = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
  assert.ok(existsSync(bundle), `${bundle} is missing: run \`npm run build\` (scripts/build-bundle.mjs, esbuild)`);
  assert.match(readFileSync(BIN, 'utf8'), /dist\/cli\/main\.js/);
  // The bundle finds the schemas from the package's root, not from where its modules were.
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-bundle-'));
  try {
    const site = join(dir, 'site');
    assert.equal(watchpost('init', site).status, 0);
    assert.ok(existsSync(join(site, 'schema', 'watchpost.schema.json')), 'schemas copied into the site');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every subcommand answers --help with exit 0; unknown ones exit 2 with a suggestion', () => {
  for (const command of ['init', 'start', 'check-config', 'import-nagios', 'schema']) {
    const result = watchpost(command, '--help');
    assert.equal(result.status, 0, command);
    assert.match(result.stdout, /Usage: watchpost/);
    assert.match(result.stdout, /Exit codes/);
  }
  const unknown = watchpost('chek-config');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /did you mean 'check-config'/);
  assert.equal(watchpost('check-config', '--bogus').status, 2);
  assert.equal(watchpost('init').status, 2);
});

test('init creates a site whose demo configuration is valid, and refuses a non-empty directory', () => {
  const parent = mkdtempSync(join(tmpdir(), 'watchpost-cli-'));
  try {
    const dir = join(parent, 'demo');
    const init = watchpost('init', dir);
    assert.equal(init.status, 0, init.stderr);
    const check = watchpost('check-config', '--site-dir', dir, '--json');
    assert.equal(check.status, 0, check.stderr);
    const counts = JSON.parse(check.stdout) as Record<string, number>;
    assert.equal(counts.hosts, 1);
    assert.ok((counts.services ?? 0) >= 2);
    assert.equal(counts.contacts, 1);
    for (const key of ['hostgroups', 'servicegroups', 'contactgroups', 'commands', 'timeperiods'])
      assert.ok(key in counts);
    assert.ok(existsSync(join(dir, 'schema', 'objects.schema.json')));
    assert.equal(watchpost('init', dir).status, 1);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('check-config exits 1 and prints file:line for every error', () => {
  const parent = mkdtempSync(join(tmpdir(), 'watchpost-cli-'));
  try {
    const dir = join(parent, 'site');
    assert.equal(watchpost('init', dir).status, 0);
    appendFileSync(join(dir, 'conf.d', 'commands.yaml'), '  - command_name: broken\n    comand_line: x\n');
    const check = watchpost('check-config', '--site-dir', dir);
    assert.equal(check.status, 1);
    assert.match(
      check.stderr,
      /conf\.d\/commands\.yaml:\d+: error: command 'broken': unknown command attribute 'comand_line' \(did you mean 'command_line'\?\)/,
    );
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('check-config hands a long report to a slow reader in full before it exits', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'watchpost-cli-'));
  try {
    const dir = join(parent, 'site');
    assert.equal(watchpost('init', dir).status, 0);
    // Some 400 kB of errors: several times what a pipe holds, so the process must wait for the reader.
    const broken = Array.from(
      { length: 4000 },
      (_, i) => `define host {\n  host_name h${i}\n  parents nowhere${i}\n}\n`,
    );
    writeFileSync(join(dir, 'conf.d', 'broken.cfg'), broken.join(''));
    const child = spawn(process.execPath, [BIN, 'check-config', '--site-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr.pause();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stderr.resume();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(status, 1);
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.filter((line) => /broken\.cfg:\d+: error: host 'h\d+': unknown parent/.test(line)).length, 4000);
    assert.equal(lines.at(-1), '4000 errors: the configuration cannot run');
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('check-config checks the notification rules against the configuration', () => {
  const parent = mkdtempSync(join(tmpdir(), 'watchpost-cli-'));
  try {
    const dir = join(parent, 'site');
    assert.equal(watchpost('init', dir).status, 0);
    appendFileSync(join(dir, 'watchpost.yaml'), '\nnotification_rules:\n  - notify: {contacts: [nobody]}\n');
    const check = watchpost('check-config', '--site-dir', dir);
    assert.equal(check.status, 1);
    assert.match(check.stderr, /watchpost\.yaml:\d+: error: notification rule '.*': no contact 'nobody'/);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('start runs until SIGTERM, refuses a second daemon, and keeps running over a bad reload', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'watchpost-cli-'));
  const dir = join(parent, 'site');
  assert.equal(watchpost('init', dir).status, 0);
  // No TCP listener: tests run in parallel and must not compete for port 6557.
  writeFileSync(join(dir, 'watchpost.yaml'), 'site: sigterm\n');
  const child = spawn(process.execPath, [BIN, 'start', '--site-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor(() => output, /site started/, 15_000);
    assert.equal(readFileSync(join(dir, 'run', 'watchpost.pid'), 'utf8').trim(), String(child.pid));
    const second = watchpost('start', '--site-dir', dir);
    assert.equal(second.status, 3);
    assert.match(second.stderr, /another watchpost \(pid \d+\) runs on this site/);

    appendFileSync(join(dir, 'conf.d', 'commands.yaml'), '  - command_name: [not, a, name]\n');
    child.kill('SIGHUP');
    await waitFor(() => output, /the running configuration stays/, 10_000);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(readFileSync(join(dir, 'log', 'watchpost.log'), 'utf8'), /site stopped/);
    assert.equal(existsSync(join(dir, 'run', 'watchpost.pid')), false);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a started site answers Livestatus queries and logs the commands it accepts', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'watchpost-cli-'));
  const dir = join(parent, 'site');
  assert.equal(watchpost('init', dir).status, 0);
  writeFileSync(join(dir, 'watchpost.yaml'), 'site: e2e\nlivestatus:\n  socket: run/live\n');
  const child = spawn(process.execPath, [BIN, 'start', '--site-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor(() => output, /site started/, 15_000);
    const query = watchpost(
      'query',
      '--site-dir',
      dir,
      'GET services\nColumns: host_name description\nOutputFormat: json\n',
    );
    assert.equal(query.status, 0, query.stderr);
    const rows = JSON.parse(query.stdout) as string[][];
    assert.ok(rows.some(([host, description]) => host === 'localhost' && description === 'Watchpost Livestatus'));
    const status = watchpost('query', '--site-dir', dir, 'GET status\nColumns: program_version\n');
    assert.match(status.stdout, /watchpost/);
    const spool = watchpost(
      'query',
      '--site-dir',
      dir,
      'GET status\nColumns: num_queued_notifications notification_spool_dead notification_spool_broken\n',
    );
    assert.equal(spool.stdout, '0;0;0\n', 'the notification spool reports its health');
    const command = watchpost(
      'command',
      '--site-dir',
      dir,
      'ADD_SVC_COMMENT;localhost;Watchpost Livestatus;1;admin;checked by hand',
    );
    assert.equal(command.status, 0, command.stderr);
    await waitFor(
      () => readFileSync(join(dir, 'log', 'monitoring.log'), 'utf8'),
      /EXTERNAL COMMAND: ADD_SVC_COMMENT;localhost;Watchpost Livestatus;1;admin;checked by hand/,
      5_000,
    );
    const comments = watchpost(
      'query',
      '--site-dir',
      dir,
      'GET comments\nColumns: host_name service_description author comment\n',
    );
    assert.equal(comments.stdout, 'localhost;Watchpost Livestatus;admin;checked by hand\n');
    const log = watchpost('query', '--site-dir', dir, 'GET log\nColumns: type\nFilter: class = 5\n');
    assert.equal(log.status, 0, `GET log: ${log.stderr}`);
    assert.match(log.stdout, /EXTERNAL COMMAND/);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(existsSync(join(dir, 'run', 'live')), false, 'the socket is removed at stop');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(parent, { recursive: true, force: true });
  }
});
