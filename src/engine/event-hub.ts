/**
 * The one internal stream of monitoring events: the engine emits, and notifications, history,
 * Livestatus and the web interface subscribe.
 *
 * Contract: every listener sees every event emitted after it subscribed, in emission order, and
 * all listeners see the same order: an event emitted by a listener while an event is being
 * delivered is queued and delivered after it. Listeners are called synchronously and must not
 * block; one that throws is reported to `onListenerError` and the others still get the event.
 */
import type { MonitoringEvent } from '../model/events.js';

/** A subscriber to the event stream. */
export type EventListener = (event: MonitoringEvent) => void;

/** The event stream. */
export interface EventHub {
  emit(event: MonitoringEvent): void;
  /** Adds a listener; the returned function removes it. */
  subscribe(listener: EventListener): () => void;
}

/** A new, empty event stream. */
export function createEventHub(onListenerError: (error: unknown) => void = () => undefined): EventHub {
  let listeners: readonly EventListener[] = [];
  const queue: MonitoringEvent[] = [];
  let delivering = false;

  const deliver = (event: MonitoringEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        onListenerError(error);
      }
    }
  };

  return {
    emit(event) {
      queue.push(event);
      if (delivering) return;
      delivering = true;
      try {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) deliver(next);
      } finally {
        delivering = false;
      }
    },
    subscribe(listener) {
      listeners = [...listeners, listener];
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
  };
}
