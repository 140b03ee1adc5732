/**
 * Delivery by the job's method: hands each notification to the adapter of its kind.
 */
import type { Deliver, DeliveryMethod } from '../notification-job.js';

/** One adapter per method kind. */
export type MethodAdapters = Readonly<Record<DeliveryMethod['kind'], Deliver>>;

/** A {@link Deliver} that dispatches on `job.method.kind`. */
export function deliverByMethod(adapters: MethodAdapters): Deliver {
  return (job, signal, context) => adapters[job.method.kind](job, signal, context);
}
