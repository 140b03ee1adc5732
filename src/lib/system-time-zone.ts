/**
 * The machine's IANA time zone, as Intl resolves it. Read once: building an Intl.DateTimeFormat
 * costs tens of microseconds, and Livestatus asks for the zone on every request.
 */
let zone: string | null = null;

/** The zone of this machine (`TZ` or the system setting), e.g. `Europe/Berlin`. */
export function systemTimeZone(): string {
  zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone;
}
