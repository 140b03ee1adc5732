/**
 * `watchpost.yaml`: the site's own settings (id, listeners, global switches), described once as
 * data so that validation, defaults and the published JSON Schema agree.
 */
import { didYouMean } from '../lib/did-you-mean.js';
import { isKnownTimeZone } from '../model/time-period.js';
import { parseDuration } from './attribute-value.js';
import type { Diagnostics } from './diagnostic.js';
import type { YamlLines } from './yaml/parse-yaml.js';

/** One setting: its type, default and meaning. */
export type SettingSpec =
  | { readonly kind: 'string'; readonly default: string; readonly description: string; readonly pattern?: RegExp }
  | {
      readonly kind: 'int';
      readonly default: number;
      readonly description: string;
      readonly min: number;
      readonly max: number;
    }
  | {
      readonly kind: 'float';
      readonly default: number;
      readonly description: string;
      readonly min: number;
      readonly max: number;
    }
  | { readonly kind: 'bool'; readonly default: boolean; readonly description: string }
  | { readonly kind: 'duration'; readonly default: number; readonly description: string }
  | {
      readonly kind: 'enum';
      readonly default: string;
      readonly description: string;
      readonly values: readonly string[];
    }
  | { readonly kind: 'group'; readonly description: string; readonly fields: Readonly<Record<string, SettingSpec>> };

const port = (def: number, description: string): SettingSpec => ({
  kind: 'int',
  default: def,
  description,
  min: 1,
  max: 65535,
});
const text = (def: string, description: string): SettingSpec => ({ kind: 'string', default: def, description });
const flag = (def: boolean, description: string): SettingSpec => ({ kind: 'bool', default: def, description });
const percent = (def: number, description: string): SettingSpec => ({
  kind: 'float',
  default: def,
  description,
  min: 0,
  max: 100,
});

/** Every key of watchpost.yaml. */
export const SITE_SETTINGS: Readonly<Record<string, SettingSpec>> = {
  site: {
    kind: 'string',
    default: '',
    description: 'Site id (letters, digits, - and _); default: the directory name.',
    pattern: /^[A-Za-z0-9_-]{1,64}$/,
  },
  alias: text('', 'Human-readable name of the site.'),
  timezone: text('', 'IANA time zone for time periods (e.g. Europe/Berlin); default: the system zone.'),
  interval_length: {
    kind: 'int',
    default: 60,
    description: 'Seconds per interval unit of Nagios .cfg files in conf.d.',
    min: 1,
    max: 3600,
  },
  nagios: {
    kind: 'group',
    description: 'An existing Nagios configuration to monitor as part of this site.',
    fields: {
      config: text('', 'Path of a nagios.cfg whose cfg_file, cfg_dir and resource_file are read.'),
      resource_file: text('', 'Path of a resource file with $USERn$ macros for the .cfg files in conf.d.'),
    },
  },
  livestatus: {
    kind: 'group',
    description: 'The Livestatus query interface.',
    fields: {
      socket: text('run/live', 'Unix socket path, relative to the site directory.'),
      tcp: flag(false, 'Also listen on TCP.'),
      address: text('127.0.0.1', 'TCP listen address.'),
      port: port(6557, 'TCP port.'),
      max_connections: {
        kind: 'int',
        default: 256,
        description: 'Concurrent client connections.',
        min: 1,
        max: 100000,
      },
      tls: flag(false, 'Wrap the TCP listener in TLS (the unix socket is unaffected).'),
      tls_certificate: text('', 'PEM file of the server certificate (and its chain), relative to the site directory.'),
      tls_key: text('', 'PEM file of the private key of tls_certificate, relative to the site directory.'),
      tls_ca: text('', 'PEM file of the CA(s) that sign client certificates, relative to the site directory.'),
      tls_client_certificates: {
        kind: 'enum',
        default: 'none',
        description: 'required: a TCP client must present a certificate signed by tls_ca, else the handshake fails.',
        values: ['none', 'required'],
      },
      secret_file: text(
        '',
        'File holding a shared secret (at least 16 characters) that the first line of every TCP connection must ' +
          "send as 'Secret: <secret>'; relative to the site directory. Requires tls.",
      ),
    },
  },
  http: {
    kind: 'group',
    description: 'The web interface and HTTP API.',
    fields: {
      enabled: flag(true, 'Serve the web interface and API.'),
      address: text('127.0.0.1', 'Listen address.'),
      port: port(5000, 'Listen port.'),
    },
  },
  checks: {
    kind: 'group',
    description: 'Global check switches (master control).',
    fields: {
      active: flag(true, 'Run active checks.'),
      passive: flag(true, 'Accept passive results.'),
      max_concurrent: {
        kind: 'int',
        default: 0,
        description: 'Checks running at once; 0 = automatic.',
        min: 0,
        max: 100000,
      },
      timeout: { kind: 'duration', default: 60, description: 'Time a plugin may run before it is killed.' },
      timeout_state: {
        kind: 'enum',
        default: 'unknown',
        description: 'State of a check that timed out.',
        values: ['unknown', 'critical'],
      },
      native_max_connections: {
        kind: 'int',
        default: 256,
        description:
          'Native checks of one type (tcp, http, ...) running at once; more wait their turn, so a burst or a ' +
          'stalling server cannot take every socket.',
        min: 1,
        max: 100000,
      },
      cached_host_check_horizon: {
        kind: 'int',
        default: 15,
        description:
          'Seconds a host result stays recent enough to stand in for an on-demand check of the host (for a failing ' +
          'child host or service); 0 checks every time (Nagios cached_host_check_horizon).',
        min: 0,
        max: 86400,
      },
    },
  },
  notifications: {
    kind: 'group',
    description: 'Global notification switch and the notification spooler.',
    fields: {
      enabled: flag(true, 'Send notifications.'),
      spooler_port: port(6555, 'TCP port of the notification spooler (distributed setups).'),
      script_timeout: { kind: 'duration', default: 60, description: 'Time a notification script may run.' },
      personal_rules: flag(
        true,
        'Users of the roles admin and user may have personal notification rules (users/NAME/notification_rules.yaml).',
      ),
      smtp: {
        kind: 'group',
        description: 'The mail server of the e-mail notification method.',
        fields: {
          host: text('', 'SMTP server; empty: e-mail notifications fail (dead-letter list).'),
          port: port(25, 'SMTP port (587 for submission with STARTTLS, 465 for TLS).'),
          security: {
            kind: 'enum',
            default: 'none',
            description: 'none, starttls (required) or tls (from the start).',
            values: ['none', 'starttls', 'tls'],
          },
          user: text('', 'User for SMTP authentication; empty: none.'),
          password: text('', 'Password for SMTP authentication.'),
          from: text('watchpost@localhost', 'Sender address.'),
          timeout: { kind: 'duration', default: 30, description: 'Time for connecting and each reply.' },
          verify_certificate: flag(true, "Check the server's TLS certificate."),
        },
      },
      spool: {
        kind: 'group',
        description: 'Delivery retries of the notification spool (var/notify).',
        fields: {
          retry_initial: {
            kind: 'duration',
            default: 30,
            description: 'Wait before the first retry; doubled per attempt.',
          },
          retry_max: { kind: 'duration', default: 600, description: 'Longest wait between retries.' },
          max_age: { kind: 'duration', default: 86400, description: 'Not delivered within this: dead-letter list.' },
          concurrency: { kind: 'int', default: 4, description: 'Deliveries at once.', min: 1, max: 256 },
        },
      },
    },
  },
  flap_detection: {
    kind: 'group',
    description: 'Global flap detection and its thresholds (percent state change).',
    fields: {
      enabled: flag(true, 'Detect flapping.'),
      low_host_threshold: percent(5, 'Hosts stop flapping below this.'),
      high_host_threshold: percent(20, 'Hosts start flapping above this.'),
      low_service_threshold: percent(5, 'Services stop flapping below this.'),
      high_service_threshold: percent(20, 'Services start flapping above this.'),
    },
  },
  event_handlers: {
    kind: 'group',
    description: 'Global event handler switch and the global event handlers.',
    fields: {
      enabled: flag(true, 'Run event handlers.'),
      global_host: text(
        '',
        "Command (name!arg1!...) run after every host state change that runs event handlers, before the host's own " +
          '(Nagios global_host_event_handler); empty: none.',
      ),
      global_service: text(
        '',
        "Command (name!arg1!...) run after every service state change that runs event handlers, before the service's " +
          'own (Nagios global_service_event_handler); empty: none.',
      ),
    },
  },
};

/** Settings as values, every key present (defaults filled in). */
export type SettingsValue = { readonly [key: string]: string | number | boolean | SettingsValue };

/** The site settings, with every default applied. */
export interface SiteSettings {
  readonly site: string;
  readonly alias: string;
  readonly timezone: string;
  readonly intervalLength: number;
  readonly nagios: { readonly config: string; readonly resourceFile: string };
  readonly livestatus: {
    readonly socket: string;
    readonly tcp: boolean;
    readonly address: string;
    readonly port: number;
    readonly maxConnections: number;
    readonly tls: boolean;
    readonly tlsCertificate: string;
    readonly tlsKey: string;
    readonly tlsCa: string;
    readonly tlsClientCertificates: 'none' | 'required';
    readonly secretFile: string;
  };
  readonly http: { readonly enabled: boolean; readonly address: string; readonly port: number };
  readonly checks: {
    readonly active: boolean;
    readonly passive: boolean;
    readonly maxConcurrent: number;
    readonly timeout: number;
    readonly timeoutState: 'unknown' | 'critical';
    readonly nativeMaxConnections: number;
    readonly cachedHostCheckHorizon: number;
  };
  readonly notifications: {
    readonly enabled: boolean;
    readonly spoolerPort: number;
    /** Seconds. */
    readonly scriptTimeout: number;
    /** Personal notification rules are read (for the roles admin and user). */
    readonly personalRules: boolean;
    readonly smtp: {
      readonly host: string;
      readonly port: number;
      readonly security: 'none' | 'starttls' | 'tls';
      readonly user: string;
      readonly password: string;
      readonly from: string;
      readonly timeout: number;
      readonly verifyCertificate: boolean;
    };
    /** Durations in seconds. */
    readonly spool: {
      readonly retryInitial: number;
      readonly retryMax: number;
      readonly maxAge: number;
      readonly concurrency: number;
    };
  };
  readonly flapDetection: {
    readonly enabled: boolean;
    readonly lowHostThreshold: number;
    readonly highHostThreshold: number;
    readonly lowServiceThreshold: number;
    readonly highServiceThreshold: number;
  };
  readonly eventHandlers: { readonly enabled: boolean; readonly globalHost: string; readonly globalService: string };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a YAML value for messages; never expands aliases or huge text. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const camel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

interface ReadContext {
  readonly file: string;
  readonly diags: Diagnostics;
  readonly lines: YamlLines;
}

function readValue(spec: SettingSpec, value: unknown, path: string, line: number, ctx: ReadContext): unknown {
  const bad = (expected: string): unknown => {
    ctx.diags.error({ file: ctx.file, line }, `${path}: expected ${expected}, got ${describeValue(value)}`);
    return spec.kind === 'group' ? readGroup(spec.fields, {}, path, ctx) : spec.default;
  };
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') return bad('text');
      if (spec.pattern !== undefined && !spec.pattern.test(value)) return bad(`text matching ${spec.pattern.source}`);
      return value;
    case 'int':
    case 'float':
      if (typeof value !== 'number' || (spec.kind === 'int' && !Number.isInteger(value)))
        return bad(spec.kind === 'int' ? 'a whole number' : 'a number');
      if (value < spec.min || value > spec.max) return bad(`a number from ${spec.min} to ${spec.max}`);
      return value;
    case 'bool':
      return typeof value === 'boolean' ? value : bad('true or false');
    case 'duration': {
      const seconds = typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value, 1) : null;
      return seconds === null || seconds <= 0 ? bad('a duration such as 30s or 5m') : seconds;
    }
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? value : bad(`one of ${spec.values.join(', ')}`);
    case 'group':
      return isMapping(value) ? readGroup(spec.fields, value, path, ctx) : bad('a mapping');
  }
}

function readGroup(
  fields: Readonly<Record<string, SettingSpec>>,
  raw: Record<string, unknown>,
  prefix: string,
  ctx: ReadContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const line = ctx.lines.keyLineOf(raw, key) || 1;
    const spec = fields[key];
    // `notification_rules` is a list, read and checked by the notification rules reader.
    if (prefix === '' && key === 'notification_rules') continue;
    if (spec === undefined) {
      ctx.diags.error({ file: ctx.file, line }, `unknown setting '${path}'${didYouMean(key, Object.keys(fields))}`);
      continue;
    }
    out[camel(key)] = readValue(spec, value, path, line, ctx);
  }
  for (const [key, spec] of Object.entries(fields)) {
    if (camel(key) in out) continue;
    out[camel(key)] =
      spec.kind === 'group' ? readGroup(spec.fields, {}, prefix === '' ? key : `${prefix}.${key}`, ctx) : spec.default;
  }
  return out;
}

/**
 * TLS settings that only make sense together: a certificate needs its key, client certificates
 * need a CA, and a secret or client certificates over plain TCP would protect nothing (the secret
 * would travel in clear), so they require `tls`.
 */
function checkLivestatusSecurity(
  live: SiteSettings['livestatus'],
  root: Record<string, unknown>,
  ctx: ReadContext,
): void {
  const group = isMapping(root.livestatus) ? root.livestatus : {};
  const at = (key: string): { file: string; line: number } => ({
    file: ctx.file,
    line: ctx.lines.keyLineOf(group, key) || ctx.lines.keyLineOf(root, 'livestatus') || 1,
  });
  if (live.tls && (live.tlsCertificate === '' || live.tlsKey === ''))
    ctx.diags.error(at('tls'), 'livestatus.tls: needs livestatus.tls_certificate and livestatus.tls_key (PEM files)');
  if (live.tlsClientCertificates === 'required' && live.tlsCa === '')
    ctx.diags.error(
      at('tls_client_certificates'),
      'livestatus.tls_client_certificates: required needs livestatus.tls_ca, the CA that signs client certificates',
    );
  if (!live.tls && live.secretFile !== '')
    ctx.diags.error(
      at('secret_file'),
      'livestatus.secret_file: a secret over plain TCP would travel in clear; set livestatus.tls: true',
    );
  if (!live.tls && live.tlsClientCertificates === 'required')
    ctx.diags.error(
      at('tls_client_certificates'),
      'livestatus.tls_client_certificates: client certificates need TLS; set livestatus.tls: true',
    );
  if (live.tls && !live.tcp)
    ctx.diags.warning(
      at('tls'),
      'livestatus.tls: has no effect without livestatus.tcp: true (the unix socket has no TLS)',
    );
}

/**
 * Reads the parsed content of watchpost.yaml (`undefined` for an absent or empty file).
 * `defaultSite` is used when `site` is not set.
 */
export function readSiteSettings(
  raw: unknown,
  lines: YamlLines,
  options: { readonly file: string; readonly defaultSite: string; readonly diagnostics: Diagnostics },
): SiteSettings {
  const ctx: ReadContext = { file: options.file, diags: options.diagnostics, lines };
  let root: Record<string, unknown> = {};
  if (isMapping(raw)) root = raw;
  else if (raw !== undefined && raw !== null)
    options.diagnostics.error({ file: options.file, line: 1 }, 'watchpost.yaml must be a mapping of settings');
  const settings = readGroup(SITE_SETTINGS, root, '', ctx) as unknown as SiteSettings;
  if (settings.timezone !== '' && !isKnownTimeZone(settings.timezone)) {
    options.diagnostics.error(
      { file: options.file, line: lines.keyLineOf(root, 'timezone') || 1 },
      `timezone: unknown time zone '${settings.timezone.slice(0, 80)}' (an IANA name such as Europe/Berlin)`,
    );
  }
  checkLivestatusSecurity(settings.livestatus, root, ctx);
  if (settings.site === '') {
    const site = options.defaultSite.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'site';
    return { ...settings, site };
  }
  return settings;
}
