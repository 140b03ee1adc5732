/** Every native check type the site offers, by the name a `native:` command line uses. */
import { aliveCheck } from './alive-check.js';
import { dnsCheck } from './dns-check.js';
import { dummyCheck } from './dummy-check.js';
import { httpCheck } from './http-check.js';
import { imapCheck } from './imap-check.js';
import { ldapCheck } from './ldap-check.js';
import type { NativeCheckTypes } from './native-check.js';
import { nrpeCheck } from './nrpe-check.js';
import { pop3Check } from './pop3-check.js';
import { smtpCheck } from './smtp-check.js';
import { sshCheck } from './ssh-check.js';
import { tcpCheck } from './tcp-check.js';
import { udpCheck } from './udp-check.js';

/** The native check types, for `routeNativeChecks`. */
export function nativeCheckTypes(): NativeCheckTypes {
  return new Map([
    ['alive', aliveCheck],
    ['dns', dnsCheck],
    ['dummy', dummyCheck],
    ['http', httpCheck],
    ['imap', imapCheck],
    ['ldap', ldapCheck],
    ['nrpe', nrpeCheck],
    ['pop3', pop3Check],
    ['smtp', smtpCheck],
    ['ssh', sshCheck],
    ['tcp', tcpCheck],
    ['udp', udpCheck],
  ]);
}
