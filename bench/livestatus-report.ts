/**
 * The Livestatus benchmark's report for people: one line per query and size with median and p95
 * of both systems, the ratio, and the targets that apply, then what went wrong, if anything.
 */
import type { LivestatusReport, QueryFigures } from './livestatus-bench.js';

const ms = (n: number): string =>
  !Number.isFinite(n) ? '-' : n < 10 ? `${n.toFixed(2)} ms` : `${Math.round(n).toLocaleString('en-US')} ms`;

const pair = (f: QueryFigures | null): string => (f === null ? '-' : `${ms(f.medianMs)} / ${ms(f.p95Ms)}`);

const rate = (f: QueryFigures | null): string =>
  f?.perSecond === undefined ? '' : ` (${Math.round(f.perSecond).toLocaleString('en-US')}/s)`;

function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The report as a table, with the notes a reader needs to trust or distrust it. */
export function formatLivestatusReport(r: LivestatusReport): string {
  const rows: string[][] = [
    ['services', 'query', 'watchpost p50 / p95', 'icinga2 p50 / p95', 'icinga2 ÷ watchpost', 'server side', 'targets'],
  ];
  for (const row of r.rows) {
    rows.push([
      row.services.toLocaleString('en-US'),
      row.query,
      pair(row.watchpost) + rate(row.watchpost),
      pair(row.icinga) + rate(row.icinga),
      row.ratio === null ? '-' : `${row.ratio.toFixed(1)}×`,
      row.serverSide === null ? '-' : `${ms(row.serverSide.medianMs)} / ${ms(row.serverSide.p95Ms)}`,
      row.targets.map((t) => `${t.name}: ${t.met ? 'met' : 'MISSED'}`).join('; '),
    ]);
  }
  const floors = r.rows
    .filter((row) => row.floor !== undefined)
    .map((row) => `${row.services.toLocaleString('en-US')} services: ${pair(row.floor ?? null)}`);
  const load = Object.entries(r.backgroundCores)
    .map(([services, cores]) => `${Number(services).toLocaleString('en-US')} services: ${cores.toFixed(2)}`)
    .join(', ');
  return [
    `Livestatus queries: Watchpost site vs ${r.icinga.available ? `Icinga 2 ${r.icinga.version}` : 'Icinga 2 (not available)'}; ` +
      `${r.runs} runs per query, alternating between the systems; ${r.clients} clients × ${r.runs} lookups for concurrency`,
    '(time from writing the request to the last byte of the answer, fresh TCP connection on loopback, json, fixed16;',
    ' server side: the same request answered by the same code in a fresh process, over a test status source)',
    '',
    table(rows),
    '',
    ...(floors.length === 0
      ? []
      : [
          `TCP floor of the single lookup (p50 / p95): ${floors.join(', ')}: the same exchange with a process that`,
          ' answers it and does nothing else, asked in the same turns; no server can answer a fresh connection faster here',
        ]),
    `CPUs busy with other work on the machine while measuring: ${load} (this machine has ${r.cpus} CPUs; figures taken under load are noisy)`,
    ...(r.icinga.available ? [] : [`No comparison: ${r.icinga.reason}.`]),
    ...r.problems.map((p) => `PROBLEM: ${p}`),
  ].join('\n');
}
