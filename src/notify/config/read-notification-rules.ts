/**
 * Reads `notification_rules:` of watchpost.yaml into {@link NotificationRule}s, reporting every
 * mistake with file and line. A rule is a mapping of conditions, recipients and a method:
 *
 *     notification_rules:
 *       - description: Database problems to the DBAs by e-mail
 *         hosts: ['~db']                 # exact names, or ~regex matched from the start
 *         services: [MySQL, '~Disk']
 *         host_groups: [linux]           # also service_groups, contact_groups
 *         labels: {env: prod}            # custom: {SERIAL: ...} for custom attributes
 *         event_types: [problem, recovery]
 *         transitions: ['OK->CRIT', 'any->WARN']
 *         period: workhours
 *         notify: {object_contacts: false, contact_groups: [dba], contacts: [alice]}
 *         method: email                  # nagios (default) | email | webhook | script
 *         parameters: {}                 # webhook: url, format, timeout; script: command
 *         cancel: false
 *         stop: false
 *         bulk: {minutes: 10}            # collect per contact and method, send one message listing all
 */
import type { Diagnostics } from '../../config/diagnostic.js';
import { parseDuration } from '../../config/attribute-value.js';
import type { YamlLines } from '../../config/yaml/parse-yaml.js';
import { didYouMean } from '../../lib/did-you-mean.js';
import type { NotificationType } from '../../model/notification-decision.js';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../notification-job.js';
import type {
  NamePattern,
  NotificationRule,
  RuleConditions,
  RuleMethod,
  RuleRecipients,
  ShortState,
  TransitionPattern,
} from '../route/notification-rule.js';
import { NOTIFICATION_TYPE_NAMES } from '../route/notification-macros.js';

const RULE_KEYS = [
  'description',
  'hosts',
  'services',
  'host_groups',
  'service_groups',
  'contact_groups',
  'labels',
  'custom',
  'event_types',
  'transitions',
  'period',
  'notify',
  'method',
  'parameters',
  'cancel',
  'stop',
  'bulk',
] as const;
/** The longest bulk window: notifications held longer than a day help nobody. */
const MAX_BULK_MINUTES = 1440;
const NOTIFY_KEYS = ['object_contacts', 'contacts', 'contact_groups'];
const METHODS = ['nagios', 'email', 'webhook', 'script'];
const EVENT_TYPES = Object.keys(NOTIFICATION_TYPE_NAMES) as NotificationType[];

const STATE_NAMES: Readonly<Record<string, ShortState>> = {
  OK: 'OK',
  WARN: 'WARN',
  WARNING: 'WARN',
  CRIT: 'CRIT',
  CRITICAL: 'CRIT',
  UNKNOWN: 'UNKNOWN',
  UNKN: 'UNKNOWN',
  UP: 'UP',
  DOWN: 'DOWN',
  UNREACH: 'UNREACH',
  UNREACHABLE: 'UNREACH',
};

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Reader {
  readonly file: string;
  readonly lines: YamlLines;
  readonly diags: Diagnostics;
}

/** Reads one rule field at a time, reporting at the line of its key. */
class RuleReader {
  ok = true;
  constructor(
    private readonly r: Reader,
    private readonly raw: Record<string, unknown>,
    private readonly label: string,
  ) {}

  line(key: string): number {
    return this.r.lines.keyLineOf(this.raw, key) || this.r.lines.lineOf(this.raw) || 1;
  }

  error(key: string, message: string): void {
    this.ok = false;
    this.r.diags.error({ file: this.r.file, line: this.line(key) }, `${this.label}: ${key}: ${message}`);
  }

  names(key: string): string[] | null {
    const value = this.raw[key];
    if (value === undefined || value === null) return null;
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((v) => typeof v === 'string' && v !== '')) {
      this.error(key, 'expected a list of names');
      return null;
    }
    return list as string[];
  }

  patterns(key: string): NamePattern[] | null {
    const names = this.names(key);
    if (names === null) return null;
    const out: NamePattern[] = [];
    for (const name of names) {
      if (!name.startsWith('~')) {
        out.push({ kind: 'exact', name });
        continue;
      }
      try {
        // Matched from the start, as Checkmk matches service patterns; `$` anchors the end.
        out.push({ kind: 'regex', regex: new RegExp(`^(?:${name.slice(1)})`), text: name });
      } catch (error) {
        this.error(key, `'${name.slice(0, 80)}' is not a regular expression (${(error as Error).message})`);
      }
    }
    return out;
  }

  textMap(key: string): Record<string, string> | null {
    const value = this.raw[key];
    if (value === undefined || value === null) return null;
    if (!isMapping(value) || !Object.values(value).every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
      this.error(key, 'expected a mapping of names to values');
      return null;
    }
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [key === 'custom' ? k.toUpperCase().replace(/^_/, '') : k, String(v)]),
    );
  }

  flag(key: string, fallback: boolean): boolean {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.error(key, 'expected true or false');
      return fallback;
    }
    return value;
  }

  text(key: string): string | null {
    const value = this.raw[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      this.error(key, 'expected text');
      return null;
    }
    return value;
  }

  eventTypes(): NotificationType[] | null {
    const names = this.names('event_types');
    if (names === null) return null;
    const out: NotificationType[] = [];
    for (const name of names) {
      const type = EVENT_TYPES.find((t) => t === name || NOTIFICATION_TYPE_NAMES[t] === name.toUpperCase());
      if (type === undefined)
        this.error('event_types', `unknown event type '${name.slice(0, 80)}'${didYouMean(name, EVENT_TYPES)}`);
      else out.push(type);
    }
    return out;
  }

  transitions(): TransitionPattern[] | null {
    const names = this.names('transitions');
    if (names === null) return null;
    const out: TransitionPattern[] = [];
    for (const text of names) {
      const parts = text.split(/\s*(?:->|→)\s*/);
      const state = (name: string | undefined): ShortState | null | undefined => {
        const upper = (name ?? '').trim().toUpperCase();
        return upper === 'ANY' || upper === '*' ? null : STATE_NAMES[upper];
      };
      const from = state(parts[0]);
      const to = state(parts[1]);
      if (parts.length !== 2 || from === undefined || to === undefined) {
        this.error('transitions', `'${text.slice(0, 80)}' is not a transition such as 'OK->CRIT' or 'any->WARN'`);
      } else {
        out.push({ from, to, text });
      }
    }
    return out;
  }
}

function readMethod(rr: RuleReader, raw: Record<string, unknown>): RuleMethod {
  const kind = rr.text('method') ?? 'nagios';
  const params = raw.parameters;
  if (params !== undefined && params !== null && !isMapping(params)) {
    rr.error('parameters', 'expected a mapping');
    return { kind: 'nagios' };
  }
  const p = isMapping(params) ? params : {};
  const allowed: Readonly<Record<string, readonly string[]>> = {
    nagios: [],
    email: [],
    webhook: ['url', 'format', 'timeout'],
    script: ['command'],
  };
  if (!METHODS.includes(kind)) {
    rr.error(
      'method',
      `unknown method '${kind.slice(0, 80)}'${didYouMean(kind, METHODS)} (one of ${METHODS.join(', ')})`,
    );
    return { kind: 'nagios' };
  }
  for (const key of Object.keys(p)) {
    const known = allowed[kind] ?? [];
    if (!known.includes(key))
      rr.error('parameters', `method ${kind} has no parameter '${key}'${didYouMean(key, known)}`);
  }
  if (kind === 'webhook') {
    const url = typeof p.url === 'string' ? p.url : '';
    if (!/^https?:\/\/[^\s]+$/.test(url)) rr.error('parameters', 'webhook needs url: http://... or https://...');
    const format = p.format ?? 'json';
    if (typeof format !== 'string' || !WEBHOOK_FORMATS.includes(format as WebhookFormat)) {
      rr.error('parameters', `format must be one of ${WEBHOOK_FORMATS.join(', ')}`);
    }
    const timeout =
      p.timeout === undefined
        ? 10
        : typeof p.timeout === 'number'
          ? p.timeout
          : typeof p.timeout === 'string'
            ? parseDuration(p.timeout, 1)
            : null;
    if (timeout === null || timeout <= 0) rr.error('parameters', 'timeout must be a duration such as 10s');
    return {
      kind: 'webhook',
      url,
      format: WEBHOOK_FORMATS.includes(format as WebhookFormat) ? (format as WebhookFormat) : 'json',
      timeoutSeconds: timeout ?? 10,
    };
  }
  if (kind === 'script') {
    const command = typeof p.command === 'string' ? p.command.trim() : '';
    if (command === '') rr.error('parameters', 'script needs command: a command line (macros allowed)');
    return { kind: 'script', command };
  }
  return { kind: kind as 'nagios' | 'email' };
}

/** `bulk: {minutes: N}` (Checkmk's "bulk notification" by time): the window in ms, 0 when not written. */
function readBulk(rr: RuleReader, raw: unknown): number {
  if (raw === undefined || raw === null) return 0;
  const minutes = isMapping(raw) ? raw.minutes : undefined;
  const extra = isMapping(raw) ? Object.keys(raw).filter((k) => k !== 'minutes') : [];
  if (
    !isMapping(raw) ||
    extra.length > 0 ||
    typeof minutes !== 'number' ||
    !(minutes > 0) ||
    minutes > MAX_BULK_MINUTES
  ) {
    rr.error(
      'bulk',
      `expected {minutes: N} with N above 0 and at most ${MAX_BULK_MINUTES}${extra.length > 0 ? ` (unknown key '${extra[0] ?? ''}')` : ''}`,
    );
    return 0;
  }
  return Math.round(minutes * 60_000);
}

function readRecipients(rr: RuleReader, raw: unknown, r: Reader, label: string): RuleRecipients {
  if (raw === undefined || raw === null) return { objectContacts: true, contacts: [], contactGroups: [] };
  if (!isMapping(raw)) {
    rr.error('notify', 'expected a mapping of object_contacts, contacts and contact_groups');
    return { objectContacts: true, contacts: [], contactGroups: [] };
  }
  const inner = new RuleReader(r, raw, `${label}: notify`);
  for (const key of Object.keys(raw)) {
    if (!NOTIFY_KEYS.includes(key)) inner.error(key, `unknown key${didYouMean(key, NOTIFY_KEYS)}`);
  }
  const contacts = inner.names('contacts') ?? [];
  const contactGroups = inner.names('contact_groups') ?? [];
  const objectContacts = inner.flag('object_contacts', contacts.length === 0 && contactGroups.length === 0);
  if (!inner.ok) rr.ok = false;
  return { objectContacts, contacts, contactGroups };
}

function readRule(raw: unknown, index: number, r: Reader, listLine: number): NotificationRule | null {
  if (!isMapping(raw)) {
    r.diags.error({ file: r.file, line: listLine }, `notification rule ${index + 1}: expected a mapping`);
    return null;
  }
  const description =
    typeof raw.description === 'string' && raw.description !== '' ? raw.description : `rule ${index + 1}`;
  const rr = new RuleReader(r, raw, `notification rule '${description.slice(0, 80)}'`);
  for (const key of Object.keys(raw)) {
    if (!(RULE_KEYS as readonly string[]).includes(key)) rr.error(key, `unknown key${didYouMean(key, RULE_KEYS)}`);
  }
  const conditions: RuleConditions = {
    hosts: rr.patterns('hosts'),
    services: rr.patterns('services'),
    hostGroups: rr.names('host_groups'),
    serviceGroups: rr.names('service_groups'),
    contactGroups: rr.names('contact_groups'),
    labels: rr.textMap('labels'),
    custom: rr.textMap('custom'),
    eventTypes: rr.eventTypes(),
    transitions: rr.transitions(),
    period: rr.text('period'),
  };
  const recipients = readRecipients(rr, raw.notify, r, `notification rule '${description.slice(0, 80)}'`);
  const method = readMethod(rr, raw);
  const rule: NotificationRule = {
    description,
    source: { file: r.file, line: r.lines.lineOf(raw) || listLine },
    conditions,
    recipients,
    method,
    cancel: rr.flag('cancel', false),
    stop: rr.flag('stop', false),
    bulkMs: readBulk(rr, raw.bulk),
  };
  return rr.ok ? rule : null;
}

/**
 * The rules of `root` (the parsed watchpost.yaml); `[]` when it has none, which means Nagios'
 * routing. Problems go to `diagnostics`; a rule with a problem is left out.
 */
export function readNotificationRules(
  root: unknown,
  lines: YamlLines,
  file: string,
  diagnostics: Diagnostics,
): NotificationRule[] {
  if (!isMapping(root) || root.notification_rules === undefined || root.notification_rules === null) return [];
  const list = root.notification_rules;
  const listLine = lines.keyLineOf(root, 'notification_rules') || 1;
  if (!Array.isArray(list)) {
    diagnostics.error({ file, line: listLine }, 'notification_rules: expected a list of rules');
    return [];
  }
  const r: Reader = { file, lines, diags: diagnostics };
  return list.flatMap((raw: unknown, index) => readRule(raw, index, r, listLine) ?? []);
}
