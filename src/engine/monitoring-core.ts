/**
 * The monitoring core: the engine's single writer of run-time state, without timers or I/O.
 * It applies results (state, acknowledgements, flapping, flexible downtimes, notification
 * decisions), moves downtimes along in time, and emits every event on the hub. Time is an
 * argument of every call; the scheduling around it lives in start-monitoring.ts and the
 * commands in core-commands.ts.
 */
import { applyCheckResult, type CheckApplied } from '../model/apply-check.js';
import { acknowledgementExpired } from '../model/acknowledgement.js';
import type { CheckResult } from '../model/check-result.js';
import { problemOf, type HostProblem } from '../model/check-state.js';
import { inPeriod, type PeriodContext } from '../model/check-period.js';
import { SITE_AUTHOR, flappingCommentText } from '../model/comment.js';
import { advanceDowntimes, startFlexibleDowntimes, type DowntimeUpdate } from '../model/downtime-timeline.js';
import type { MonitoringEvent } from '../model/events.js';
import { disableFlapping, evaluateFlapping, flapThresholds, type FlapThresholds } from '../model/flapping.js';
import {
  configuredSwitches,
  effectiveSwitches,
  type SwitchOverrides,
  type SwitchValues,
} from '../model/master-control.js';
import type { MonitoringSnapshot } from '../model/monitoring-snapshot.js';
import {
  NEVER_NOTIFIED,
  notificationDecision,
  recordNotification,
  type NotificationRecord,
  type NotificationType,
} from '../model/notification-decision.js';
import { notificationIntervalInForce } from '../model/escalated-interval.js';
import { dependencyFails, dependencyLetter } from '../model/notification-dependency.js';
import type { Configuration, Escalation, Host } from '../model/objects.js';
import { hostRef, objectKey, refOf, type ObjectRef } from '../model/object-ref.js';
import { initialStatus, type ObjectStatus } from '../model/object-status.js';
import { checkedObject, type CheckTarget } from './check-targets.js';
import type { EventHub } from './event-hub.js';
import { MonitoringState } from './monitoring-state.js';
import { notificationFacts } from './notification-facts.js';

/** The site settings the core reads. */
export interface CoreSettings {
  /** The IANA zone in which time periods are read and comment dates are written. */
  readonly timeZone: string;
  /** The configured global master control switches. */
  readonly globalSwitches: SwitchValues;
  /** The global flap thresholds, used where an object's own are 0. */
  readonly flapThresholds: { readonly host: FlapThresholds; readonly service: FlapThresholds };
}

/** What the core is built from. */
export interface CoreOptions {
  readonly configuration: Configuration;
  readonly targets: ReadonlyMap<string, CheckTarget>;
  readonly settings: CoreSettings;
  readonly hub: EventHub;
  /** State to continue from (a reload, or retention at start); objects no longer configured are dropped. */
  readonly initial?: MonitoringSnapshot;
}

/** Options of a notification decision. */
interface DecideOptions {
  /** `always` emits suppressed decisions too; `notify-only` emits a decision only when it notifies. */
  readonly emit?: 'always' | 'notify-only';
  readonly author?: string;
  readonly comment?: string;
  /** Downtime notifications: the other downtimes in effect, which alone may suppress them. */
  readonly otherDowntimes?: number;
  /** A recovery after flapping, due because the problem had been notified before flapping began. */
  readonly notifiedProblem?: boolean;
}

/** The run-time core of a site's monitoring. */
export class MonitoringCore {
  readonly state = new MonitoringState();
  readonly periods: PeriodContext;
  readonly targets: ReadonlyMap<string, CheckTarget>;
  readonly settings: CoreSettings;
  readonly hub: EventHub;
  /** Service keys by host name, for host downtimes that include the host's services. */
  readonly servicesOfHost = new Map<string, string[]>();
  /**
   * End times of acknowledgements made with one, by object key. An entry may outlive its
   * acknowledgement (ended by a state change or command); {@link advance} drops it when its time comes.
   */
  readonly #expiringAcknowledgements = new Map<string, number>();
  /** The global switches in force, and the overrides they were computed from. */
  #globals: { readonly from: SwitchOverrides; readonly values: SwitchValues } | null = null;
  /** Host and service escalations by object key (only objects that have some). */
  readonly #escalations = new Map<string, Escalation[]>();
  /** Notification dependencies by the dependent object's key: the master's key and kind, the criteria, the period. */
  readonly #dependencies = new Map<
    string,
    {
      readonly master: string;
      readonly object: 'host' | 'service';
      readonly criteria: readonly string[];
      readonly period: string | null;
    }[]
  >();

  constructor(options: CoreOptions) {
    const { configuration } = options;
    this.targets = options.targets;
    this.settings = options.settings;
    this.hub = options.hub;
    this.periods = {
      lookup: (name) => configuration.timePeriods.get(name)?.rules,
      timeZone: options.settings.timeZone,
    };
    for (const target of this.targets.values()) {
      this.state.statuses.set(target.key, initialStatus(targetRef(target)));
      if (target.object === 'service') {
        const keys = this.servicesOfHost.get(target.host.name);
        if (keys === undefined) this.servicesOfHost.set(target.host.name, [target.key]);
        else keys.push(target.key);
      }
    }
    for (const e of [...configuration.hostEscalations, ...configuration.serviceEscalations]) {
      const key =
        e.serviceDescription === null
          ? e.hostName
          : objectKey({ object: 'service', hostName: e.hostName, description: e.serviceDescription });
      const list = this.#escalations.get(key);
      if (list === undefined) this.#escalations.set(key, [e]);
      else list.push(e);
    }
    const depend = (
      dependent: string,
      master: string,
      object: 'host' | 'service',
      criteria: readonly string[],
      period: string | null,
    ): void => {
      if (criteria.length === 0 || criteria.includes('n')) return;
      const list = this.#dependencies.get(dependent) ?? [];
      list.push({ master, object, criteria, period });
      this.#dependencies.set(dependent, list);
    };
    for (const d of configuration.hostDependencies) {
      depend(d.dependentHostName, d.hostName, 'host', d.notificationFailureCriteria, d.dependencyPeriod);
    }
    for (const d of configuration.serviceDependencies) {
      depend(
        objectKey({ object: 'service', hostName: d.dependentHostName, description: d.dependentServiceDescription }),
        objectKey({ object: 'service', hostName: d.hostName, description: d.serviceDescription }),
        'service',
        d.notificationFailureCriteria,
        d.dependencyPeriod,
      );
    }
    if (options.initial !== undefined) {
      this.state.restore(options.initial, (key) => this.targets.has(key));
      for (const [key, status] of this.state.statuses)
        this.watchAcknowledgementExpiry(key, status.acknowledgement?.expires);
    }
  }

  /** Remembers that the acknowledgement of `key` ends at `expires` (nothing for `undefined`). */
  watchAcknowledgementExpiry(key: string, expires: number | undefined): void {
    if (expires !== undefined) this.#expiringAcknowledgements.set(key, expires);
  }

  /** The global switches in force. */
  globals(): SwitchValues {
    // Asked several times per check; the overrides are replaced, never changed in place, when a command sets one.
    const overrides = this.state.globalOverrides;
    if (this.#globals === null || this.#globals.from !== overrides) {
      this.#globals = { from: overrides, values: effectiveSwitches(this.settings.globalSwitches, overrides) };
    }
    return this.#globals.values;
  }

  /** The switches of an object in force (its own, not combined with the global ones). */
  switchesOf(key: string): SwitchValues | undefined {
    const target = this.targets.get(key);
    const status = this.state.statuses.get(key);
    if (target === undefined || status === undefined) return undefined;
    return effectiveSwitches(configuredSwitches(checkedObject(target)), status.overrides);
  }

  /** The problem of a host, SOFT or HARD; `null` when it is UP, pending or unknown here. */
  hostProblem(hostName: string): HostProblem | null {
    const status = this.state.statuses.get(hostName);
    return status?.object === 'host' ? problemOf(status.state) : null;
  }

  /** A host has parents and every one of them has a problem. */
  allParentsDown(host: Host): boolean {
    return host.parents.length > 0 && host.parents.every((parent) => this.hostProblem(parent) !== null);
  }

  /** Flap detection is on globally and for the object. */
  flapDetectionInForce(key: string): boolean {
    return this.globals().flapDetection && (this.switchesOf(key)?.flapDetection ?? false);
  }

  /** An object's flap thresholds, the global ones where its own are 0. */
  thresholdsOf(target: CheckTarget): FlapThresholds {
    const object = checkedObject(target);
    const own = { low: object.lowFlapThreshold, high: object.highFlapThreshold };
    return flapThresholds(own, this.settings.flapThresholds[target.object]);
  }

  emit(event: MonitoringEvent): void {
    this.hub.emit(event);
  }

  /**
   * Applies a check result (active or passive) to object `key`, with all that follows from it;
   * returns what the result changed (`null` for an unknown key).
   */
  recordResult(key: string, result: CheckResult, now: number, passive: boolean): CheckApplied | null {
    const target = this.targets.get(key);
    const status = this.state.statuses.get(key);
    if (target === undefined || status === undefined) return null;
    const applied = applyCheckResult(status, result, {
      now,
      maxCheckAttempts: checkedObject(target).maxCheckAttempts,
      passive,
      hostProblem: target.object === 'service' ? this.hostProblem(target.host.name) : null,
      allParentsDown: target.object === 'host' && this.allParentsDown(target.host),
      flapDetection: { enabled: this.flapDetectionInForce(key), thresholds: this.thresholdsOf(target) },
    });
    this.state.setStatus(key, applied.status);
    for (const event of applied.events) {
      this.emit(event);
      if (event.kind === 'acknowledgement-remove') this.deleteAcknowledgementComments(event.target, now);
      else if (event.kind === 'flapping-start') this.addFlappingComment(target, event.percent, event.threshold, now);
      else if (event.kind === 'flapping-stop') this.deleteFlappingComments(event.target, now);
    }
    const next = applied.status;
    // Nagios looks for flexible downtimes to start when an object reaches or changes a HARD problem.
    if (next.state.kind === 'hard-problem' && (applied.stateChange || applied.hardChange)) {
      this.applyDowntimeUpdate(startFlexibleDowntimes(this.state.downtimes, key, now), now);
    }
    // Flapping is decided before the problem, so that a problem that starts flapping is suppressed.
    for (const event of applied.events) {
      if (event.kind === 'flapping-start') this.decide(key, 'flapping-start', now);
      if (event.kind === 'flapping-stop') {
        this.decide(key, 'flapping-stop', now);
        if (status.flap.recoveryPending && next.state.kind === 'ok' && !applied.hardChange) {
          this.decide(key, 'recovery', now, { notifiedProblem: true });
        }
      }
    }
    if (applied.hardChange) this.decide(key, next.state.kind === 'ok' ? 'recovery' : 'problem', now);
    else if (next.state.kind === 'hard-problem' && this.renotificationDue(target, next, now)) {
      this.decide(key, 'problem', now, { emit: 'notify-only' });
    }
    if (next.state.kind === 'ok') {
      // Most results are OK after OK: replacing an equal record would only wake the status watchers again.
      const current = this.state.statuses.get(key);
      if (current !== undefined && !neverNotified(current.notification)) {
        this.state.setStatus(key, { ...current, notification: NEVER_NOTIFIED });
      }
    }
    return applied;
  }

  /**
   * Whether a repeated HARD problem may notify again as far as the re-notification interval goes:
   * a cheap test first, so that the full decision runs only when a notification may be due.
   */
  renotificationDue(target: CheckTarget, status: ObjectStatus, now: number): boolean {
    const { lastAt } = status.notification;
    if (lastAt === null || (target.object === 'service' && target.service.isVolatile)) return true;
    const interval = this.notificationInterval(target, status) * 1000;
    return interval > 0 && now >= lastAt + interval;
  }

  /** The re-notification interval in force for `target` (seconds): its escalations' while one applies to the last notification. */
  notificationInterval(target: CheckTarget, status: ObjectStatus): number {
    const own = checkedObject(target).notificationInterval;
    const escalations = this.#escalations.get(target.key);
    const { lastAt, number } = status.notification;
    if (escalations === undefined || lastAt === null) return own;
    const problem =
      status.state.kind === 'hard-problem' || status.state.kind === 'soft-problem' ? status.state.problem : null;
    return notificationIntervalInForce(own, escalations, { number, at: lastAt, problem }, (name, at) =>
      inPeriod(name, at, this.periods),
    );
  }

  /** Whether a notification dependency of `key` fails at `now` (a master in one of its criteria's states, in its period). */
  dependencyFailed(key: string, now: number): boolean {
    for (const d of this.#dependencies.get(key) ?? []) {
      if (d.period !== null && !inPeriod(d.period, now, this.periods)) continue;
      const master = this.state.statuses.get(d.master);
      if (master !== undefined && dependencyFails(d.criteria, dependencyLetter(master.state, d.object))) return true;
    }
    return false;
  }

  /** Decides whether a notification of `type` about `key` would go out, emits the decision and records it. */
  decide(key: string, type: NotificationType, now: number, options: DecideOptions = {}): void {
    const target = this.targets.get(key);
    const status = this.state.statuses.get(key);
    const switches = this.switchesOf(key);
    if (target === undefined || status === undefined || switches === undefined) return;
    const object = checkedObject(target);
    const facts = notificationFacts(
      {
        target,
        status,
        globals: this.globals(),
        switches,
        downtimeDepth: options.otherDowntimes ?? this.state.downtimeDepth(key),
        hostDowntimeDepth: target.object === 'service' ? this.state.downtimeDepth(target.host.name) : 0,
        hostProblem: target.object === 'service' && this.hostProblem(target.host.name) !== null,
        allParentsDown: target.object === 'host' && this.allParentsDown(target.host),
        inNotificationPeriod: inPeriod(object.notificationPeriod, now, this.periods),
        notificationInterval: this.notificationInterval(target, status),
        dependencyFailed: this.dependencyFailed(key, now),
      },
      type,
      now,
    );
    const record = options.notifiedProblem === true ? { ...facts.record, notifiedProblem: true } : facts.record;
    const decision = notificationDecision({ ...facts, record });
    if (options.emit !== 'notify-only' || decision.notify) {
      this.emit({
        kind: 'notification-decision',
        at: now,
        target: refOf(status),
        type,
        decision,
        problem: facts.problem,
        output: status.state.kind === 'pending' ? '' : status.state.output,
        number: type === 'problem' ? facts.record.number + 1 : facts.record.number,
        author: options.author ?? '',
        comment: options.comment ?? '',
      });
    }
    this.update(key, (s) => ({ ...s, notification: recordNotification(s.notification, type, decision, now) }));
  }

  /** Replaces the status of `key` by `change` of it. */
  update(key: string, change: (status: ObjectStatus) => ObjectStatus): void {
    const status = this.state.statuses.get(key);
    if (status !== undefined) this.state.setStatus(key, change(status));
  }

  /** Starts and ends the downtimes due at `now`, and ends the acknowledgements whose end time has come. */
  advance(now: number): void {
    const update = advanceDowntimes(this.state.downtimes, now);
    if (update.events.length > 0) this.applyDowntimeUpdate(update, now);
    this.expireAcknowledgements(now);
  }

  /** When {@link advance} next has work (a downtime or an acknowledgement's end), or `null`. */
  nextChange(): number | null {
    let next = this.state.nextDowntimeChange;
    for (const expires of this.#expiringAcknowledgements.values()) if (next === null || expires < next) next = expires;
    return next;
  }

  /**
   * Ends the acknowledgements whose end time is `now` or earlier, as the command that removes
   * one does (Naemon `handle_*_acknowledgement_expire_event`): the event, and the acknowledgement's
   * comments unless persistent.
   */
  expireAcknowledgements(now: number): void {
    for (const [key, expires] of this.#expiringAcknowledgements) {
      if (expires > now) continue;
      this.#expiringAcknowledgements.delete(key);
      const status = this.state.statuses.get(key);
      const acknowledgement = status?.acknowledgement ?? null;
      if (status === undefined || acknowledgement === null || !acknowledgementExpired(acknowledgement, now)) continue;
      this.update(key, (s) => ({ ...s, acknowledgement: null }));
      const target = refOf(status);
      this.emit({ kind: 'acknowledgement-remove', at: now, target, acknowledgement, reason: 'expired' });
      this.deleteAcknowledgementComments(target, now);
    }
  }

  /** When {@link advance} next has work, or `null`. */
  nextDowntimeChange(): number | null {
    return this.state.nextDowntimeChange;
  }

  /** Takes over changed downtimes: emits their events, drops their comments and decides their notifications. */
  applyDowntimeUpdate(update: DowntimeUpdate, now: number): void {
    this.state.downtimes = update.downtimes;
    for (const event of update.events) {
      this.emit(event);
      const { downtime, depth } = event;
      const key = objectKey(downtime.target);
      const notify = { author: downtime.author, comment: downtime.comment, otherDowntimes: 0 };
      if (event.kind !== 'downtime-start' && downtime.commentId !== null) {
        const comment = this.state.comments.get(downtime.commentId);
        if (comment !== undefined) {
          this.state.comments.delete(comment.id);
          this.emit({ kind: 'comment-delete', at: now, comment });
        }
      }
      if (event.kind === 'downtime-start' && depth === 1) this.decide(key, 'downtime-start', now, notify);
      if (event.kind === 'downtime-end' && depth === 0) this.decide(key, 'downtime-end', now, notify);
      if (event.kind === 'downtime-cancel' && downtime.phase.kind === 'active' && depth === 0) {
        this.decide(key, 'downtime-cancelled', now, notify);
      }
    }
  }

  /** Flap detection was switched off for `key` (or globally): a flapping object stops flapping. */
  flapDetectionOff(key: string, now: number): void {
    const status = this.state.statuses.get(key);
    if (status === undefined || !status.flap.flapping) return;
    this.update(key, (s) => ({ ...s, flap: disableFlapping(s.flap) }));
    const target = refOf(status);
    this.emit({ kind: 'flapping-disabled', at: now, target });
    this.deleteFlappingComments(target, now);
    this.decide(key, 'flapping-disabled', now);
  }

  /** Flap detection was switched on for `key` (or globally): it may be flapping already (no notification, as in Nagios). */
  flapDetectionOn(key: string, now: number): void {
    const target = this.targets.get(key);
    const status = this.state.statuses.get(key);
    if (target === undefined || status === undefined || !this.flapDetectionInForce(key)) return;
    const thresholds = this.thresholdsOf(target);
    const update = evaluateFlapping(status.flap, { enabled: true, thresholds, notifiedProblem: false });
    if (update.change !== 'start') return;
    this.update(key, (s) => ({ ...s, flap: update.flap }));
    const percent = update.flap.percent;
    this.emit({ kind: 'flapping-start', at: now, target: refOf(status), percent, threshold: thresholds.high });
    this.addFlappingComment(target, percent, thresholds.high, now);
  }

  addFlappingComment(target: CheckTarget, percent: number, threshold: number, now: number): void {
    const comment = this.state.addComment({
      target: targetRef(target),
      kind: 'flapping',
      author: SITE_AUTHOR,
      text: flappingCommentText(target.object, percent, threshold),
      at: now,
      persistent: false,
    });
    this.emit({ kind: 'comment-add', at: now, comment });
  }

  deleteFlappingComments(target: ObjectRef, now: number): void {
    for (const comment of this.state.deleteComments(target, (c) => c.kind === 'flapping')) {
      this.emit({ kind: 'comment-delete', at: now, comment });
    }
  }

  /** Nagios deletes the non-persistent acknowledgement comments when an acknowledgement ends. */
  deleteAcknowledgementComments(target: ObjectRef, now: number): void {
    const which = (c: { kind: string; persistent: boolean }): boolean => c.kind === 'acknowledgement' && !c.persistent;
    for (const comment of this.state.deleteComments(target, which)) {
      this.emit({ kind: 'comment-delete', at: now, comment });
    }
  }
}

/** Whether a notification record is {@link NEVER_NOTIFIED} (the same or an equal value). */
function neverNotified(record: NotificationRecord): boolean {
  return (
    record === NEVER_NOTIFIED ||
    (record.number === NEVER_NOTIFIED.number &&
      record.lastAt === NEVER_NOTIFIED.lastAt &&
      record.notifiedProblem === NEVER_NOTIFIED.notifiedProblem)
  );
}

/** The reference of a target. */
export function targetRef(target: CheckTarget): ObjectRef {
  return target.object === 'host'
    ? hostRef(target.host.name)
    : { object: 'service', hostName: target.host.name, description: target.service.description };
}
