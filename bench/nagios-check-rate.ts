/**
 * Nagios 4 at one offered check rate, measured the way the project's performance reference
 * measures it: the real `nagios4` daemon, run as the current user from a private directory on a
 * generated configuration of N services running `check_dummy` every I seconds (hosts not
 * actively checked, so N / I checks per second are asked for), started, left to settle for a
 * first round, then measured for a window and stopped by its pid.
 *
 * Achieved rate and latency come from Nagios itself: a service performance data file with one
 * line per check result (`$TIMET$ $SERVICELATENCY$`), written by the core for every result
 * (`service_perfdata_process_empty_results`). CPU comes from /proc: the core, its workers, and
 * the plugins the workers reaped.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childPids, machineBusyMs, processCpu, totalCpu } from './process-cpu.js';

/** One Nagios measurement at one offered rate. */
export interface NagiosStepOptions {
  readonly binary: string;
  /** An empty directory for this step's configuration and files. */
  readonly dir: string;
  readonly plugin: string;
  readonly pluginArgs: string;
  readonly rate: number;
  readonly intervalSeconds: number;
  readonly warmupSeconds: number;
  readonly stepSeconds: number;
}

/** What Nagios did in the measured window. */
export interface NagiosStep {
  readonly services: number;
  readonly achieved: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** The core process, per check. */
  readonly coreCpuMsPerCheck: number;
  /** The worker processes, per check. */
  readonly workerCpuMsPerCheck: number;
  readonly pluginCpuMsPerCheck: number;
  readonly cores: number;
  readonly backgroundCores: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function mainConfig(dir: string, o: NagiosStepOptions): string {
  const at = (name: string): string => join(dir, name);
  return [
    `log_file=${at('nagios.log')}`,
    `cfg_file=${at('objects.cfg')}`,
    `object_cache_file=${at('objects.cache')}`,
    `precached_object_file=${at('objects.precache')}`,
    `status_file=${at('status.dat')}`,
    'status_update_interval=10',
    `nagios_user=${process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'nagios')}`,
    `nagios_group=${process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'nagios')}`,
    'check_external_commands=0',
    `command_file=${at('nagios.cmd')}`,
    `lock_file=${at('nagios.lock')}`,
    `temp_file=${at('nagios.tmp')}`,
    `temp_path=${dir}`,
    'retain_state_information=0',
    `state_retention_file=${at('retention.dat')}`,
    `check_result_path=${at('checkresults')}`,
    'interval_length=1',
    `max_service_check_spread=${o.intervalSeconds}`,
    'execute_host_checks=0',
    'enable_notifications=0',
    'enable_event_handlers=0',
    'enable_flap_detection=0',
    'enable_environment_macros=0',
    'use_syslog=0',
    'log_initial_states=0',
    'illegal_macro_output_chars=`~$&|\'"<>',
    'process_performance_data=1',
    `service_perfdata_file=${at('service-perfdata')}`,
    'service_perfdata_file_template=$TIMET$\\t$SERVICELATENCY$',
    'service_perfdata_file_mode=w',
    'service_perfdata_process_empty_results=1',
    '',
  ].join('\n');
}

function objects(services: number, o: NagiosStepOptions): string {
  const always = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  const parts = [
    `define command {\n  command_name bench_check\n  command_line ${o.plugin} ${o.pluginArgs}\n}`,
    `define timeperiod {\n  timeperiod_name always\n  alias always\n${always.map((d) => `  ${d} 00:00-24:00\n`).join('')}}`,
    'define contact {\n  contact_name nobody\n  host_notifications_enabled 0\n  service_notifications_enabled 0\n' +
      '  host_notification_period always\n  service_notification_period always\n  host_notification_options n\n' +
      '  service_notification_options n\n  host_notification_commands bench_check\n' +
      '  service_notification_commands bench_check\n}',
    'define host {\n  name bench-host\n  register 0\n  max_check_attempts 1\n  check_period always\n' +
      '  active_checks_enabled 0\n  contacts nobody\n  notification_period always\n  notifications_enabled 0\n}',
    `define service {\n  name bench-service\n  register 0\n  check_command bench_check\n  max_check_attempts 1\n` +
      `  check_interval ${o.intervalSeconds}\n  retry_interval ${o.intervalSeconds}\n  check_period always\n` +
      '  notification_period always\n  notifications_enabled 0\n  contacts nobody\n}',
  ];
  const perHost = 10;
  for (let h = 0; h * perHost < services; h++) {
    parts.push(`define host {\n  use bench-host\n  host_name h${h}\n  address 127.0.0.1\n}`);
    for (let s = 0; s < perHost && h * perHost + s < services; s++) {
      parts.push(`define service {\n  use bench-service\n  host_name h${h}\n  service_description s${s}\n}`);
    }
  }
  return `${parts.join('\n')}\n`;
}

interface CpuSample {
  readonly at: number;
  readonly coreMs: number;
  readonly workerMs: number;
  readonly pluginMs: number;
  readonly machineMs: number;
}

function sample(pid: number): CpuSample {
  const core = processCpu(pid);
  const workers = totalCpu(childPids(pid));
  return {
    at: performance.now(),
    coreMs: core?.ownMs ?? 0,
    workerMs: workers.ownMs,
    pluginMs: workers.childrenMs + (core?.childrenMs ?? 0),
    machineMs: machineBusyMs(),
  };
}

/** Runs Nagios at one rate; resolves with its figures or with why it could not be measured. */
export async function measureNagiosStep(o: NagiosStepOptions): Promise<NagiosStep | { error: string }> {
  const dir = o.dir;
  mkdirSync(join(dir, 'checkresults'), { recursive: true });
  const services = Math.round(o.rate * o.intervalSeconds);
  writeFileSync(join(dir, 'nagios.cfg'), mainConfig(dir, o));
  writeFileSync(join(dir, 'objects.cfg'), objects(services, o));

  // In the foreground (no -d): the pid we get is the daemon's, and we stop it by that pid.
  const daemon = spawn(o.binary, [join(dir, 'nagios.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  daemon.stdout.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-2000)));
  daemon.stderr.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => daemon.once('close', () => resolve()));
  const running = (): boolean => daemon.exitCode === null && daemon.signalCode === null;
  const pid = daemon.pid;
  if (pid === undefined) return { error: `cannot start ${o.binary}` };
  try {
    await sleep(o.warmupSeconds * 1000);
    // The perfdata file stamps whole seconds: the window starts and ends on a second.
    const startSecond = Math.ceil(Date.now() / 1000);
    await sleep(startSecond * 1000 - Date.now());
    const before = sample(pid);
    await sleep(o.stepSeconds * 1000);
    const after = sample(pid);
    const endSecond = startSecond + o.stepSeconds;
    if (!running())
      return { error: `nagios4 stopped during the measurement: ${said.trim().split('\n').slice(-3).join(' / ')}` };
    daemon.kill('SIGTERM');
    const killer = setTimeout(() => daemon.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);

    const latencies: number[] = [];
    for (const line of readFileSync(join(dir, 'service-perfdata'), 'utf8').split('\n')) {
      const [time, latency] = line.split('\t');
      const second = Number(time);
      if (second >= startSecond && second < endSecond) latencies.push(Number(latency) * 1000);
    }
    latencies.sort((a, b) => a - b);
    const checks = latencies.length;
    const wallMs = after.at - before.at;
    const core = after.coreMs - before.coreMs;
    const workers = after.workerMs - before.workerMs;
    const plugins = after.pluginMs - before.pluginMs;
    const perCheck = (ms: number): number => (checks === 0 ? Number.NaN : ms / checks);
    return {
      services,
      achieved: checks / o.stepSeconds,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      coreCpuMsPerCheck: perCheck(core),
      workerCpuMsPerCheck: perCheck(workers),
      pluginCpuMsPerCheck: perCheck(plugins),
      cores: (core + workers + plugins) / wallMs,
      backgroundCores: Math.max(0, after.machineMs - before.machineMs - core - workers - plugins) / wallMs,
    };
  } finally {
    if (running()) {
      daemon.kill('SIGKILL');
      await exited;
    }
  }
}
