#!/usr/bin/env bash
# Installs the Debian packages the tests run against: the real Monitoring Plugins,
# Nagios 4 (whose sample configuration and `nagios4 -v` the configuration tests compare with)
# and the Perl Livestatus client that Thruk uses (the Livestatus conformance test runs it).
# Runs apt-get as root, or through sudo when not root.
set -euo pipefail

PACKAGES=(
  dnsmasq-base                # a real DNS server the native dns check and check_dns are compared on
  dovecot-imapd               # the IMAP server the native imap check is compared on (tests start their own)
  dovecot-pop3d               # the POP3 server the native pop3 check is compared on
  fping                       # sends the ICMP echoes of native:ping (compared with check_ping)
  gcc                         # builds the native spawn helper (its tests need it)
  monitoring-plugins-basic    # check_dummy, check_tcp, check_ping, ... for engine tests and the demo
  monitoring-plugins-standard # check_procs, check_disk, check_load, ...
  nagios-nrpe-plugin          # check_nrpe, the reference for native:nrpe
  nagios-nrpe-server          # the NRPE daemon native:nrpe is tested against (tests start their own)
  nagios4-common              # /etc/nagios4 sample configuration
  nagios4-core                # nagios4 -v, the reference for object counts
  nginx                       # the HTTP/HTTPS server the native http check is compared on (tests start their own)
  openssh-server              # sshd, which the native ssh check is compared on (tests start their own)
  openssl                     # makes the test CA and certificates of the Livestatus TLS tests and the native TLS checks
  python3                     # its ssl module is a second TLS client in the Livestatus TLS tests
  slapd                       # the LDAP server native:ldap is tested against (tests start their own)
  libmonitoring-livestatus-perl # Monitoring::Livestatus, a real Livestatus client
)

names=()
for entry in "${PACKAGES[@]}"; do names+=("${entry%% *}"); done

missing=()
for name in "${names[@]}"; do
  dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q 'install ok installed' || missing+=("$name")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test packages: all installed (${names[*]})"
  exit 0
fi

run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
echo "test packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
run apt-get update -q
# Packages must not start daemons of their own inside a test machine or container: Debian's
# policy-rc.d hook (exit 101: "action forbidden") is honoured by every package's invoke-rc.d.
policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | run tee "$policy" >/dev/null
  run chmod 755 "$policy"
  own_policy=yes
fi
status=0
run env RUNLEVEL=1 apt-get install -y -q --no-install-recommends "${missing[@]}" || status=$?
if [ "$own_policy" = yes ]; then run rm -f "$policy"; fi
[ "$status" -eq 0 ] || exit "$status"
# The tests start slapd and nrpe themselves on free loopback ports; stop any instance a package
# started anyway (by the pid in its pid file) so nothing is left listening on 389 or 5666.
for pidfile in /run/slapd/slapd.pid /run/nagios/nrpe.pid; do
  if [ -s "$pidfile" ]; then run kill "$(cat "$pidfile")" 2>/dev/null || true; fi
done
