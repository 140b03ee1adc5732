/**
 * A StatusSource for tests: a configuration plus a map of states keyed as the engine keys them
 * (host name, `host;service`), and a program status with fixed, test-friendly values.
 */
import type { HostState, ObjectState, ServiceState } from '../model/check-state.js';
import { serviceKey, type Configuration } from '../model/objects.js';
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
  readonly #states = new Map<string, ObjectState>();
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
    this.#states.set(state.object === 'host' ? state.hostName : serviceKey(state.hostName, state.description), state);
  }

  /** Replaces the configuration, as a reload does. */
  reload(configuration: Configuration): void {
    this.#configuration = configuration;
  }

  configuration(): Configuration {
    return this.#configuration;
  }

  hostState(hostName: string): HostState | undefined {
    const state = this.#states.get(hostName);
    return state?.object === 'host' ? state.state : undefined;
  }

  serviceState(hostName: string, description: string): ServiceState | undefined {
    const state = this.#states.get(serviceKey(hostName, description));
    return state?.object === 'service' ? state.state : undefined;
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
