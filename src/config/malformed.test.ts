/**
 * The malformed and hostile configuration library (test-data/malformed/): every case is a site
 * directory, or is generated here when it must be huge, with an expect.json that names the
 * diagnostic the loader must give (file, line, part of the message). Each load must not throw,
 * must refuse the configuration (or, for the positive cases, accept it) and must finish in 5 s.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { countObjects } from '../model/objects.js';
import type { Diagnostic, Severity } from './diagnostic.js';
import { loadSite, MAX_FOLDER_DEPTH } from './load-site.js';

const LIBRARY = fileURLToPath(new URL('../../../test-data/malformed/', import.meta.url));
const TIME_LIMIT_MS = 20_000;
const TEN_MB = 10 * 1024 * 1024;

/** What expect.json says about a case. */
interface Expectation {
  readonly description: string;
  /** Name of a generator below: the site is written to a temporary directory at test time. */
  readonly generate?: string;
  /** `true` for a configuration that must load; then `file`/`line`/`message` name a warning, if any. */
  readonly ok: boolean;
  readonly severity: Severity;
  readonly file?: string;
  readonly line?: number;
  readonly message?: string;
  /** Object counts a positive case must have. */
  readonly counts?: Readonly<Record<string, number>>;
  /** A loader bug this case exposes, not fixed yet: the case then runs as a to-do. */
  readonly knownBug?: string;
}

function readExpectation(dir: string): Expectation {
  const raw: unknown = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8'));
  assert.ok(typeof raw === 'object' && raw !== null, `${dir}/expect.json must hold an object`);
  const e = raw as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = e[key];
    assert.ok(value === undefined || typeof value === 'string', `${dir}: '${key}' must be text`);
    return value;
  };
  const line = e.line;
  assert.ok(line === undefined || (typeof line === 'number' && Number.isInteger(line)), `${dir}: bad 'line'`);
  const severity = text('severity') ?? (e.ok === true ? 'warning' : 'error');
  assert.ok(severity === 'error' || severity === 'warning' || severity === 'notice', `${dir}: bad 'severity'`);
  return {
    description: text('description') ?? '',
    generate: text('generate'),
    ok: e.ok === true,
    severity,
    file: text('file'),
    line,
    message: text('message'),
    counts: e.counts as Record<string, number> | undefined,
    knownBug: text('knownBug'),
  };
}

/** Bytes that are the same on every run: xorshift32 from a fixed seed. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function writeSite(siteDir: string, files: Readonly<Record<string, string | Buffer>>): void {
  writeFileSync(join(siteDir, 'watchpost.yaml'), 'site: malformed\n');
  for (const [path, content] of Object.entries(files)) {
    const full = join(siteDir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  }
}

const id = (i: number): string => String(i).padStart(6, '0');

/** `count` hosts, each the parent of the next, the last the parent of the first (4 lines each). */
function parentCycle(count: number): string {
  const blocks: string[] = [];
  for (let i = 0; i < count; i++) {
    blocks.push(`define host {\n    host_name  h${id(i)}\n    parents    h${id((i + 1) % count)}\n}\n`);
  }
  return blocks.join('');
}

/**
 * Generators of the cases too big to keep in the repository. Each writes a site into the empty
 * directory it is given and may return expectation fields only known when generating.
 */
const GENERATORS: Readonly<Record<string, (siteDir: string) => Partial<Expectation>>> = {
  'long-line-cfg': (siteDir) => {
    writeSite(siteDir, {
      'conf.d/hosts.cfg': `define host {\n    host_name  web01\n    alias      ${'A'.repeat(TEN_MB)}\n}\n`,
    });
    return {};
  },
  'long-key-yaml': (siteDir) => {
    writeSite(siteDir, { 'conf.d/hosts.yaml': `hosts:\n  - host_name: web01\n    ${'k'.repeat(TEN_MB)}: 1\n` });
    return {};
  },
  // Both garbage files start with a NUL byte, so the first line is binary whatever follows.
  'binary-cfg': (siteDir) => {
    writeSite(siteDir, { 'conf.d/hosts.cfg': Buffer.concat([Buffer.from([0]), pseudoRandomBytes(TEN_MB, 42)]) });
    return {};
  },
  'binary-yaml': (siteDir) => {
    writeSite(siteDir, { 'conf.d/hosts.yaml': Buffer.concat([Buffer.from([0]), pseudoRandomBytes(TEN_MB, 7)]) });
    return {};
  },
  'deep-folders': (siteDir) => {
    const folders = Array.from({ length: 200 }, () => 'd').join('/');
    writeSite(siteDir, { [`conf.d/${folders}/hosts.yaml`]: 'hosts:\n  - host_name: deep01\n' });
    const firstRefused = Array.from({ length: MAX_FOLDER_DEPTH + 1 }, () => 'd').join('/');
    return { file: `conf.d/${firstRefused}`, line: 0 };
  },
  'parent-cycle-1000': (siteDir) => {
    writeSite(siteDir, { 'conf.d/hosts.cfg': parentCycle(1000) });
    return {};
  },
  'parent-cycle-100000': (siteDir) => {
    writeSite(siteDir, { 'conf.d/hosts.cfg': parentCycle(100_000) });
    return {};
  },
  'hostgroup-cycle-100000': (siteDir) => {
    const count = 100_000;
    const blocks: string[] = [];
    for (let i = 0; i < count; i++) {
      blocks.push(
        `define hostgroup {\n    hostgroup_name     g${id(i)}\n    hostgroup_members  g${id((i + 1) % count)}\n}\n`,
      );
    }
    writeSite(siteDir, { 'conf.d/groups.cfg': blocks.join('') });
    return {};
  },
  'template-cycle-100000': (siteDir) => {
    const count = 100_000;
    const blocks: string[] = [];
    for (let i = 0; i < count; i++) {
      blocks.push(
        `define host {\n    name      t${id(i)}\n    use       t${id((i + 1) % count)}\n    register  0\n}\n`,
      );
    }
    blocks.push(`define host {\n    use        t${id(0)}\n    host_name  web01\n}\n`);
    writeSite(siteDir, { 'conf.d/templates.cfg': blocks.join('') });
    return {};
  },
  'contactgroup-chain-100000': (siteDir) => {
    const count = 100_000;
    const lines = ['contacts:', '  - contact_name: alice', 'contactgroups:'];
    for (let i = 0; i < count; i++) {
      lines.push(`  - contactgroup_name: cg${id(i)}`);
      lines.push(i + 1 < count ? `    contactgroup_members: [cg${id(i + 1)}]` : '    members: [alice]');
    }
    writeSite(siteDir, { 'conf.d/contacts.yaml': `${lines.join('\n')}\n` });
    return {};
  },
};

/** Diagnostics as text for failure messages, each cut short (some quote megabytes of input). */
function show(diagnostics: readonly Diagnostic[]): string {
  const shown = diagnostics
    .slice(0, 12)
    .map(
      (d) =>
        `  ${d.file}:${d.line}: ${d.severity}: ${d.message.length > 300 ? `${d.message.slice(0, 300)}…` : d.message}`,
    );
  if (diagnostics.length > shown.length) shown.push(`  … and ${diagnostics.length - shown.length} more`);
  return shown.length === 0 ? '  (no diagnostics)' : shown.join('\n');
}

/** The diagnostics of every case, for the checks that look across all of them. */
const seen = new Map<string, readonly Diagnostic[]>();

function runCase(name: string, caseDir: string, expectation: Expectation): void {
  let siteDir = caseDir;
  let temp: string | null = null;
  let expected = expectation;
  if (expectation.generate !== undefined) {
    const generate = GENERATORS[expectation.generate];
    assert.ok(generate !== undefined, `${name}: no generator '${expectation.generate}'`);
    temp = mkdtempSync(join(tmpdir(), 'watchpost-malformed-'));
    siteDir = temp;
    expected = { ...expectation, ...generate(temp) };
  }
  try {
    const start = performance.now();
    const result = loadSite(siteDir);
    const elapsed = performance.now() - start;
    const items = result.diagnostics.items;
    seen.set(name, items);

    assert.ok(elapsed < TIME_LIMIT_MS, `${name}: loading took ${Math.round(elapsed)} ms (limit ${TIME_LIMIT_MS} ms)`);
    if (expected.ok) {
      assert.equal(result.ok, true, `${name}: expected to load, got:\n${show(items)}`);
      if (result.ok && expected.counts !== undefined) {
        const counts = countObjects(result.configuration);
        for (const [type, count] of Object.entries(expected.counts)) {
          assert.equal(counts[type], count, `${name}: ${type}`);
        }
      }
    } else {
      assert.equal(result.ok, false, `${name}: expected errors, but the configuration loaded:\n${show(items)}`);
    }
    if (expected.message !== undefined) {
      const { file, line, message, severity } = expected;
      const match = items.find(
        (d) =>
          d.severity === severity &&
          (file === undefined || d.file.endsWith(file)) &&
          (line === undefined || d.line === line) &&
          d.message.includes(message),
      );
      assert.ok(
        match !== undefined,
        `${name}: no ${severity} at ${file ?? '?'}:${line ?? '?'} containing "${message}"; got:\n${show(items)}`,
      );
    }
  } finally {
    if (temp !== null) rmSync(temp, { recursive: true, force: true });
  }
}

const cases = readdirSync(LIBRARY, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

test('the malformed configuration library holds at least 45 cases', () => {
  assert.ok(cases.length >= 45, `only ${cases.length} cases`);
});

for (const name of cases) {
  const caseDir = join(LIBRARY, name);
  const expectation = readExpectation(caseDir);
  const what = expectation.ok ? 'loads' : 'is refused with the expected error';
  const todo = expectation.knownBug === undefined ? {} : { todo: expectation.knownBug };
  test(`loadSite() on ${name} (${expectation.description}) ${what}, within 20 s`, { timeout: 120_000, ...todo }, () =>
    runCase(name, caseDir, expectation),
  );
}

test('every diagnostic of the library names a file and a line of 0 or more', () => {
  for (const [name, items] of seen) {
    for (const d of items) {
      assert.ok(d.file !== '', `${name}: a diagnostic without a file: ${d.message.slice(0, 200)}`);
      assert.ok(Number.isInteger(d.line) && d.line >= 0, `${name}: bad line ${d.line} in ${d.file}`);
    }
  }
});

test('no diagnostic of the library is longer than 1,000 characters, however long the input it quotes', () => {
  const long: string[] = [];
  for (const [name, items] of seen) {
    for (const d of items) {
      if (d.message.length > 1000) long.push(`${name}: ${d.message.length} characters: ${d.message.slice(0, 120)}…`);
    }
  }
  assert.deepEqual(long, []);
});
