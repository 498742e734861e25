import type { Alert } from '../alerts/types.ts';
import type { IncidentChange } from '../incidents/lifecycle.ts';
import type { Incident, IncidentTimelineEntry } from '../incidents/types.ts';
import type { Rule } from '../rules/rule-schema.ts';
import {
  abandonRun,
  ActionTransitionError,
  approveAction,
  closedIncident,
  claimRun,
  expireAction,
  finishRun,
  holdRun,
  rejectAction,
} from './decisions.ts';
import { describeAction } from './describe.ts';
import type { ActionResult, ActionTransport } from './execute.ts';
import { executePlan } from './execute.ts';
import type { IncidentAction } from './incident-action.ts';
import { planAction } from './plan.ts';
import type { PolicyActions, RemediationSwitches } from './proposals.ts';
import { proposeActions, switchedOff } from './proposals.ts';
import type { ActionPlan, KubeReader } from './requests.ts';
import { entry } from '../incidents/timeline.ts';

/** What remediation needs of the incident store. */
export interface RemediationIncidents {
  get(id: string): Promise<Incident>;
  change(id: string, decide: (current: Incident) => IncidentChange): Promise<IncidentChange>;
  addTimelineEntry(entry: IncidentTimelineEntry): Promise<void>;
}

/** A cluster's API and AWS, as actions reach them. */
export interface ClusterConnection {
  readonly reader: KubeReader;
  readonly transport: ActionTransport;
}

/** Starts the remediation workflow: named executions, so that a second start of one name does nothing. */
export interface RemediationLauncher {
  start(name: string, input: RemediationInput): Promise<boolean>;
}

/** The remediation workflow's input. */
export interface RemediationInput {
  readonly incidentId: string;
  readonly actionId: string;
  /** Set to run an approved action; absent to wait for a decision first. */
  readonly executionId?: string;
}

/** The ports of {@link RemediationService}. */
export interface RemediationDeps {
  readonly incidents: RemediationIncidents;
  readonly rules: ReadonlyMap<string, Rule>;
  /** Correlation policies' actions, by policy name. */
  readonly policies?: PolicyActions;
  readonly switches: RemediationSwitches;
  connect(cluster: string): Promise<ClusterConnection>;
  readonly launcher?: RemediationLauncher;
  readonly clock: () => number;
}

/** An action id that is not one of the incident's (HTTP 404). */
export class UnknownActionError extends Error {
  public constructor(incidentId: string, actionId: string) {
    super(`incident ${incidentId} has no action ${actionId}`);
    this.name = 'UnknownActionError';
  }
}

/** A run that may succeed later: the workflow retries it (Step Functions matches the error's name). */
export class ActionRetryableError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ActionRetryable';
  }
}

/** Audit steps kept on the timeline, at most. */
const MAX_AUDIT_STEPS = 50;

/**
 * Known fixes as actions on incidents: proposed from the rules of their alerts, decided by people
 * (or by the catalogue, where safe), planned (a dry run shows the requests), run once per approval
 * and audited on the timeline.
 */
export class RemediationService {
  public constructor(private readonly deps: RemediationDeps) {}

  /** Add what the alerts' rules propose; start the workflow for those that run or wait for approval. */
  public async propose(incidentId: string, alerts: readonly Alert[]): Promise<IncidentAction[]> {
    const now = this.deps.clock();
    let added: IncidentAction[] = [];
    await this.deps.incidents.change(incidentId, (current) => {
      added = proposeActions(
        current,
        current.actions ?? [],
        alerts,
        { rules: this.deps.rules, policies: this.deps.policies },
        this.deps.switches,
        now,
      );
      if (added.length === 0) return { outcome: 'unchanged', next: current, timeline: [], escalate: false };
      return {
        outcome: 'updated',
        next: { ...current, actions: [...(current.actions ?? []), ...added], version: current.version + 1 },
        timeline: [
          entry(
            incidentId,
            now,
            'action',
            'watchkeeper',
            `proposed-${added.map((a) => a.id).join('-')}`,
            `Actions: ${added.map((a) => `${describeAction(a.kind, a.params, current.cluster)} (${a.status})`).join('; ')}`,
            { actions: added.map((a) => a.id) },
          ),
        ],
        escalate: false,
      };
    });
    for (const action of added) {
      if (action.status === 'approved' && action.executionId)
        await this.deps.launcher?.start(action.executionId, {
          incidentId,
          actionId: action.id,
          executionId: action.executionId,
        });
      if (action.status === 'awaiting-approval')
        await this.deps.launcher?.start(`${incidentId.replace(/[^\w-]/g, '_')}-${action.id}-approval`.slice(0, 80), {
          incidentId,
          actionId: action.id,
        });
    }
    return added;
  }

  /** Approve or reject an action; an approved suggestion starts its run. */
  public async decide(
    incidentId: string,
    actionId: string,
    decision: 'approve' | 'reject',
    by: string,
  ): Promise<IncidentAction> {
    const now = this.deps.clock();
    const {
      action: after,
      before,
      changed,
      incident,
    } = await this.changeAction(incidentId, actionId, (action, current) =>
      decision === 'approve' ? approveAction(action, current, by, now) : rejectAction(action, by, now),
    );
    if (changed) {
      await this.note(
        incident,
        by,
        `${decision}-${actionId}-${after.attempts ?? 0}`,
        (d) => `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${d}`,
        after,
      );
      // An approval the workflow waits for is picked up by it; a suggestion (or a retry) starts its own run.
      if (after.status === 'approved' && after.executionId && before.status !== 'awaiting-approval')
        await this.deps.launcher?.start(after.executionId, { incidentId, actionId, executionId: after.executionId });
    }
    return after;
  }

  /** For the workflow's wait: the action's status now, an approval that did not come in time expired. */
  public async check(incidentId: string, actionId: string): Promise<IncidentAction> {
    const now = this.deps.clock();
    const { action, incident, changed } = await this.changeAction(incidentId, actionId, (a) => expireAction(a, now));
    if (changed)
      await this.note(
        incident,
        'watchkeeper',
        `expired-${actionId}`,
        (d) => `Not run: nobody approved ${d} by ${action.dueAt}`,
        action,
      );
    return action;
  }

  /** What the action would send now (its reads are made; nothing is changed). */
  public async dryRun(
    incidentId: string,
    actionId: string,
  ): Promise<{ action: IncidentAction; description: string; plan: ActionPlan }> {
    const incident = await this.deps.incidents.get(incidentId);
    const action = this.find(incident, actionId);
    if (action.status === 'unbound')
      throw new ActionTransitionError(`action ${actionId} cannot be planned: ${action.error}`);
    const connection = await this.deps.connect(incident.cluster);
    const plan = await planAction({
      kind: action.kind,
      params: action.params,
      cluster: incident.cluster,
      reader: connection.reader,
      run: {
        executionId: action.executionId ?? `${incidentId}-${actionId}-dry-run`,
        at: action.decidedAt ?? new Date(this.deps.clock()).toISOString(),
      },
    });
    return { action, description: describeAction(action.kind, action.params, incident.cluster), plan };
  }

  /**
   * Run an approved action under its run's name: claimed first, so that a retried task or a second
   * workflow finds it running or done and sends nothing; planned afresh, sent, audited.
   */
  public async run(incidentId: string, actionId: string, executionId: string): Promise<IncidentAction> {
    const now = this.deps.clock();
    const before = await this.deps.incidents.get(incidentId);
    const off = switchedOff(this.deps.switches, before.cluster) ?? closedIncident(before);
    if (off) {
      const action = this.find(before, actionId);
      await this.note(before, 'watchkeeper', `off-${executionId}`, (d) => `Not run (${off}): ${d}`, action);
      return action;
    }
    const state: { claim: 'run' | 'done' | 'busy' } = { claim: 'busy' };
    const claimed = await this.changeAction(incidentId, actionId, (action) => {
      const decided = claimRun(action, executionId, now);
      state.claim = decided.claim;
      return decided.next;
    });
    if (state.claim !== 'run') return claimed.action;
    const { incident, action } = claimed;
    let result: ActionResult;
    let plan: ActionPlan | undefined;
    try {
      const connection = await this.deps.connect(incident.cluster);
      plan = await planAction({
        kind: action.kind,
        params: action.params,
        cluster: incident.cluster,
        reader: connection.reader,
        run: { executionId, at: action.decidedAt ?? action.proposedAt },
      });
      result = await executePlan(plan, connection.transport, this.deps.clock);
    } catch (error) {
      result = { steps: [], outcome: 'failed', error: (error as Error).message };
    }
    if (result.retryable) {
      await this.changeAction(incident.id, action.id, (a) => holdRun(a, executionId, result.error ?? 'held back'));
      await this.audit(incident, action, executionId, result, plan, 'Held back, retried');
      throw new ActionRetryableError(result.error ?? 'held back');
    }
    return this.finish(incident, action, executionId, result, plan);
  }

  private async finish(
    incident: Incident,
    action: IncidentAction,
    executionId: string,
    result: ActionResult,
    plan?: ActionPlan,
  ): Promise<IncidentAction> {
    const now = this.deps.clock();
    const done = await this.changeAction(incident.id, action.id, (a) =>
      finishRun(a, executionId, result.outcome, now, result.error),
    );
    await this.audit(incident, action, executionId, result, plan, result.outcome === 'succeeded' ? 'Done' : 'Failed');
    return done.action;
  }

  /** One timeline entry per try of a run: what was sent and what came back. */
  private async audit(
    incident: Incident,
    action: IncidentAction,
    executionId: string,
    result: ActionResult,
    plan: ActionPlan | undefined,
    verdict: string,
  ): Promise<void> {
    const now = this.deps.clock();
    const took = now - Date.parse(action.startedAt ?? new Date(now).toISOString());
    await this.deps.incidents.addTimelineEntry(
      entry(
        incident.id,
        now,
        'action',
        action.decidedBy ?? 'watchkeeper',
        `run-${executionId}-${action.startedAt ?? ''}`,
        `${verdict}: ${describeAction(action.kind, action.params, incident.cluster)}${result.error ? ` — ${result.error}` : ''} (${result.steps.length} requests, ${took} ms, approved by ${action.decidedBy ?? '-'})`,
        {
          action: action.id,
          executionId,
          outcome: result.outcome,
          steps: result.steps.slice(0, MAX_AUDIT_STEPS),
          ...(plan?.kept ? { kept: plan.kept } : {}),
          ...(plan?.notes.length ? { notes: plan.notes } : {}),
        },
      ),
    );
  }

  /** The workflow gave up retrying: the action failed. */
  public async giveUp(
    incidentId: string,
    actionId: string,
    executionId: string,
    reason: string,
  ): Promise<IncidentAction> {
    const now = this.deps.clock();
    const { action, incident, changed } = await this.changeAction(incidentId, actionId, (a) =>
      abandonRun(a, executionId, now, reason),
    );
    if (changed)
      await this.note(
        incident,
        'watchkeeper',
        `gave-up-${executionId}`,
        (d) => `Failed: ${d} — ${action.error}`,
        action,
        {
          executionId,
        },
      );
    return action;
  }

  private find(incident: Incident, actionId: string): IncidentAction {
    const action = incident.actions?.find((a) => a.id === actionId);
    if (!action) throw new UnknownActionError(incident.id, actionId);
    return action;
  }

  /** Change one action of an incident (optimistic concurrency as every incident change). */
  private async changeAction(
    incidentId: string,
    actionId: string,
    decide: (action: IncidentAction, incident: Incident) => IncidentAction,
  ): Promise<{ incident: Incident; action: IncidentAction; before: IncidentAction; changed: boolean }> {
    let before: IncidentAction | undefined;
    const change = await this.deps.incidents.change(incidentId, (current) => {
      const action = this.find(current, actionId);
      before = action;
      const next = decide(action, current);
      if (next === action) return { outcome: 'unchanged', next: current, timeline: [], escalate: false };
      return {
        outcome: 'updated',
        next: {
          ...current,
          actions: (current.actions ?? []).map((a) => (a.id === actionId ? next : a)),
          version: current.version + 1,
        },
        timeline: [],
        escalate: false,
      };
    });
    const action = this.find(change.next, actionId);
    return { incident: change.next, action, before: before ?? action, changed: change.outcome !== 'unchanged' };
  }

  /** An action's entry on the incident's timeline. */
  private note(
    incident: Incident,
    by: string,
    key: string,
    text: (described: string) => string,
    action: IncidentAction,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    const described = describeAction(action.kind, action.params, incident.cluster);
    return this.deps.incidents.addTimelineEntry(
      entry(incident.id, this.deps.clock(), 'action', by, key, text(described), { action: action.id, ...data }),
    );
  }
}
