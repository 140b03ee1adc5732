/**
 * Ends the process once standard output and standard error have taken everything written to
 * them. A process that instead waits for its event loop to run dry first tears down its whole
 * heap: after loading 100,000 services (some 190 MB) that took about 35 ms more than
 * process.exit, which leaves the memory to the operating system.
 */
export function exitWhenFlushed(status: number): void {
  // An empty write completes after every earlier write on the same stream.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(status)));
}
