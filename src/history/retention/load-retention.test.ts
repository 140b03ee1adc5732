// Loading retention files: snapshot, journal on top, and every way the files can be damaged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNAPSHOT_VERSION, type MonitoringSnapshot } from '../../model/monitoring-snapshot.js';
import { hostRef, serviceRef } from '../../model/object-ref.js';
import { initialStatus } from '../../model/object-status.js';
import type { Comment } from '../../model/comment.js';
import { loadRetention } from './load-retention.js';
import { encodeLine, type RetentionRecord } from './retention-record.js';
import { SNAPSHOT_FILE, SNAPSHOT_TEMP_FILE, segmentFile, writeSnapshotFile } from './retention-files.js';

function comment(id: number, text: string): Comment {
  return { id, target: hostRef('h'), kind: 'user', author: 'ann', text, at: 1, persistent: true };
}

const BASE: MonitoringSnapshot = {
  version: SNAPSHOT_VERSION,
  at: 1000,
  objects: [initialStatus(hostRef('h')), initialStatus(serviceRef('h', 's'))],
  downtimes: [],
  comments: [comment(1, 'one')],
  globalOverrides: {},
  nextDowntimeId: 1,
  nextCommentId: 2,
};

/** A segment's text: its first line, then batches (each closed by a commit). */
function segment(firstSeq: number, batches: readonly (readonly RetentionRecord[])[]): string {
  let seq = firstSeq;
  let text = encodeLine(seq++, { kind: 'segment', layout: SNAPSHOT_VERSION, at: 1 });
  for (const batch of batches) {
    for (const record of batch) text += encodeLine(seq++, record);
    text += encodeLine(seq++, { kind: 'commit', at: 2000 + seq });
  }
  return text;
}

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-retention-'));
  try {
    await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const texts = (snapshot: MonitoringSnapshot | undefined): string[] => snapshot?.comments.map((c) => c.text) ?? [];
const add = (id: number, text: string): RetentionRecord => ({ kind: 'comment', comment: comment(id, text) });

test('loadRetention(): a missing or empty directory is a first start', async () => {
  await withDir(async (dir) => {
    for (const path of [join(dir, 'absent'), dir]) {
      const loaded = await loadRetention(path);
      assert.equal(loaded.snapshot, undefined);
      assert.deepEqual(loaded.problems, []);
      assert.equal(loaded.lastSeq, 0);
    }
  });
});

test('loadRetention(): a snapshot alone comes back as it was written', async () => {
  await withDir(async (dir) => {
    await writeSnapshotFile(dir, BASE, 4);
    const loaded = await loadRetention(dir);
    assert.deepEqual(loaded.snapshot, BASE);
    assert.equal(loaded.lastSeq, 4);
    assert.equal(loaded.continuable, true);
    assert.deepEqual(loaded.problems, []);
  });
});

test('loadRetention(): the journal after the snapshot is replayed batch by batch on top of it', async () => {
  await withDir(async (dir) => {
    await writeSnapshotFile(dir, BASE, 4);
    const batches = [[add(2, 'two')], [{ kind: 'comment-gone', id: 1 } as const, add(3, 'three')]];
    writeFileSync(join(dir, segmentFile(5)), segment(5, batches));
    const loaded = await loadRetention(dir);
    assert.deepEqual(texts(loaded.snapshot), ['two', 'three']);
    assert.equal(loaded.snapshot?.nextCommentId, 4);
    assert.equal(loaded.journalRecords, 3);
    assert.equal(loaded.lastSeq, 10);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.obsolete, [segmentFile(5)]);
    assert.equal(loaded.continuable, true, 'a new segment at 11 continues the journal');
  });
});

test('loadRetention(): a torn last batch is dropped whole and reported as torn', async () => {
  await withDir(async (dir) => {
    await writeSnapshotFile(dir, BASE, 4);
    const whole = segment(5, [[add(2, 'two')]]);
    // A batch of two records whose write stopped inside its second record.
    const torn = encodeLine(8, add(3, 'three')) + encodeLine(9, add(4, 'four')).slice(0, 30);
    writeFileSync(join(dir, segmentFile(5)), whole + torn);
    const loaded = await loadRetention(dir);
    assert.deepEqual(texts(loaded.snapshot), ['one', 'two']);
    assert.equal(loaded.problems.length, 1);
    assert.equal(loaded.problems[0]?.torn, true);
    assert.equal(loaded.problems[0]?.line, 5);
    assert.match(loaded.problems[0]?.reason ?? '', /torn write.*1 record\(s\) of an unfinished batch dropped/);
    assert.deepEqual(loaded.damaged, [], 'a torn write is no damage');
    assert.equal(loaded.continuable, false);
  });
});

test('loadRetention(): a batch whose commit line never came is dropped', async () => {
  await withDir(async (dir) => {
    writeFileSync(join(dir, segmentFile(1)), segment(1, [[add(2, 'two')]]) + encodeLine(4, add(3, 'three')));
    const loaded = await loadRetention(dir);
    assert.deepEqual(texts(loaded.snapshot), ['two']);
    assert.equal(loaded.problems[0]?.torn, true);
    assert.match(loaded.problems[0]?.reason ?? '', /no commit line/);
  });
});

test('loadRetention(): a damaged line in the middle stops the replay; what came before is kept', async () => {
  await withDir(async (dir) => {
    await writeSnapshotFile(dir, BASE, 4);
    const text = segment(5, [[add(2, 'two')], [add(3, 'three')], [add(4, 'four')]]);
    writeFileSync(join(dir, segmentFile(5)), text.replace('"three"', '"thre3"'));
    const loaded = await loadRetention(dir);
    assert.deepEqual(texts(loaded.snapshot), ['one', 'two']);
    assert.deepEqual(loaded.damaged, [segmentFile(5)]);
    assert.equal(loaded.problems[0]?.line, 4);
    assert.match(loaded.problems[0]?.reason ?? '', /checksum mismatch/);
    assert.equal(loaded.problems[0]?.torn, false);
    assert.equal(loaded.lastSeq, 7, 'numbers past the damage are not known; new lines start after the name');
  });
});

test('loadRetention(): a damaged snapshot is set aside and the journal is replayed alone', async () => {
  await withDir(async (dir) => {
    await writeSnapshotFile(dir, BASE, 4);
    const path = join(dir, SNAPSHOT_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"one"', '"eno"'));
    writeFileSync(join(dir, segmentFile(5)), segment(5, [[add(2, 'two')]]));
    const loaded = await loadRetention(dir);
    assert.deepEqual(texts(loaded.snapshot), ['two']);
    assert.deepEqual(loaded.damaged, [SNAPSHOT_FILE]);
    assert.match(loaded.problems[0]?.reason ?? '', /checksum mismatch/);
  });
});

const incomplete: readonly { name: string; text: (whole: string) => string; reason: RegExp }[] = [
  { name: 'empty', text: () => '', reason: /does not begin with a snapshot line/ },
  { name: 'without its end line', text: (w) => w.slice(0, w.lastIndexOf('{"seq"')), reason: /no end line/ },
  { name: 'cut short', text: (w) => w.slice(0, w.length - 10), reason: /torn/ },
  {
    name: 'of another layout',
    text: (w) => w.replace(/^.*\n/, encodeLine(0, { kind: 'snapshot', layout: 99, at: 1, journalSeq: 4 })),
    reason: /layout 99/,
  },
];

for (const c of incomplete) {
  test(`loadRetention(): a snapshot file ${c.name} is damaged, never half-read`, async () => {
    await withDir(async (dir) => {
      await writeSnapshotFile(dir, BASE, 4);
      const path = join(dir, SNAPSHOT_FILE);
      writeFileSync(path, c.text(readFileSync(path, 'utf8')));
      const loaded = await loadRetention(dir);
      assert.equal(loaded.snapshot, undefined);
      assert.deepEqual(loaded.damaged, [SNAPSHOT_FILE]);
      assert.match(loaded.problems[0]?.reason ?? '', c.reason);
    });
  });
}

const unfinished: readonly { name: string; text: string }[] = [
  { name: 'an empty segment (a crash right after creating it)', text: '' },
  { name: 'a segment whose first line is torn', text: segment(5, []).slice(0, 25) },
];

for (const c of unfinished) {
  test(`loadRetention(): ${c.name} holds nothing and harms nothing`, async () => {
    await withDir(async (dir) => {
      await writeSnapshotFile(dir, BASE, 4);
      writeFileSync(join(dir, segmentFile(5)), c.text);
      const alone = await loadRetention(dir);
      assert.deepEqual(alone.snapshot, BASE);
      assert.deepEqual(alone.problems, []);
      assert.deepEqual(alone.obsolete, [segmentFile(5)]);
      assert.equal(alone.lastSeq, 5, 'the name is taken');
      assert.equal(alone.continuable, true, 'a segment at 6 continues the journal');
      // The start after that crash began segment 6, and was killed before its snapshot landed.
      writeFileSync(join(dir, segmentFile(6)), segment(6, [[add(2, 'two')]]));
      const next = await loadRetention(dir);
      assert.deepEqual(texts(next.snapshot), ['one', 'two']);
      assert.deepEqual(next.problems, []);
    });
  });
}

test('loadRetention(): segments the snapshot holds are skipped, even damaged ones; a leftover temporary file is obsolete', async () => {
  await withDir(async (dir) => {
    await writeSnapshotFile(dir, BASE, 8);
    writeFileSync(join(dir, segmentFile(1)), 'garbage\n');
    writeFileSync(join(dir, segmentFile(5)), segment(5, [[add(7, 'old')]]));
    writeFileSync(join(dir, segmentFile(9)), segment(9, [[add(2, 'two')]]));
    writeFileSync(join(dir, SNAPSHOT_TEMP_FILE), 'half a snap');
    const loaded = await loadRetention(dir);
    assert.deepEqual(texts(loaded.snapshot), ['one', 'two']);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(
      [...loaded.obsolete].sort(),
      [SNAPSHOT_TEMP_FILE, segmentFile(1), segmentFile(5), segmentFile(9)].sort(),
    );
  });
});

test('loadRetention(): segments are replayed in order across a snapshot that was not written', async () => {
  await withDir(async (dir) => {
    // A crash while compacting: the new segment began at 8, the snapshot of 7 never landed.
    await writeSnapshotFile(dir, BASE, 4);
    writeFileSync(join(dir, segmentFile(5)), segment(5, [[add(2, 'two')]]));
    writeFileSync(join(dir, segmentFile(8)), segment(8, [[{ kind: 'comment-gone', id: 2 }, add(3, 'three')]]));
    const loaded = await loadRetention(dir);
    assert.deepEqual(texts(loaded.snapshot), ['one', 'three']);
    assert.deepEqual(loaded.problems, []);
  });
});

test('loadRetention(): a gap between segments stops the replay; the later segment is set aside', async () => {
  await withDir(async (dir) => {
    await writeSnapshotFile(dir, BASE, 4);
    writeFileSync(join(dir, segmentFile(5)), segment(5, [[add(2, 'two')]]));
    writeFileSync(join(dir, segmentFile(12)), segment(12, [[add(3, 'three')]]));
    writeFileSync(join(dir, segmentFile(16)), segment(16, [[add(4, 'four')]]));
    const loaded = await loadRetention(dir);
    assert.deepEqual(texts(loaded.snapshot), ['one', 'two']);
    assert.deepEqual(loaded.damaged, [segmentFile(12), segmentFile(16)]);
    assert.match(loaded.problems[0]?.reason ?? '', /jumps from 7 to 12/);
    assert.equal(loaded.lastSeq, 16);
  });
});
