/**
 * Runs fping for many ping checks at once: the checks that start within a few milliseconds of
 * each other with the same packet count share one fping call (one process for a whole round of
 * host checks instead of one per host), and each reads its own host's summary from the output.
 */
import { execFile } from 'node:child_process';

/** What running fping gave: its whole output, or why it could not run. */
export type FpingRun =
  | { readonly ran: true; readonly exitCode: number; readonly output: string }
  | { readonly ran: false; readonly reason: string };

/** Milliseconds a batch waits for more checks before fping starts. */
const GATHER_MS = 10;
/** Hosts in one fping call at most. */
const MAX_HOSTS = 256;
/** Milliseconds between the echoes to one host; fping's default (1 s) makes a check slow. */
export const INTERVAL_MS = 200;

interface Batch {
  readonly packets: number;
  readonly hosts: Set<string>;
  timeoutMs: number;
  readonly waiting: ((run: FpingRun) => void)[];
  timer: NodeJS.Timeout | null;
}

/** Pings hosts through `program`, batching calls. */
export class FpingBatcher {
  private readonly open = new Map<number, Batch>();

  constructor(private readonly program: string) {}

  /** Sends `packets` echoes to `host`; resolves with the output of the call that included it. */
  ping(host: string, packets: number, timeoutMs: number): Promise<FpingRun> {
    let batch = this.open.get(packets);
    if (batch === undefined) {
      const created: Batch = { packets, hosts: new Set(), timeoutMs, waiting: [], timer: null };
      created.timer = setTimeout(() => this.start(created), GATHER_MS);
      this.open.set(packets, created);
      batch = created;
    }
    batch.hosts.add(host);
    // The shortest timeout of the batch bounds the call, so no check waits past its own.
    batch.timeoutMs = Math.min(batch.timeoutMs, timeoutMs);
    const promise = new Promise<FpingRun>((resolve) => batch.waiting.push(resolve));
    if (batch.hosts.size >= MAX_HOSTS) this.start(batch);
    return promise;
  }

  private start(batch: Batch): void {
    if (this.open.get(batch.packets) === batch) this.open.delete(batch.packets);
    if (batch.timer !== null) clearTimeout(batch.timer);
    // Every echo's wait ends within the timeout: the last one is sent after (packets - 1)
    // intervals and waited for at most `perPacket` ms.
    const perPacket = Math.max(50, Math.min(1000, batch.timeoutMs - (batch.packets - 1) * INTERVAL_MS - 100));
    const args = [
      '-q',
      '-c',
      String(batch.packets),
      '-p',
      String(INTERVAL_MS),
      '-t',
      String(perPacket),
      ...batch.hosts,
    ];
    execFile(
      this.program,
      args,
      { timeout: batch.timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        const run: FpingRun =
          code === 'ENOENT' || code === 'EACCES'
            ? { ran: false, reason: `${this.program} cannot be run (${code}): install the Debian package fping` }
            : {
                ran: true,
                exitCode: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
                output: `${stdout}${stderr}`,
              };
        for (const resolve of batch.waiting) resolve(run);
      },
    );
  }
}
