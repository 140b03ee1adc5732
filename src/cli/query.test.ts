import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLivestatus, type LivestatusServer } from '../livestatus/socket/start-livestatus.js';
import { RecordingCommandSink } from '../testing/fake-status-source.js';
import { fixtureSource } from '../testing/livestatus-fixture.js';
import type { CliIo } from './cli-command.js';
import { commandCommand } from './command.js';
import { makeQueryCommand, queryCommand } from './query.js';

interface Captured {
  readonly io: CliIo;
  readonly out: string[];
  readonly err: string[];
}

function capture(cwd: string): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      cwd,
      stopRequested: new Promise(() => undefined),
      onReload: () => undefined,
    },
    out,
    err,
  };
}

async function withSite(
  body: (site: { dir: string; server: LivestatusServer; commands: RecordingCommandSink }) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-cli-live-'));
  mkdirSync(join(dir, 'run'));
  const commands = new RecordingCommandSink();
  const server = await startLivestatus({
    source: fixtureSource(),
    commands,
    unixSocket: join(dir, 'run', 'live'),
    tcp: { address: '127.0.0.1', port: 0 },
  });
  try {
    await body({ dir, server, commands });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('watchpost query prints the answer of a query given as argument lines, from the site directory', async () => {
  await withSite(async ({ dir }) => {
    const c = capture(dir);
    const status = await queryCommand.run(
      { timeout: '10' },
      ['GET hosts', 'Columns: name state', 'Filter: state = 1'],
      c.io,
    );
    assert.equal(status, 0, c.err.join('\n'));
    assert.deepEqual(c.out, ['srv2;1']);
  });
});

test('watchpost query reads standard input and talks TCP or a named socket', async () => {
  await withSite(async ({ dir, server }) => {
    const fromStdin = makeQueryCommand(async () => 'GET hosts\nColumns: name\nOutputFormat: json\n\n\n');
    const tcp = capture(dir);
    assert.equal(
      await fromStdin.run({ tcp: `127.0.0.1:${server.tcpAddress?.port ?? 0}`, timeout: '10' }, [], tcp.io),
      0,
    );
    assert.deepEqual(tcp.out, ['[["router"],\n["srv1"],\n["srv2"]]']);
    const unix = capture('/');
    assert.equal(
      await queryCommand.run(
        { socket: join(dir, 'run', 'live'), timeout: '10' },
        ['GET status\nColumns: num_hosts'],
        unix.io,
      ),
      0,
    );
    assert.deepEqual(unix.out, ['3']);
  });
});

test('watchpost query follows the socket path of watchpost.yaml', async () => {
  await withSite(async ({ dir }) => {
    const site = join(dir, 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'watchpost.yaml'), `livestatus:\n  socket: ${join(dir, 'run', 'live')}\n`);
    const c = capture(dir);
    assert.equal(
      await queryCommand.run({ 'site-dir': 'site', timeout: '10' }, ['GET status\nColumns: num_services'], c.io),
      0,
    );
    assert.deepEqual(c.out, ['4']);
  });
});

test('watchpost query exits 1 with the error, or prints the raw answer when the query asks for its header', async () => {
  await withSite(async ({ dir }) => {
    const bad = capture(dir);
    assert.equal(await queryCommand.run({ timeout: '10' }, ['GET nosuchtable'], bad.io), 1);
    assert.deepEqual(bad.err, ["404: Invalid GET request, no such table 'nosuchtable'"]);
    const raw = capture(dir);
    assert.equal(
      await queryCommand.run(
        { timeout: '10' },
        ['GET hosts', 'Columns: name', 'Limit: 1', 'ResponseHeader: fixed16'],
        raw.io,
      ),
      0,
    );
    assert.deepEqual(raw.out, ['200           7\nrouter']);
  });
});

test('watchpost query: wrong usage exits 2, an unreachable site 3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-cli-live-'));
  try {
    const cases: readonly [Record<string, string>, string[], number, RegExp][] = [
      [{}, [], 2, /no query given/],
      [{ tcp: 'nohost' }, ['GET hosts'], 2, /--tcp expects HOST:PORT/],
      [{ tcp: '127.0.0.1:1', socket: 'x' }, ['GET hosts'], 2, /use only one of/],
      [{ timeout: 'soon' }, ['GET hosts'], 2, /--timeout expects seconds/],
      [{ timeout: '5' }, ['GET hosts'], 3, /cannot talk to .*run\/live: ENOENT/],
    ];
    for (const [values, positionals, expected, message] of cases) {
      const c = capture(dir);
      const empty = makeQueryCommand(async () => '\n');
      assert.equal(await empty.run(values, positionals, c.io), expected, JSON.stringify(values));
      assert.match(c.err.join('\n'), message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('watchpost command sends checked commands with a timestamp and sends nothing if one is wrong', async () => {
  await withSite(async ({ dir, commands }) => {
    const ok = capture(dir);
    const status = await commandCommand.run(
      { timeout: '10' },
      ['ENABLE_NOTIFICATIONS', '[1700000000] SCHEDULE_FORCED_SVC_CHECK;srv1;CPU load;1700000000'],
      ok.io,
    );
    assert.equal(status, 0, ok.err.join('\n'));
    assert.deepEqual(
      commands.received.map((r) => r.command.name),
      ['ENABLE_NOTIFICATIONS', 'SCHEDULE_FORCED_SVC_CHECK'],
    );
    assert.ok((commands.received[0]?.command.submittedAt ?? 0) > 1_700_000_000);
    const bad = capture(dir);
    assert.equal(await commandCommand.run({ timeout: '10' }, ['DISABLE_NOTIFICATIONS', 'MAKE_COFFEE;now'], bad.io), 1);
    assert.match(bad.err.join('\n'), /unknown command 'MAKE_COFFEE'/);
    assert.equal(commands.received.length, 2, 'nothing sent when one command is wrong');
    assert.equal(await commandCommand.run({ timeout: '10' }, [], capture(dir).io), 2);
  });
});

test('query and command have help texts with exit codes', () => {
  for (const command of [queryCommand, commandCommand]) {
    assert.match(command.help, /^Usage: watchpost /);
    assert.match(command.help, /Exit codes: 0/);
  }
});
