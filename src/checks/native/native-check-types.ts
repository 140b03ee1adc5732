/** Every native check type the site offers, by the name a `native:` command line uses. */
import { aliveCheck } from './alive-check.js';
import { dnsCheck } from './dns-check.js';
import { join } from 'node:path';
import { dummyCheck } from './dummy-check.js';
import { httpCheck } from './http-check.js';
import { makeImapCheck } from './imap-check.js';
import { ldapCheck } from './ldap-check.js';
import { makeMailflowCheck } from './mailflow-check.js';
import type { Mailflows } from './mailflow-context.js';
import { fileMailflowStore, MAILFLOW_FILE_NAME, memoryMailflowStore } from './mailflow-store.js';
import type { NativeCheckTypes } from './native-check.js';
import { nrpeCheck } from './nrpe-check.js';
import { makePingCheck } from './ping-check.js';
import { makePop3Check } from './pop3-check.js';
import { makeSmtpCheck } from './smtp-check.js';
import { sshCheck } from './ssh-check.js';
import { tcpCheck } from './tcp-check.js';
import { udpCheck } from './udp-check.js';

/** How the native check types are made. */
export interface NativeCheckTypesOptions {
  /**
   * The directory for state kept across restarts (the mail flow tokens); without it that state
   * lives in memory only.
   */
  readonly stateDir?: string;
  /** Milliseconds since the epoch, for the mail flow tokens; `Date.now` unless a test sets it. */
  readonly now?: () => number;
}

/** The native check types, for `routeNativeChecks`. */
export function nativeCheckTypes(options: NativeCheckTypesOptions = {}): NativeCheckTypes {
  const mailflows: Mailflows = {
    store:
      options.stateDir === undefined
        ? memoryMailflowStore()
        : fileMailflowStore(join(options.stateDir, MAILFLOW_FILE_NAME)),
    now: options.now ?? Date.now,
  };
  return new Map([
    ['alive', aliveCheck],
    ['dns', dnsCheck],
    ['dummy', dummyCheck],
    ['http', httpCheck],
    ['imap', makeImapCheck(mailflows)],
    ['ldap', ldapCheck],
    ['mailflow', makeMailflowCheck(mailflows)],
    ['nrpe', nrpeCheck],
    ['ping', makePingCheck()],
    ['pop3', makePop3Check(mailflows)],
    ['smtp', makeSmtpCheck(mailflows)],
    ['ssh', sshCheck],
    ['tcp', tcpCheck],
    ['udp', udpCheck],
  ]);
}
