import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUtf8File } from './read-utf8-file.js';

test('readUtf8File() reads ASCII, UTF-8, a byte order mark and broken UTF-8 as the UTF-8 decoder does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-text-'));
  try {
    const cases: readonly (readonly [string, Buffer])[] = [
      ['empty', Buffer.alloc(0)],
      ['ascii', Buffer.from('define host {\n  host_name a\n}\n')],
      ['utf-8', Buffer.from('alias Zürich – 東京 😀\n')],
      ['bom', Buffer.from('\ufeffdefine host {}\n')],
      ['broken', Buffer.from([0x61, 0xc3, 0x28, 0xff, 0x0a])],
      ['control', Buffer.from([0x00, 0x01, 0x7f, 0x0a])],
    ];
    for (const [name, bytes] of cases) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      assert.equal(readUtf8File(path), bytes.toString('utf8'), name);
    }
    assert.throws(() => readUtf8File(join(dir, 'missing')), { code: 'ENOENT' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
