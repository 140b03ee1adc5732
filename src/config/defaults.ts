/**
 * Defaults for every attribute an administrator may leave out, as in Nagios 4 and Checkmk.
 * They live here only: the rest of the system reads the built objects, never a default.
 */
import type { HostNotificationOption, ServiceNotificationOption } from '../model/objects.js';

/** The predefined time period that is always active (SPEC §2). */
export const ALWAYS_PERIOD_NAME = '24X7';

/** Object defaults. Intervals in seconds. */
export const DEFAULTS = {
  checkInterval: 60,
  retryInterval: 60,
  maxCheckAttempts: 1,
  notificationInterval: 30 * 60,
  firstNotificationDelay: 0,
  freshnessThreshold: 0,
  lowFlapThreshold: 0,
  highFlapThreshold: 0,
  hostNotificationOptions: ['d', 'u', 'r', 'f', 's'] as readonly HostNotificationOption[],
  serviceNotificationOptions: ['w', 'u', 'c', 'r', 'f', 's'] as readonly ServiceNotificationOption[],
  escalationFirstNotification: 1,
  escalationLastNotification: 0,
} as const;
