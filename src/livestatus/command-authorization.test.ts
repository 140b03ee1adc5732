import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLevel } from '../lib/logger.js';
import { buildFromYaml } from '../testing/build-from-yaml.js';
import {
  FIXTURE_COMMENTS,
  FIXTURE_DOWNTIMES,
  FIXTURE_NOW,
  FIXTURE_YAML,
  fixtureSource,
} from '../testing/livestatus-fixture.js';
import { ANSWER_DEFAULTS, type AnswerContext } from './answer-request.js';
import { LivestatusConnection } from './connection.js';
import type { CommandSink, ExternalCommand } from './ports.js';
import { joinedText } from './render-result.js';
import { DEFAULT_READER_LIMITS } from './request-reader.js';
import { toMonitoringCommands } from './to-monitoring-commands.js';

const built = buildFromYaml({
  'fixture.yaml': `${FIXTURE_YAML}users:
  - {user_name: root, role: admin}
  - {user_name: opsuser, role: user, contact: ops}
  - {user_name: looker, role: guest}
`,
});

/** A sink that decides as the site does (toMonitoringCommands) and records what it carried out. */
function translatingSink(): { sink: CommandSink; done: ExternalCommand[]; calls: () => number } {
  const done: ExternalCommand[] = [];
  let calls = 0;
  const state = {
    comments: () => new Map(FIXTURE_COMMENTS.map((c) => [c.id, c])),
    downtimes: () => FIXTURE_DOWNTIMES,
  };
  const sink: CommandSink = {
    submit(command) {
      calls++;
      const translation = toMonitoringCommands(command, built.configuration, FIXTURE_NOW, state);
      if (!translation.ok) return { ok: false, reason: translation.error, forbidden: translation.forbidden === true };
      done.push(command);
      return { ok: true };
    },
  };
  return { sink, done, calls: () => calls };
}

/** Feeds `chunks` to one connection and returns what it wrote and whether it closed. */
async function converse(
  chunks: readonly string[],
  sink: CommandSink,
  afterChunk: (index: number) => void = () => undefined,
): Promise<{ written: string; closed: boolean; logged: string[] }> {
  let written = '';
  let closed = false;
  const logged: string[] = [];
  const context: AnswerContext = {
    source: fixtureSource(),
    commands: sink,
    logger: { log: (level: LogLevel, message: string) => logged.push(`${level} ${message}`) },
    now: () => FIXTURE_NOW,
    sleep: () => Promise.resolve(),
    counters: () => ({ requests: 0, connections: 0, activeConnections: 0 }),
    ...ANSWER_DEFAULTS,
  };
  const connection = new LivestatusConnection({
    context,
    origin: { listener: 'test', connection: 1 },
    io: {
      write: async (bytes) => void (written += joinedText(bytes)),
      close: () => void (closed = true),
      pause: () => undefined,
      resume: () => undefined,
    },
    limits: DEFAULT_READER_LIMITS,
  });
  for (const [i, chunk] of chunks.entries()) {
    connection.data(Buffer.from(chunk));
    await new Promise((resolve) => setImmediate(resolve));
    afterChunk(i);
  }
  await new Promise((resolve) => setImmediate(resolve));
  return { written, closed, logged };
}

const ACK_SRV2 = 'COMMAND [1700000000] ACKNOWLEDGE_SVC_PROBLEM;srv2;CPU load;2;1;0;me;x';
const ACK_SRV1 = 'COMMAND [1700000000] ACKNOWLEDGE_SVC_PROBLEM;srv1;CPU load;2;1;0;me;x';

/** Request bytes, whether the command is carried out, and the answer bytes. */
const CASES: readonly { name: string; send: string; carriedOut: boolean; answer: string | RegExp }[] = [
  { name: 'no AuthUser', send: `${ACK_SRV1}\n\n`, carriedOut: true, answer: '' },
  { name: 'a contact of the service', send: `${ACK_SRV2}\nAuthUser: opsuser\n\n`, carriedOut: true, answer: '' },
  { name: 'a contact name as AuthUser', send: `${ACK_SRV2}\nAuthUser: ops\n\n`, carriedOut: true, answer: '' },
  { name: 'an admin', send: `${ACK_SRV1}\nAuthUser: root\n\n`, carriedOut: true, answer: '' },
  { name: 'not a contact, no header asked', send: `${ACK_SRV1}\nAuthUser: opsuser\n\n`, carriedOut: false, answer: '' },
  {
    name: 'not a contact, fixed16 asked',
    send: `${ACK_SRV1}\nAuthUser: opsuser\nResponseHeader: fixed16\n\n`,
    carriedOut: false,
    answer: "403          72\nACKNOWLEDGE_SVC_PROBLEM: user 'opsuser' may not command 'srv1;CPU load'\n",
  },
  {
    name: 'ResponseHeader before AuthUser',
    send: `${ACK_SRV1}\nResponseHeader: fixed16\nAuthUser: opsuser\n\n`,
    carriedOut: false,
    answer: /^403 +\d+\nACKNOWLEDGE_SVC_PROBLEM: user 'opsuser' may not command/,
  },
  {
    name: 'a contact, fixed16 asked',
    send: `${ACK_SRV2}\nAuthUser: opsuser\nResponseHeader: fixed16\n\n`,
    carriedOut: true,
    answer: '200           0\n',
  },
  {
    name: 'a global switch by a user who does not see all',
    send: 'COMMAND [1700000000] DISABLE_NOTIFICATIONS\nAuthUser: opsuser\nResponseHeader: fixed16\n\n',
    carriedOut: false,
    answer: /^403 +\d+\nDISABLE_NOTIFICATIONS: user 'opsuser' may not change global settings\n$/,
  },
  {
    name: 'a guest may send no commands',
    send: `${ACK_SRV2}\nAuthUser: looker\nResponseHeader: fixed16\n\n`,
    carriedOut: false,
    answer: /^403 +\d+\nACKNOWLEDGE_SVC_PROBLEM: user 'looker' may not send commands\n$/,
  },
  {
    name: 'an unknown user',
    send: `${ACK_SRV2}\nAuthUser: stranger\nResponseHeader: fixed16\n\n`,
    carriedOut: false,
    answer: /^403 +\d+\nACKNOWLEDGE_SVC_PROBLEM: unknown user 'stranger'\n$/,
  },
  {
    name: 'a downtime of an object the user does not see',
    send: 'COMMAND [1700000000] DEL_HOST_COMMENT;1\nAuthUser: viewer\nResponseHeader: fixed16\n\n',
    carriedOut: false,
    answer: /^403 +\d+\nDEL_HOST_COMMENT: user 'viewer' may not command 'srv2'\n$/,
  },
  {
    name: 'an unknown host is a failure, not a refusal',
    send: 'COMMAND [1700000000] ADD_HOST_COMMENT;nohost;1;me;x\nAuthUser: root\nResponseHeader: fixed16\n\n',
    carriedOut: false,
    answer: /^400 +\d+\n.*nohost/,
  },
  {
    name: 'an unknown command',
    send: 'COMMAND [1700000000] NO_SUCH_THING\nResponseHeader: fixed16\n\n',
    carriedOut: false,
    answer: /^400 +\d+\nunknown command 'NO_SUCH_THING'\n$/,
  },
  {
    name: 'NagVis: the next GET without an empty line in between',
    send: `${ACK_SRV2}\nAuthUser: opsuser\nGET hosts\nColumns: name\nResponseHeader: fixed16\n\n`,
    carriedOut: true,
    answer: '200          17\nrouter\nsrv1\nsrv2\n',
  },
];

for (const row of CASES) {
  test(`COMMAND with AuthUser: ${row.name}`, async () => {
    const { sink, done } = translatingSink();
    const result = await converse([row.send], sink);
    assert.equal(done.length, row.carriedOut ? 1 : 0);
    if (typeof row.answer === 'string') assert.equal(result.written, row.answer);
    else assert.match(result.written, row.answer);
    if (!row.carriedOut && row.answer === '') assert.ok(result.logged.length > 0);
    // Commands keep the connection open, refused or not.
    assert.equal(result.closed, row.send.includes('GET hosts'));
  });
}

test('a COMMAND is carried out only after its last header line: an AuthUser arriving late still counts', async () => {
  const { sink, done, calls } = translatingSink();
  const chunks = [`${ACK_SRV1}\n`, 'AuthUser: ', 'opsuser\n', '\n'];
  const callsAfter: number[] = [];
  await converse(chunks, sink, () => callsAfter.push(calls()));
  assert.deepEqual(callsAfter, [0, 0, 0, 1]);
  assert.equal(done.length, 0);
});
