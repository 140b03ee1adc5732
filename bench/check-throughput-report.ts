/**
 * The check throughput report for people: tables of the closed loop, the offered rates and the
 * CPU per check, and the comparison with Nagios 4 in sentences.
 */
import {
  FAILED_STEPS_TO_STOP,
  sustained,
  type CheckThroughputReport,
  type KneeFigures,
  type RunnerName,
  type StepFigures,
} from './check-throughput.js';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string => `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const ms = (value: number): string => (value >= 100 ? fixed(value, 0) : fixed(value, value >= 10 ? 1 : 2));

/** The report as tables and a few sentences for people. */
export function formatCheckThroughputReport(r: CheckThroughputReport): string {
  const out: string[] = [
    `Plugin checks: ${r.plugin} — ${r.cpus} CPUs, ${r.helpers} spawn helpers (batching ${r.helperBatchMs} ms), ` +
      `at most ${r.concurrency} checks in flight`,
    '',
    'Closed loop: checks per second and CPU per check (ms) by who spent it',
    table(
      ['runner', 'checks/s', 'site', 'helpers', 'plugins', 'total', 'cores', 'other load', 'loop delay p99', 'not OK'],
      r.closedLoop.map((c) => [
        c.runner,
        fixed(c.checksPerSecond, 0),
        ms(c.cpu.siteMs),
        ms(c.cpu.helperMs),
        ms(c.cpu.pluginMs),
        ms(c.cpu.siteMs + c.cpu.helperMs + c.cpu.pluginMs),
        fixed(c.cpu.cores, 2),
        fixed(c.cpu.backgroundCores, 2),
        `${ms(c.loopDelayP99Ms)} ms`,
        String(c.failed),
      ]),
    ),
  ];
  const available = r.knee.filter((k): k is Extract<KneeFigures, { available: true }> => k.available);
  const rates = [...new Set(available.flatMap((k) => k.steps.map((s) => s.offered)))].sort((a, b) => a - b);
  const stepOf = (k: (typeof available)[number], rate: number): StepFigures | undefined =>
    k.steps.find((s) => s.offered === rate);
  out.push(
    '',
    `Offered load, ${r.stepSeconds} s per step: achieved checks/s, latency p50 / p99 (ms; start − planned)`,
    table(
      ['offered/s', ...available.map((k) => k.runner)],
      [
        ...rates.map((rate) => [
          String(rate),
          ...available.map((k) => {
            const s = stepOf(k, rate);
            return s === undefined ? '' : `${fixed(s.achieved, 0)}  ${ms(s.latencyP50Ms)} / ${ms(s.latencyP99Ms)}`;
          }),
        ]),
        [
          'knee',
          ...available.map((k) => {
            if (k.knee === null) return `below ${rates[0] ?? '?'}/s`;
            const highest = k.steps.length === rates.length && k.knee === rates[rates.length - 1];
            return highest ? `>= ${k.knee}/s (highest step)` : `${k.knee}/s`;
          }),
        ],
        ['max achieved', ...available.map((k) => `${fixed(k.maxAchieved, 0)}/s`)],
      ],
    ),
    `Knee: the highest offered rate with ${r.kneeRule}; a runner stops after ${FAILED_STEPS_TO_STOP} rates in a row it did not sustain.`,
    '',
    'CPU per check (ms) at each offered rate: site (Node / Nagios core) + helpers (spawn helpers / Nagios workers) + plugins;',
    'other load: CPUs busy outside the measurement meanwhile, per runner',
    table(
      ['offered/s', ...available.map((k) => k.runner), 'other load'],
      rates.map((rate) => [
        String(rate),
        ...available.map((k) => {
          const s = stepOf(k, rate);
          return s === undefined ? '' : `${ms(s.cpu.siteMs)} + ${ms(s.cpu.helperMs)} + ${ms(s.cpu.pluginMs)}`;
        }),
        available.map((k) => fixed(stepOf(k, rate)?.cpu.backgroundCores ?? Number.NaN, 2)).join(' / '),
      ]),
    ),
  );
  for (const k of r.knee) if (!k.available) out.push(`${k.runner}: not measured: ${k.reason}`);
  const byName = (name: RunnerName) => available.find((k) => k.runner === name);
  const pool = byName('helper pool');
  const nagios = byName('nagios4');
  const node = byName('child_process');
  const closedOf = (name: RunnerName) => r.closedLoop.find((c) => c.runner === name);
  const poolLoop = closedOf('helper pool');
  const nodeLoop = closedOf('child_process');
  out.push('');
  if (poolLoop !== undefined && nodeLoop !== undefined) {
    out.push(
      `Site CPU per check: helper pool ${ms(poolLoop.cpu.siteMs)} ms vs child_process ${ms(nodeLoop.cpu.siteMs)} ms ` +
        `(${fixed(nodeLoop.cpu.siteMs / poolLoop.cpu.siteMs, 1)}x less).`,
    );
  }
  if (pool !== undefined && nagios !== undefined) {
    out.push(
      `Knee: helper pool ${pool.knee ?? 'none'}, child_process ${node?.knee ?? 'none'}, nagios4 ${nagios.knee ?? 'none'} ` +
        `checks/s (target: above Nagios 4). ` +
        `Max achieved: ${fixed(pool.maxAchieved, 0)} vs ${fixed(nagios.maxAchieved, 0)}.`,
    );
  }
  if (pool !== undefined && nagios !== undefined) {
    // Compare where both kept up, so neither figure is inflated by a backlog.
    const both = rates.filter((rate) => {
      const p = stepOf(pool, rate);
      const n = stepOf(nagios, rate);
      return p !== undefined && n !== undefined && sustained(p) && sustained(n);
    });
    const rate = both[both.length - 1];
    const p = rate === undefined ? undefined : stepOf(pool, rate);
    const n = rate === undefined ? undefined : stepOf(nagios, rate);
    if (p !== undefined && n !== undefined) {
      const own = (s: StepFigures): number => s.cpu.siteMs + s.cpu.helperMs;
      const total = (s: StepFigures): number => own(s) + s.cpu.pluginMs;
      out.push(
        `At ${rate}/s (the highest rate both sustained): own CPU per check (site + helpers) helper pool ` +
          `${ms(own(p))} ms vs nagios4 core + workers ${ms(own(n))} ms (target: at most half); ` +
          `total with plugins ${ms(total(p))} vs ${ms(total(n))} ms (target: no more).`,
      );
    }
  }
  out.push('Other load: CPUs busy with processes outside the measurement; above ~0.1 the figures are disturbed.');
  return out.join('\n');
}
