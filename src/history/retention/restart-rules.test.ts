// Which comments outlive a restart, rule by rule, as Nagios Core decides when reading retention.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Comment, CommentKind } from '../../model/comment.js';
import type { Downtime } from '../../model/downtime.js';
import { SNAPSHOT_VERSION, type MonitoringSnapshot } from '../../model/monitoring-snapshot.js';
import { serviceRef } from '../../model/object-ref.js';
import { initialStatus, type ObjectStatus } from '../../model/object-status.js';
import { afterRestart } from './restart-rules.js';

const target = serviceRef('h', 's');
const plain = initialStatus(target);
const acknowledged: ObjectStatus = {
  ...plain,
  acknowledgement: {
    kind: 'sticky',
    notify: false,
    persistent: false,
    author: 'ann',
    comment: 'mine',
    at: 1,
    commentId: 1,
  },
};
const flapping: ObjectStatus = {
  ...plain,
  flap: { history: [0, 2, 0, 2], percent: 30, flapping: true, recoveryPending: false },
};
const downtime: Downtime = {
  id: 4,
  target,
  fixed: true,
  start: 1,
  end: 2,
  durationMs: 1,
  triggeredBy: null,
  author: 'ann',
  comment: 'work',
  entryTime: 1,
  commentId: 1,
  phase: { kind: 'waiting' },
};

const rows: readonly {
  kind: CommentKind;
  persistent: boolean;
  status: ObjectStatus;
  downtimes: readonly Downtime[];
  kept: boolean;
  why: string;
}[] = [
  { kind: 'user', persistent: true, status: plain, downtimes: [], kept: true, why: 'persistent' },
  { kind: 'user', persistent: false, status: plain, downtimes: [], kept: false, why: 'not persistent' },
  { kind: 'acknowledgement', persistent: true, status: plain, downtimes: [], kept: true, why: 'persistent, ack gone' },
  {
    kind: 'acknowledgement',
    persistent: false,
    status: acknowledged,
    downtimes: [],
    kept: true,
    why: 'still acknowledged',
  },
  {
    kind: 'acknowledgement',
    persistent: false,
    status: plain,
    downtimes: [],
    kept: false,
    why: 'no longer acknowledged',
  },
  {
    kind: 'downtime',
    persistent: false,
    status: plain,
    downtimes: [downtime],
    kept: true,
    why: 'its downtime is retained',
  },
  { kind: 'downtime', persistent: false, status: plain, downtimes: [], kept: false, why: 'its downtime is gone' },
  { kind: 'flapping', persistent: false, status: flapping, downtimes: [], kept: true, why: 'still flapping' },
  { kind: 'flapping', persistent: false, status: plain, downtimes: [], kept: false, why: 'no longer flapping' },
];

for (const row of rows) {
  const verdict = row.kept ? 'keeps' : 'drops';
  test(`afterRestart() ${verdict} a ${row.persistent ? 'persistent' : 'non-persistent'} ${row.kind} comment: ${row.why}`, () => {
    const comment: Comment = {
      id: 1,
      target,
      kind: row.kind,
      author: 'a',
      text: 't',
      at: 1,
      persistent: row.persistent,
    };
    const snapshot: MonitoringSnapshot = {
      version: SNAPSHOT_VERSION,
      at: 1,
      objects: [row.status],
      downtimes: row.downtimes,
      comments: [comment],
      globalOverrides: {},
      nextDowntimeId: 5,
      nextCommentId: 2,
    };
    const after = afterRestart(snapshot);
    assert.deepEqual(after.comments, row.kept ? [comment] : []);
    assert.deepEqual({ ...after, comments: [] }, { ...snapshot, comments: [] }, 'nothing else changes');
  });
}
