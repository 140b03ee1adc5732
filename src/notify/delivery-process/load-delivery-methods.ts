/**
 * The methods a delivery process runs come from a module named by URL, so that the site's
 * process delivers by the real methods (methods/site-methods.ts) and a test's by its own
 * receiver, with the same spool and the same process. The module exports `deliveryMethods`,
 * a {@link DeliveryMethodsFactory}.
 */
import type { Deliver } from '../notification-job.js';

/** The methods made from the settings the site sent, or why the settings do not make any. */
export type MethodsFromSettings =
  { readonly ok: true; readonly deliver: Deliver } | { readonly ok: false; readonly reason: string };

/** What a methods module exports as `deliveryMethods`: called at start and on every reload with the site's settings. */
export type DeliveryMethodsFactory = (settings: unknown) => MethodsFromSettings;

/** Imports the methods module at `url`; rejects when it is not one. */
export async function loadDeliveryMethods(url: string): Promise<DeliveryMethodsFactory> {
  const loaded: unknown = await import(url);
  const factory =
    typeof loaded === 'object' && loaded !== null && 'deliveryMethods' in loaded ? loaded.deliveryMethods : undefined;
  if (typeof factory !== 'function') throw new Error(`${url} does not export deliveryMethods()`);
  return (settings) => (factory as DeliveryMethodsFactory)(settings);
}
