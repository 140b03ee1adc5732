/**
 * A StatusSource for tests: a configuration plus a map of states keyed as the engine keys them
 * (host name, `host;service`), and a program status with fixed, test-friendly values.
 */
import type { HostState, ObjectState, ServiceState } from '../model/check-state.js';
import type { Configuration } from '../model/objects.js';
import type { CommandOrigin, CommandSink, ExternalCommand, ProgramStatus, StatusSource } from '../livestatus/ports.js';

/** The program status of a fake site unless a test says otherwise. */
export const FAKE_PROGRAM: ProgramStatus = {
  site: 'test',
  version: 'watchpost-0.1.0',
  pid: 4242,
  startedAt: 1_699_990_000_000,
  timeZone: 'UTC',
  intervalLength: 60,
  switches: {
    notifications: true,
    activeHostChecks: true,
    activeServiceChecks: true,
    passiveHostChecks: true,
    passiveServiceChecks: true,
    eventHandlers: true,
    flapDetection: true,
    performanceData: true,
  },
};

/** A StatusSource over a fixed configuration whose states a test may change. */
export class FakeStatusSource implements StatusSource {
  #configuration: Configuration;
  readonly #hosts = new Map<string, HostState>();
  /** By host name, then description: no `host;service` strings built per lookup. */
  readonly #services = new Map<string, Map<string, ServiceState>>();
  #program: ProgramStatus;

  constructor(options: {
    readonly configuration: Configuration;
    readonly states?: Iterable<ObjectState>;
    readonly program?: Partial<ProgramStatus>;
  }) {
    this.#configuration = options.configuration;
    this.#program = { ...FAKE_PROGRAM, ...options.program };
    for (const state of options.states ?? []) this.set(state);
  }

  /** Sets the state of a host or service. */
  set(state: ObjectState): void {
    if (state.object === 'host') {
      this.#hosts.set(state.hostName, state.state);
      return;
    }
    let services = this.#services.get(state.hostName);
    if (services === undefined) this.#services.set(state.hostName, (services = new Map()));
    services.set(state.description, state.state);
  }

  /** Replaces the configuration, as a reload does. */
  reload(configuration: Configuration): void {
    this.#configuration = configuration;
  }

  configuration(): Configuration {
    return this.#configuration;
  }

  hostState(hostName: string): HostState | undefined {
    return this.#hosts.get(hostName);
  }

  serviceState(hostName: string, description: string): ServiceState | undefined {
    return this.#services.get(hostName)?.get(description);
  }

  program(): ProgramStatus {
    return this.#program;
  }
}

/** A CommandSink that keeps what it is given. */
export class RecordingCommandSink implements CommandSink {
  readonly received: { readonly command: ExternalCommand; readonly origin: CommandOrigin }[] = [];

  submit(command: ExternalCommand, origin: CommandOrigin): void {
    this.received.push({ command, origin });
  }
}
