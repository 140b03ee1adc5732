/**
 * Nagios notification dependencies (`hostdependency`, `servicedependency` with
 * `notification_failure_criteria`): a dependent object does not notify while a master it depends
 * on is in one of the criteria's states (o, w, u, c, p for services; o, d, u, p for hosts)
 * within the dependency's period, as Nagios Core 4 checks them with soft_state_dependencies off
 * (the master's last HARD state counts). `inherits_parent` is not followed. Pure.
 */
import type { HostState, ServiceState } from './check-state.js';

/** The criteria letter of a master's last HARD state. */
export function dependencyLetter(state: HostState | ServiceState, object: 'host' | 'service'): string {
  switch (state.kind) {
    case 'pending':
      return 'p';
    // A SOFT problem follows an OK HARD state.
    case 'ok':
    case 'soft-problem':
      return 'o';
    case 'hard-problem':
      return object === 'host'
        ? state.problem === 'down'
          ? 'd'
          : 'u'
        : (({ warning: 'w', critical: 'c', unknown: 'u' } as Readonly<Record<string, string>>)[state.problem] ?? 'u');
  }
}

/** Whether a dependency with `criteria` fails for a master whose state has letter `letter`. */
export function dependencyFails(criteria: readonly string[], letter: string): boolean {
  return !criteria.includes('n') && criteria.includes(letter);
}
