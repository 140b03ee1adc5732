import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingCommandSink } from '../../testing/fake-status-source.js';
import { fixtureSource } from '../../testing/livestatus-fixture.js';
import { startLivestatus } from './start-livestatus.js';

/**
 * The real Perl client (Debian's libmonitoring-livestatus-perl, which Thruk uses) against the
 * server over a unix socket and TCP, with and without keep-alive. The script prints one JSON
 * document with what each client call returned.
 */
const SCRIPT = String.raw`
use strict;
use warnings;
use JSON::PP;
use Monitoring::Livestatus;

my ($kind, $where, $keepalive) = @ARGV;
my $ml = Monitoring::Livestatus->new(
  ($kind eq 'unix' ? (socket => $where) : (server => $where)),
  keepalive => $keepalive,
  errors_are_fatal => 0,
  warnings => 0,
  timeout => 10,
);
my %out;
my $connections_before = $ml->selectscalar_value("GET status\nColumns: connections");
$out{hosts} = $ml->selectall_arrayref("GET hosts\nColumns: name state groups");
$out{hosts_as_hashes} = $ml->selectall_arrayref("GET hosts\nColumns: name address\nFilter: name = srv1", { Slice => {} });
$out{status_row} = [ $ml->selectrow_array("GET status\nColumns: program_version num_hosts num_services") ];
$out{stats_row} = $ml->selectrow_hashref("GET services\nStats: state = 0\nStats: state = 1\nStats: state = 2\nStats: state = 3");
$out{stats_scalar} = $ml->selectscalar_value("GET services\nStats: state != 0");
$out{grouped_stats} = $ml->selectall_arrayref("GET services\nColumns: host_name\nStats: state != 0\nStats: has_been_checked = 0");
$out{no_columns} = $ml->selectall_arrayref("GET contactgroups", { Slice => {} });
$out{column} = $ml->selectcol_arrayref("GET services\nColumns: description\nFilter: host_name = srv1");
$out{custom_variables} = $ml->selectrow_arrayref("GET hosts\nColumns: custom_variables services_with_state\nFilter: name = srv1");
$out{unicode} = $ml->selectscalar_value("GET services\nColumns: plugin_output\nFilter: host_name = srv2\nFilter: description = CPU load");
# The client half-closes its socket after a COMMAND, so a kept-alive socket could not be used
# afterwards (a client trait, whatever the server): commands go through their own client.
my $commander = Monitoring::Livestatus->new(
  ($kind eq 'unix' ? (socket => $where) : (server => $where)), errors_are_fatal => 0, warnings => 0);
$out{command} = $commander->do("COMMAND [1700000000] SCHEDULE_FORCED_SVC_CHECK;srv1;CPU load;1700000000") ? 1 : 0;
$out{after_command} = $ml->selectscalar_value("GET hosts\nStats: state = 1");
my $bad = $ml->selectall_arrayref("GET hosts\nFilter: nosuchcolumn = 1");
$out{error_code} = $Monitoring::Livestatus::ErrorCode;
$out{error_message} = $Monitoring::Livestatus::ErrorMessage;
$out{unknown_table} = defined $ml->selectall_arrayref("GET nosuchtable") ? 'rows' : 'undef';
$out{unknown_table_code} = $Monitoring::Livestatus::ErrorCode;
$out{last} = $ml->selectscalar_value("GET status\nColumns: livestatus_version");
$out{new_connections} = $ml->selectscalar_value("GET status\nColumns: connections") - $connections_before;
print JSON::PP->new->canonical->utf8->encode(\%out);
`;

const EXPECTED = {
  after_command: 1,
  column: ['CPU load', 'Memory'],
  command: 1,
  custom_variables: [
    { OS: 'Linux', SERIAL: 'A1' },
    [
      ['CPU load', 0, 1],
      ['Memory', 1, 1],
    ],
  ],
  error_code: 400,
  error_message: "while processing header 'Filter': table 'hosts' has no column 'nosuchcolumn'",
  grouped_stats: [
    ['srv1', 1, 0],
    ['srv2', 1, 1],
  ],
  hosts: [
    ['router', 0, []],
    ['srv1', 0, ['linux', 'web']],
    ['srv2', 1, ['linux']],
  ],
  hosts_as_hashes: [{ address: '10.0.0.1', name: 'srv1' }],
  last: 'watchpost-0.1.0',
  no_columns: [
    { alias: 'Admins', members: ['admin'], name: 'admins' },
    { alias: 'Operators', members: ['ops'], name: 'operators' },
  ],
  stats_row: { 'state = 0': 2, 'state = 1': 1, 'state = 2': 1, 'state = 3': 0 },
  stats_scalar: 2,
  status_row: ['watchpost-0.1.0', 3, 4],
  unicode: 'CRIT - load average: 12.00, 11.50, 9.00 "hot" \\ über',
  unknown_table: 'undef',
  unknown_table_code: 404,
};

function runPerl(
  script: string,
  args: readonly string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('perl', [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

test('the Perl client Monitoring::Livestatus works unchanged over unix and TCP, with and without keep-alive', async () => {
  const probe = spawnSync('perl', ['-MMonitoring::Livestatus', '-MJSON::PP', '-e', '1'], { encoding: 'utf8' });
  assert.equal(
    probe.status,
    0,
    `the Perl module Monitoring::Livestatus is missing: install the Debian package libmonitoring-livestatus-perl (scripts/install-test-packages.sh does) — ${probe.error?.message ?? probe.stderr.trim()}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-perl-'));
  const commands = new RecordingCommandSink();
  const server = await startLivestatus({
    source: fixtureSource(),
    commands,
    unixSocket: join(dir, 'live'),
    tcp: { address: '127.0.0.1', port: 0 },
  });
  try {
    const script = join(dir, 'client.pl');
    writeFileSync(script, SCRIPT);
    const targets: [string, string][] = [
      ['unix', join(dir, 'live')],
      ['tcp', `127.0.0.1:${server.tcpAddress?.port ?? 0}`],
    ];
    for (const [kind, where] of targets) {
      for (const keepalive of ['0', '1']) {
        const run = await runPerl(script, [kind, where, keepalive]);
        assert.equal(run.status, 0, `${kind} keepalive=${keepalive}: ${run.stderr}`);
        const { new_connections: connections, ...answers } = JSON.parse(run.stdout) as Record<string, unknown>;
        assert.deepEqual(answers, EXPECTED, `${kind} keepalive=${keepalive}`);
        // Kept alive: one connection for all queries (plus the command client's); else one per query.
        if (keepalive === '1') assert.equal(connections, 1, `${kind}: connections opened while kept alive`);
        else assert.ok(Number(connections) > 10, `${kind}: ${String(connections)} connections without keep-alive`);
      }
    }
    assert.equal(commands.received.length, 4);
    assert.ok(commands.received.every((r) => r.command.name === 'SCHEDULE_FORCED_SVC_CHECK'));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
