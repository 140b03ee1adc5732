/**
 * Reads what retention left in a site's `var/` directory: the snapshot, then the journal
 * segments after it, batch by batch, up to the first line that cannot be trusted. Never throws
 * for what it finds in the files: a damaged file is reported and what is valid is kept. Reads
 * only; the first checkpoint after start deletes and sets aside what this names.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MonitoringSnapshot } from '../../model/monitoring-snapshot.js';
import { parseLines, type RetentionLine } from './parse-lines.js';
import { RetainedState } from './retained-state.js';
import { RETENTION_LAYOUT, type RetentionRecord } from './retention-record.js';
import { SNAPSHOT_FILE, SNAPSHOT_TEMP_FILE, segmentSeqOf } from './retention-files.js';

/** Something wrong in a retention file. */
export interface RetentionProblem {
  /** The file's name in the directory. */
  readonly file: string;
  /** 1-based line, `null` when it concerns the whole file. */
  readonly line: number | null;
  readonly reason: string;
  /**
   * A crash cut the last write short: expected after `kill -9`, nothing accepted is lost. When
   * false the file is damaged (or a part of the journal is missing) and is kept aside.
   */
  readonly torn: boolean;
}

/** What was loaded. */
export interface LoadedRetention {
  /** The retained state, `undefined` when there was none (a first start). */
  readonly snapshot: MonitoringSnapshot | undefined;
  /** The highest sequence number in use: new journal lines take higher ones. */
  readonly lastSeq: number;
  /**
   * The files end cleanly at `lastSeq`: a new segment beginning at `lastSeq + 1` continues the
   * journal, so what is written there counts even before the next snapshot is on disk.
   */
  readonly continuable: boolean;
  readonly problems: readonly RetentionProblem[];
  /** Files that failed verification, to keep aside. */
  readonly damaged: readonly string[];
  /** Files the next snapshot makes unnecessary (replayed or older segments, a leftover temporary file). */
  readonly obsolete: readonly string[];
  /** Records applied from the snapshot file and from the journal. */
  readonly snapshotRecords: number;
  readonly journalRecords: number;
}

interface Reading {
  readonly state: RetainedState;
  readonly problems: RetentionProblem[];
  readonly damaged: string[];
  readonly obsolete: string[];
  at: number;
  lastSeq: number;
  /** The number of the last line that was read and trusted. */
  lastSound: number;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Why the lines of a snapshot file do not make a whole snapshot, or `null`. */
function snapshotProblem(lines: readonly RetentionLine[]): string | null {
  const first = lines[0]?.record;
  const last = lines[lines.length - 1]?.record;
  if (first?.kind !== 'snapshot') return 'it does not begin with a snapshot line';
  if (first.layout !== RETENTION_LAYOUT) return `it has layout ${first.layout}; this version reads ${RETENTION_LAYOUT}`;
  if (last?.kind !== 'end') return 'it has no end line';
  if (last.records !== lines.length - 2)
    return `its end line counts ${last.records} records, it holds ${lines.length - 2}`;
  return null;
}

/** Applies the snapshot file; returns the journal number it holds, or `null` without a usable one. */
async function readSnapshot(dir: string, reading: Reading): Promise<number | null> {
  const text = await readText(join(dir, SNAPSHOT_FILE));
  if (text === null) return null;
  const parsed = parseLines(text, 0);
  const problem = parsed.problem;
  const whole = problem === null ? snapshotProblem(parsed.lines) : null;
  if (problem !== null || whole !== null) {
    reading.problems.push({
      file: SNAPSHOT_FILE,
      line: problem?.line ?? null,
      reason: problem?.reason ?? whole ?? '',
      torn: false,
    });
    reading.damaged.push(SNAPSHOT_FILE);
    return null;
  }
  for (const { record } of parsed.lines) {
    reading.state.apply(record);
    if (record.kind === 'snapshot') {
      reading.at = record.at;
      reading.lastSeq = Math.max(reading.lastSeq, record.journalSeq);
      reading.lastSound = record.journalSeq;
    }
  }
  return parsed.lines[0]?.record.kind === 'snapshot' ? parsed.lines[0].record.journalSeq : null;
}

/**
 * Applies one segment's committed batches. Returns the sequence number after its last sound
 * line, or `null` when reading must stop (a damaged or torn line: what follows is not trusted).
 */
function replaySegment(name: string, text: string, firstSeq: number, reading: Reading): number | null {
  const parsed = parseLines(text, firstSeq);
  if (parsed.lines.length === 0 && (parsed.problem === null || parsed.problem.torn)) {
    // Created, then the process died before its first line was whole: it holds nothing, and
    // the number of that line is used (the next segment begins after it).
    reading.obsolete.push(name);
    reading.lastSound = firstSeq;
    return firstSeq + 1;
  }
  let batch: RetentionRecord[] = [];
  for (const { seq, record } of parsed.lines) {
    reading.lastSeq = Math.max(reading.lastSeq, seq);
    reading.lastSound = seq;
    if (record.kind === 'segment') {
      if (record.layout === RETENTION_LAYOUT) continue;
      const reason = `it has layout ${record.layout}; this version reads ${RETENTION_LAYOUT}`;
      reading.problems.push({ file: name, line: seq - firstSeq + 1, reason, torn: false });
      reading.damaged.push(name);
      return null;
    }
    if (record.kind !== 'commit') {
      batch.push(record);
      continue;
    }
    for (const r of batch) reading.state.apply(r);
    batch = [];
    reading.at = Math.max(reading.at, record.at);
  }
  const { problem } = parsed;
  if (problem === null && batch.length === 0) {
    reading.obsolete.push(name);
    return firstSeq + parsed.lines.length;
  }
  const torn = problem === null || problem.torn;
  reading.problems.push({
    file: name,
    line: problem?.line ?? parsed.lines.length,
    reason: `${problem?.reason ?? 'the last batch has no commit line (torn write)'}; ${batch.length} record(s) of an unfinished batch dropped`,
    torn,
  });
  (torn ? reading.obsolete : reading.damaged).push(name);
  return null;
}

/** Loads the retention files of `dir` (a site's `var/`); a missing directory is a first start. */
export async function loadRetention(dir: string): Promise<LoadedRetention> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    names = [];
  }
  const reading: Reading = {
    state: new RetainedState(),
    problems: [],
    damaged: [],
    obsolete: [],
    at: 0,
    lastSeq: 0,
    lastSound: 0,
  };
  if (names.includes(SNAPSHOT_TEMP_FILE)) reading.obsolete.push(SNAPSHOT_TEMP_FILE);
  const base = names.includes(SNAPSHOT_FILE) ? await readSnapshot(dir, reading) : null;
  const snapshotRecords = reading.state.applied;

  const segments = names
    .map((name) => ({ name, firstSeq: segmentSeqOf(name) }))
    .filter((s): s is { name: string; firstSeq: number } => s.firstSeq !== null)
    .sort((a, b) => a.firstSeq - b.firstSeq);
  let expected: number | null = base === null ? null : base + 1;
  let stopped = false;
  for (const { name, firstSeq } of segments) {
    reading.lastSeq = Math.max(reading.lastSeq, firstSeq);
    if (base !== null && firstSeq <= base) {
      // Held by the snapshot: left over from a crash before the old segments were deleted.
      reading.obsolete.push(name);
      continue;
    }
    if (stopped) {
      const reason = 'not replayed: the journal before it is damaged or incomplete';
      reading.problems.push({ file: name, line: null, reason, torn: false });
      reading.damaged.push(name);
      continue;
    }
    const text = await readText(join(dir, name));
    if (text === null) continue;
    if (expected !== null && firstSeq !== expected) {
      const reason = `the journal jumps from ${expected - 1} to ${firstSeq}: lines are missing`;
      reading.problems.push({ file: name, line: null, reason, torn: false });
      reading.damaged.push(name);
      stopped = true;
      continue;
    }
    const next = replaySegment(name, text, firstSeq, reading);
    if (next === null) stopped = true;
    else expected = next;
  }
  const journalRecords = reading.state.applied - snapshotRecords;
  const anything = base !== null || journalRecords > 0;
  return {
    snapshot: anything ? reading.state.snapshot(reading.at) : undefined,
    lastSeq: reading.lastSeq,
    continuable: reading.problems.length === 0 && reading.lastSound === reading.lastSeq,
    problems: reading.problems,
    damaged: reading.damaged,
    obsolete: reading.obsolete,
    snapshotRecords,
    journalRecords,
  };
}
