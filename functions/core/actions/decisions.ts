import type { Incident } from '../incidents/types.ts';
import type { IncidentAction } from './incident-action.ts';
import { APPROVABLE_ACTION_STATUSES, executionIdOf, UNDECIDED_ACTION_STATUSES } from './incident-action.ts';
import { iso } from '../time.ts';

/**
 * Why an incident's actions no longer run, if they do not: it was resolved (an old page's link must not
 * act on what is over) or merged (its actions are decided on the incident it joined).
 */
export function closedIncident(incident: Pick<Incident, 'id' | 'status' | 'mergedInto'>): string | undefined {
  if (incident.mergedInto) return `incident ${incident.id} was merged into ${incident.mergedInto}`;
  if (incident.status === 'resolved') return `incident ${incident.id} is resolved`;
  return undefined;
}

/** A decision an action's state does not allow (HTTP 409). */
export class ActionTransitionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ActionTransitionError';
  }
}

/** A run that crashed leaves `running` behind: after this long another try may run it again. */
export const RUN_STALE_MS = 15 * 60_000;

/**
 * Approve an action: it gets the name of its run. Approving one approved, running or done already
 * changes nothing (a second click, a retried link): one approval, one run. A failed one approved
 * again runs under a new name. Pure.
 */
export function approveAction(
  action: IncidentAction,
  incident: Pick<Incident, 'id' | 'status' | 'mergedInto'>,
  by: string,
  now: number,
): IncidentAction {
  if (action.status === 'approved' || action.status === 'running' || action.status === 'succeeded') return action;
  const closed = closedIncident(incident);
  if (closed) throw new ActionTransitionError(`action ${action.id} cannot be approved: ${closed}`);
  if (action.status === 'awaiting-approval' && action.dueAt && Date.parse(action.dueAt) <= now)
    throw new ActionTransitionError(`action ${action.id} waited for approval until ${action.dueAt}: it expired`);
  if (!APPROVABLE_ACTION_STATUSES.includes(action.status))
    throw new ActionTransitionError(
      `action ${action.id} is ${action.status}${action.error ? ` (${action.error})` : ''}: it cannot run`,
    );
  const attempt = (action.attempts ?? 0) + 1;
  const { error: _previous, ...rest } = action;
  return {
    ...rest,
    status: 'approved',
    decidedBy: by,
    decidedAt: iso(now),
    attempts: attempt,
    executionId: executionIdOf(incident.id, action.id, attempt),
  };
}

/** Reject an action that waits: it never runs. Rejecting one rejected already changes nothing. Pure. */
export function rejectAction(action: IncidentAction, by: string, now: number): IncidentAction {
  if (action.status === 'rejected') return action;
  if (!UNDECIDED_ACTION_STATUSES.includes(action.status))
    throw new ActionTransitionError(`action ${action.id} is ${action.status}: only a waiting action can be rejected`);
  return { ...action, status: 'rejected', decidedBy: by, decidedAt: iso(now) };
}

/** An approval that did not come in time is a rejection. Pure. */
export function expireAction(action: IncidentAction, now: number): IncidentAction {
  if (action.status !== 'awaiting-approval' || !action.dueAt || Date.parse(action.dueAt) > now) return action;
  return { ...action, status: 'expired', decidedBy: 'nobody in time', decidedAt: iso(now) };
}

/**
 * Claim the run named `executionId`: `run` when this try sends the requests, `done` when that run
 * ended already (a retried task), `busy` while another try runs it. Pure.
 */
export function claimRun(
  action: IncidentAction,
  executionId: string,
  now: number,
): { claim: 'run' | 'done' | 'busy'; next: IncidentAction } {
  if (action.executionId !== executionId)
    throw new ActionTransitionError(`action ${action.id} has no approved run ${executionId}`);
  if (action.status === 'succeeded' || action.status === 'failed') return { claim: 'done', next: action };
  if (action.status === 'running' && action.startedAt && now - Date.parse(action.startedAt) < RUN_STALE_MS)
    return { claim: 'busy', next: action };
  if (action.status !== 'approved' && action.status !== 'running')
    throw new ActionTransitionError(`action ${action.id} is ${action.status}: it does not run`);
  return { claim: 'run', next: { ...action, status: 'running', startedAt: iso(now) } };
}

/** The end of a run. Pure. */
export function finishRun(
  action: IncidentAction,
  executionId: string,
  outcome: 'succeeded' | 'failed',
  now: number,
  error?: string,
): IncidentAction {
  if (action.executionId !== executionId || action.status !== 'running') return action;
  return { ...action, status: outcome, endedAt: iso(now), ...(error ? { error } : {}) };
}

/** A run held back (retryable) goes back to approved under the same name: the workflow retries it. Pure. */
export function holdRun(action: IncidentAction, executionId: string, error: string): IncidentAction {
  if (action.executionId !== executionId || action.status !== 'running') return action;
  const { startedAt: _s, ...rest } = action;
  return { ...rest, status: 'approved', error };
}

/** The workflow gave up on a run: it failed, with the last reason. Pure. */
export function abandonRun(action: IncidentAction, executionId: string, now: number, reason: string): IncidentAction {
  if (action.executionId !== executionId || (action.status !== 'approved' && action.status !== 'running'))
    return action;
  return { ...action, status: 'failed', endedAt: iso(now), error: `gave up: ${action.error ?? reason}` };
}
