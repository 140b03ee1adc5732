// Folding the outcomes a delivery process recorded into the spool's state: only an attempt the
// journal shows begun and without an outcome takes one, and a delivery wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { aJob, T0, tempDir } from '../fixtures-for-tests.js';
import type { DeliveryOutcome } from '../notification-job.js';
import { openOutcomeFile, outcomeFileName, readOutcomeFiles } from './outcome-file.js';
import { foldRecordedOutcomes } from './outcome-records.js';
import type { RecordedOutcome } from './spool-deliverer.js';
import type { SpoolRecord } from './spool-record.js';
import { SpoolState } from './spool-state.js';

const POLICY = { initialDelayMs: 1000, maxDelayMs: 4000, maxAgeMs: 60_000 };
const OK: DeliveryOutcome = { ok: true, detail: '250 ok' };
const BUSY: DeliveryOutcome = { ok: false, retryable: true, reason: '451 busy' };
const REFUSED: DeliveryOutcome = { ok: false, retryable: false, reason: '550 no such user' };
const ID = aJob(1).id;
const BEGUN = T0 + 10;

const rows: {
  name: string;
  journal: SpoolRecord[];
  recorded: RecordedOutcome[];
  expected: { status: string; attempts?: number; begun?: number | null; verdicts: string[] };
}[] = [
  {
    name: 'a delivery of the attempt under way makes it done',
    journal: [{ kind: 'begin', id: ID, at: BEGUN }],
    recorded: [{ ids: [ID], begun: BEGUN, outcome: OK }],
    expected: { status: 'done', verdicts: ['delivered'] },
  },
  {
    name: 'a temporary failure counts an attempt and ends the attempt under way',
    journal: [{ kind: 'begin', id: ID, at: BEGUN }],
    recorded: [{ ids: [ID], begun: BEGUN, outcome: BUSY }],
    expected: { status: 'queued', attempts: 1, begun: null, verdicts: ['retry'] },
  },
  {
    name: 'a permanent failure puts it on the dead-letter list',
    journal: [{ kind: 'begin', id: ID, at: BEGUN }],
    recorded: [{ ids: [ID], begun: BEGUN, outcome: REFUSED }],
    expected: { status: 'dead', verdicts: ['dead'] },
  },
  {
    name: 'an outcome of an earlier attempt changes nothing',
    journal: [{ kind: 'begin', id: ID, at: BEGUN }],
    recorded: [{ ids: [ID], begun: BEGUN - 5, outcome: OK }],
    expected: { status: 'queued', attempts: 0, begun: BEGUN, verdicts: [] },
  },
  {
    name: 'an outcome the journal holds already (no attempt under way) changes nothing',
    journal: [
      { kind: 'begin', id: ID, at: BEGUN },
      { kind: 'attempt', id: ID, at: BEGUN + 1, attempts: 1, nextAt: BEGUN + 1001, reason: '451 busy' },
    ],
    recorded: [{ ids: [ID], begun: BEGUN, outcome: BUSY }],
    expected: { status: 'queued', attempts: 1, begun: null, verdicts: [] },
  },
  {
    name: 'of two outcomes of one attempt, the delivery wins whatever the order',
    journal: [{ kind: 'begin', id: ID, at: BEGUN }],
    recorded: [
      { ids: [ID], begun: BEGUN, outcome: BUSY },
      { ids: [ID], begun: BEGUN, outcome: OK },
    ],
    expected: { status: 'done', verdicts: ['delivered'] },
  },
];

for (const row of rows) {
  test(`foldRecordedOutcomes(): ${row.name}`, () => {
    const state = new SpoolState();
    state.apply({ kind: 'add', at: T0, job: aJob(1) });
    for (const record of row.journal) state.apply(record);
    const folded = foldRecordedOutcomes(state, row.recorded, POLICY, T0 + 100);
    assert.deepEqual(
      folded.map((f) => f.verdict),
      row.expected.verdicts,
    );
    const entry = state.entries.get(ID);
    assert.equal(entry?.status ?? (state.delivered.has(ID) ? 'done' : 'gone'), row.expected.status);
    if (row.expected.attempts !== undefined) assert.equal(entry?.attempts, row.expected.attempts);
    if (row.expected.begun !== undefined) assert.equal(entry?.begun, row.expected.begun);
  });
}

test('readOutcomeFiles() reads the files in order and drops a line a crash cut short', async () => {
  const tmp = tempDir();
  try {
    for (const [n, outcome] of [
      [2, OK],
      [1, BUSY],
    ] as const) {
      const file = openOutcomeFile(tmp.dir, outcomeFileName(n));
      file.append({ ids: [ID], begun: BEGUN + n, outcome });
      file.close();
    }
    appendFileSync(join(tmp.dir, outcomeFileName(2)), '{"seq":1,"rec":{"ids":["ab');
    const read = await readOutcomeFiles(tmp.dir);
    assert.deepEqual(
      read.files.map((f) => f.name),
      ['delivery-outcomes.1', 'delivery-outcomes.2'],
    );
    assert.deepEqual(read.outcomes, [
      { ids: [ID], begun: BEGUN + 1, outcome: BUSY },
      { ids: [ID], begun: BEGUN + 2, outcome: OK },
    ]);
    assert.deepEqual(read.problems, []);
  } finally {
    tmp.remove();
  }
});
