/**
 * Commands that change the core's state directly: acknowledgements, downtimes, comments and
 * master control switches. Each either applies completely and emits its events, or changes
 * nothing and says why. (Scheduling a check and passive results need the scheduler; the engine
 * handles those itself.)
 */
import type { Acknowledgement } from '../model/acknowledgement.js';
import { cancelDowntime } from '../model/downtime-timeline.js';
import {
  downtimeCommentText,
  downtimeRequestProblem,
  newDowntime,
  type Downtime,
  type DowntimeRequest,
} from '../model/downtime.js';
import { configuredSwitches, setSwitch, type MasterSwitch } from '../model/master-control.js';
import type { CommandOutcome, MonitoringCommand } from '../model/monitoring-command.js';
import { describeRef, objectKey, serviceRef, type ObjectRef } from '../model/object-ref.js';
import { checkedObject } from './check-targets.js';
import type { MonitoringCore } from './monitoring-core.js';

/** The commands {@link executeCoreCommand} handles. */
export type CoreCommand = Exclude<MonitoringCommand, { kind: 'schedule-check' } | { kind: 'process-result' }>;

const done = (ids: readonly number[] = []): CommandOutcome => ({ ok: true, ids });
const refused = (error: string): CommandOutcome => ({ ok: false, error });

function unknownObject(target: ObjectRef): CommandOutcome {
  return refused(`${describeRef(target)} is not monitored by this site`);
}

function acknowledge(
  core: MonitoringCore,
  command: Extract<CoreCommand, { kind: 'acknowledge' }>,
  now: number,
): CommandOutcome {
  const key = objectKey(command.target);
  const status = core.state.statuses.get(key);
  if (status === undefined) return unknownObject(command.target);
  const state = status.state;
  if (state.kind !== 'soft-problem' && state.kind !== 'hard-problem') {
    return refused(`${describeRef(command.target)} has no problem to acknowledge`);
  }
  const { expires } = command;
  if (expires !== undefined && expires <= now) {
    const when = new Date(expires).toISOString();
    return refused(`the acknowledgement of ${describeRef(command.target)} would end at ${when}, which has passed`);
  }
  const comment = core.state.addComment({
    target: command.target,
    kind: 'acknowledgement',
    author: command.author,
    text: command.comment,
    at: now,
    persistent: command.persistent,
    ...(expires === undefined ? {} : { expires }),
  });
  const acknowledgement: Acknowledgement = {
    kind: command.sticky ? 'sticky' : 'normal',
    notify: command.notify,
    persistent: command.persistent,
    author: command.author,
    comment: command.comment,
    at: now,
    commentId: comment.id,
    ...(expires === undefined ? {} : { expires }),
  };
  core.update(key, (s) => ({ ...s, acknowledgement }));
  core.watchAcknowledgementExpiry(key, expires);
  core.emit({ kind: 'comment-add', at: now, comment });
  core.emit({ kind: 'acknowledgement-set', at: now, target: command.target, acknowledgement });
  if (command.notify) {
    core.decide(key, 'acknowledgement', now, { author: command.author, comment: command.comment });
  }
  return done([comment.id]);
}

function removeAcknowledgement(core: MonitoringCore, target: ObjectRef, now: number): CommandOutcome {
  const key = objectKey(target);
  const status = core.state.statuses.get(key);
  if (status === undefined) return unknownObject(target);
  const acknowledgement = status.acknowledgement;
  if (acknowledgement === null) return done();
  core.update(key, (s) => ({ ...s, acknowledgement: null }));
  core.emit({ kind: 'acknowledgement-remove', at: now, target, acknowledgement, reason: 'command' });
  core.deleteAcknowledgementComments(target, now);
  return done();
}

function scheduleDowntime(
  core: MonitoringCore,
  command: Extract<CoreCommand, { kind: 'schedule-downtime' }>,
  now: number,
): CommandOutcome {
  const request: DowntimeRequest = {
    target: command.target,
    fixed: command.fixed,
    start: command.start,
    end: command.end,
    durationMs: command.durationMs,
    triggeredBy: command.triggeredBy,
    author: command.author,
    comment: command.comment,
  };
  if (!core.state.statuses.has(objectKey(request.target))) return unknownObject(request.target);
  const ids = new Set(core.state.downtimes.map((d) => d.id));
  const problem = downtimeRequestProblem(request, now, (id) => ids.has(id));
  if (problem !== null) return refused(`cannot schedule the downtime of ${describeRef(request.target)}: ${problem}`);

  const targets: ObjectRef[] = [request.target];
  if (command.includeServices === true && request.target.object === 'host') {
    for (const key of core.servicesOfHost.get(request.target.hostName) ?? []) {
      const target = core.targets.get(key);
      if (target?.object === 'service') targets.push(serviceRef(target.host.name, target.service.description));
    }
  }
  const added: Downtime[] = [];
  for (const target of targets) {
    const one: DowntimeRequest = { ...request, target };
    const comment = core.state.addComment({
      target,
      kind: 'downtime',
      author: request.author,
      text: downtimeCommentText(one, core.settings.timeZone),
      at: now,
      persistent: false,
    });
    added.push(newDowntime(one, { id: core.state.takeDowntimeId(), commentId: comment.id }, now));
    core.emit({ kind: 'comment-add', at: now, comment });
  }
  core.state.downtimes = [...core.state.downtimes, ...added];
  for (const downtime of added) core.emit({ kind: 'downtime-schedule', at: now, downtime });
  // A downtime planned for now starts at once.
  core.advance(now);
  return done(added.map((d) => d.id));
}

function deleteDowntime(core: MonitoringCore, id: number, now: number): CommandOutcome {
  const update = cancelDowntime(core.state.downtimes, id, now);
  if (update === null) return refused(`there is no downtime with id ${id}`);
  core.applyDowntimeUpdate(update, now);
  return done();
}

function addComment(
  core: MonitoringCore,
  command: Extract<CoreCommand, { kind: 'add-comment' }>,
  now: number,
): CommandOutcome {
  if (!core.state.statuses.has(objectKey(command.target))) return unknownObject(command.target);
  const comment = core.state.addComment({
    target: command.target,
    kind: 'user',
    author: command.author,
    text: command.comment,
    at: now,
    persistent: command.persistent,
  });
  core.emit({ kind: 'comment-add', at: now, comment });
  return done([comment.id]);
}

function deleteComment(core: MonitoringCore, id: number, now: number): CommandOutcome {
  const comment = core.state.comments.get(id);
  if (comment === undefined) return refused(`there is no comment with id ${id}`);
  core.state.comments.delete(id);
  core.emit({ kind: 'comment-delete', at: now, comment });
  return done();
}

/** Applies the consequences a switch has inside the core (flapping ends or may begin). */
function afterSwitch(
  core: MonitoringCore,
  keys: Iterable<string>,
  name: MasterSwitch,
  enabled: boolean,
  now: number,
): void {
  if (name !== 'flapDetection') return;
  for (const key of keys) {
    if (enabled) core.flapDetectionOn(key, now);
    else core.flapDetectionOff(key, now);
  }
}

function setMasterSwitch(
  core: MonitoringCore,
  command: Extract<CoreCommand, { kind: 'set-switch' }>,
  now: number,
): CommandOutcome {
  const { scope, name, enabled } = command;
  if (scope === 'global') {
    const result = setSwitch(core.settings.globalSwitches, core.state.globalOverrides, name, enabled);
    if (!result.changed) return done();
    core.state.globalOverrides = result.overrides;
    core.emit({ kind: 'switch-change', at: now, scope, name, enabled });
    afterSwitch(core, core.state.statuses.keys(), name, enabled, now);
    return done();
  }
  const key = objectKey(scope);
  const target = core.targets.get(key);
  const status = core.state.statuses.get(key);
  if (target === undefined || status === undefined) return unknownObject(scope);
  const result = setSwitch(configuredSwitches(checkedObject(target)), status.overrides, name, enabled);
  if (!result.changed) return done();
  core.update(key, (s) => ({ ...s, overrides: result.overrides }));
  core.emit({ kind: 'switch-change', at: now, scope, name, enabled });
  afterSwitch(core, [key], name, enabled, now);
  return done();
}

/** Executes a command against the core at `now`. */
export function executeCoreCommand(core: MonitoringCore, command: CoreCommand, now: number): CommandOutcome {
  switch (command.kind) {
    case 'acknowledge':
      return acknowledge(core, command, now);
    case 'remove-acknowledgement':
      return removeAcknowledgement(core, command.target, now);
    case 'schedule-downtime':
      return scheduleDowntime(core, command, now);
    case 'delete-downtime':
      return deleteDowntime(core, command.id, now);
    case 'add-comment':
      return addComment(core, command, now);
    case 'delete-comment':
      return deleteComment(core, command.id, now);
    case 'set-switch':
      return setMasterSwitch(core, command, now);
  }
}
