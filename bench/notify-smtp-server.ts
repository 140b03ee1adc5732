/**
 * The SMTP server of the notify benchmark, in a process of its own so that its CPU is not the
 * site's: smtp-server on 127.0.0.1 (a free port), no authentication, no TLS. It counts the
 * messages it accepts and their distinct Message-IDs, and answers `report` on its IPC channel.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let received = 0;
const ids = new Set<string>();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  // A mail server looks up its clients' names; on a machine without DNS that waits for a timeout
  // per connection, which would measure the resolver, not the spool.
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      // The headers are enough: the Message-ID is among them.
      if (head.length < 8192) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      received++;
      const id = /^message-id:\s*(\S+)/im.exec(head)?.[1];
      if (id !== undefined) ids.add(id);
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.server.address() as AddressInfo;
  process.send?.({ kind: 'listening', port });
});
process.on('message', (message: unknown) => {
  if (message === 'report') process.send?.({ kind: 'report', received, distinct: ids.size });
  if (message === 'stop') server.close(() => process.exit(0));
});
