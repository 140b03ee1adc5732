import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileLogArchive } from './file-log-archive.js';

test('fileLogArchive() lists the current file and the archive with their first times, and reads lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'log-archive-'));
  try {
    const archive = fileLogArchive(dir);
    assert.deepEqual(archive.files(), [], 'no log directory yet: no files');
    mkdirSync(join(dir, 'archive'), { recursive: true });
    writeFileSync(join(dir, 'archive', 'monitoring-1.log'), '[100] LOG VERSION: 2\n[150] HOST ALERT: h;UP;HARD;1;ok\n');
    writeFileSync(join(dir, 'archive', 'empty.log'), '');
    writeFileSync(join(dir, 'monitoring.log'), '[200] LOG VERSION: 2\n');
    const files = [...archive.files()].sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(files, [
      { name: join('archive', 'empty.log'), firstTime: null },
      { name: join('archive', 'monitoring-1.log'), firstTime: 100 },
      { name: 'monitoring.log', firstTime: 200 },
    ]);
    assert.deepEqual(
      [...archive.lines(join('archive', 'monitoring-1.log'))],
      ['[100] LOG VERSION: 2', '[150] HOST ALERT: h;UP;HARD;1;ok'],
    );
    writeFileSync(join(dir, 'monitoring.log'), '[3000] LOG VERSION: 2\n');
    assert.equal(
      archive.files().find((f) => f.name === 'monitoring.log')?.firstTime,
      3000,
      'a rewritten file is read again',
    );
    assert.deepEqual([...archive.lines('missing.log')], []);
    assert.deepEqual([...archive.lines('../outside')], []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
