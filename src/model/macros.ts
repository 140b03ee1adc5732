/**
 * Nagios macros in command lines (`$HOSTADDRESS$`, `$ARG1$`, `$USER1$`, `$_HOSTSERIAL$`, ...),
 * expanded as Nagios Core 4 does: a known macro without a value becomes empty, a name Nagios
 * does not know stays as written (`$FOO$`), and `$$` is a literal `$`.
 */
import {
  attemptOf,
  hostStatus,
  problemOf,
  serviceStatus,
  stateTypeOf,
  type HostState,
  type ServiceState,
} from './check-state.js';
import type { CustomAttributes, Host, Service } from './objects.js';

/** The highest `$ARGn$` Nagios knows. */
export const MAX_ARGUMENT_MACRO = 32;
/** The highest `$USERn$` Nagios knows. */
export const MAX_USER_MACRO = 256;

/** Everything a command line of a host or service check may refer to. */
export interface MacroContext {
  readonly host: Host;
  readonly hostState: HostState;
  /** `null` in a host check: service macros then stay as written, as in Nagios. */
  readonly service: { readonly service: Service; readonly state: ServiceState } | null;
  /** The `!`-separated arguments of the check command, for `$ARG1$` … `$ARG32$`. */
  readonly args: readonly string[];
  /** `$USERn$` values keyed by n (`$USER1$` → 1), as the resource file reader produces them. */
  readonly userMacros: ReadonlyMap<number, string>;
  /** Milliseconds since the epoch, for `$TIMET$`. */
  readonly now: number;
  /**
   * The state change an event handler runs for, whose state type and attempt the object's
   * `$...STATETYPE$` and `$...ATTEMPT$` say (the service's in a service's context, else the
   * host's). It differs from the state for a SOFT recovery: the state is OK (a HARD state), but
   * Nagios runs the handler while the state type is still SOFT, with the attempt it logs.
   */
  readonly change?: StateChangeFacts;
}

/** The state type and attempt of a state change, as its alert line shows them. */
export interface StateChangeFacts {
  readonly stateType: 'soft' | 'hard';
  readonly attempt: number;
}

/** Looks up a custom attribute by its macro name; the model keys them upper-case, some with `_`. */
function custom(attributes: CustomAttributes, name: string): string {
  const key = name.toUpperCase();
  return attributes[key] ?? attributes[`_${key}`] ?? '';
}

function numbered(name: string, prefix: string, max: number): number | null {
  if (!name.startsWith(prefix)) return null;
  const digits = name.slice(prefix.length);
  if (!/^\d{1,3}$/.test(digits)) return null;
  const n = Number(digits);
  return n >= 1 && n <= max ? n : null;
}

/** The change a host's own event handler runs for; a service's handler sees its host's state as it is. */
function hostChange(ctx: MacroContext): StateChangeFacts | undefined {
  return ctx.service === null ? ctx.change : undefined;
}

function hostMacro(name: string, ctx: MacroContext): string | undefined {
  const { host, hostState } = ctx;
  switch (name) {
    case 'HOSTNAME':
      return host.name;
    case 'HOSTALIAS':
      return host.alias;
    case 'HOSTADDRESS':
      return host.address;
    case 'HOSTDISPLAYNAME':
      return host.displayName;
    case 'HOSTSTATE':
      return hostStatus(problemOf(hostState)).name;
    case 'HOSTSTATEID':
      return String(hostStatus(problemOf(hostState)).id);
    case 'LASTHOSTSTATE':
      return hostState.kind === 'pending' ? hostStatus(null).name : hostStatus(hostState.previousProblem).name;
    case 'HOSTSTATETYPE':
      return (hostChange(ctx)?.stateType ?? stateTypeOf(hostState)).toUpperCase();
    case 'HOSTATTEMPT':
      return String(hostChange(ctx)?.attempt ?? attemptOf(hostState));
    case 'MAXHOSTATTEMPTS':
      return String(host.maxCheckAttempts);
  }
  if (name.startsWith('_HOST')) return custom(host.customAttributes, name.slice('_HOST'.length));
  return undefined;
}

function serviceMacro(name: string, ctx: MacroContext): string | undefined {
  if (ctx.service === null) return undefined;
  const { service, state } = ctx.service;
  switch (name) {
    case 'SERVICEDESC':
      return service.description;
    case 'SERVICEDISPLAYNAME':
      return service.displayName;
    case 'SERVICESTATE':
      return serviceStatus(problemOf(state)).name;
    case 'SERVICESTATEID':
      return String(serviceStatus(problemOf(state)).id);
    case 'LASTSERVICESTATE':
      return state.kind === 'pending' ? serviceStatus(null).name : serviceStatus(state.previousProblem).name;
    case 'LASTSERVICESTATEID':
      return String(state.kind === 'pending' ? 0 : serviceStatus(state.previousProblem).id);
    case 'SERVICESTATETYPE':
      return (ctx.change?.stateType ?? stateTypeOf(state)).toUpperCase();
    case 'SERVICEATTEMPT':
      return String(ctx.change?.attempt ?? attemptOf(state));
    case 'MAXSERVICEATTEMPTS':
      return String(service.maxCheckAttempts);
  }
  if (name.startsWith('_SERVICE')) return custom(service.customAttributes, name.slice('_SERVICE'.length));
  return undefined;
}

/** The value of one macro (the text between the `$`), or `undefined` for a name Nagios does not know. */
export function macroValue(name: string, ctx: MacroContext): string | undefined {
  const arg = numbered(name, 'ARG', MAX_ARGUMENT_MACRO);
  if (arg !== null) return ctx.args[arg - 1] ?? '';
  const user = numbered(name, 'USER', MAX_USER_MACRO);
  if (user !== null) return ctx.userMacros.get(user) ?? '';
  if (name === 'TIMET') return String(Math.floor(ctx.now / 1000));
  return hostMacro(name, ctx) ?? serviceMacro(name, ctx);
}

/** Expands the macros of `line`; text between `$` that names no macro is kept with its `$`. */
function expandOnce(line: string, ctx: MacroContext): string {
  const parts = line.split('$');
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] ?? '';
    const closed = i + 1 < parts.length;
    const value = closed ? macroValue(name, ctx) : undefined;
    if (value !== undefined) out += value;
    else if (name === '' && closed) out += '$';
    else out += closed ? `$${name}$` : `$${name}`;
    out += parts[i + 1] ?? '';
  }
  return out;
}

/**
 * Expands the Nagios macros of a command line. The arguments are expanded first, so that
 * `check_ping!$HOSTADDRESS$` works, as in Nagios; inside an argument `$ARGn$` is empty.
 */
export function expandMacros(line: string, ctx: MacroContext): string {
  const argContext: MacroContext = { ...ctx, args: [] };
  const args = ctx.args.map((arg) => expandOnce(arg, argContext));
  return expandOnce(line, { ...ctx, args });
}
