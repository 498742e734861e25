import { describeAction } from '../core/actions/describe.ts';
import type { IncidentAction } from '../core/actions/incident-action.ts';
import { UNDECIDED_ACTION_STATUSES } from '../core/actions/incident-action.ts';
import { closedIncident } from '../core/actions/decisions.ts';
import { UnknownActionError } from '../core/actions/remediation.ts';
import type { AckClaims } from '../core/escalation/ack-token.ts';
import { AckTokenError, verifyAckToken } from '../core/escalation/ack-token.ts';
import type { Incident } from '../core/incidents/types.ts';
import type { ApiDeps } from './deps.ts';
import { httpError } from '../shared/http-errors.ts';
import type { ActionBody, ActionList, ActionPlanBody } from './schemas.ts';

/** An action as the API shows it. */
function actionBodyOf(action: IncidentAction, cluster: string): ActionBody {
  return {
    ...action,
    params: { ...action.params },
    description: describeAction(action.kind, action.params, cluster),
  };
}

/** An action as its signed link shows it. */
export interface ActionByLink {
  readonly incident: Incident;
  readonly action: ActionBody;
  /** While it waits for a decision: what a run would send now. */
  readonly plan?: ActionPlanBody;
  /** Why it cannot be planned now. */
  readonly planError?: string;
  /** Why nothing can be decided any more: its incident was resolved or merged. */
  readonly closed?: string;
}

function actionOf(incident: Incident, actionId: string): IncidentAction {
  const action = incident.actions?.find((a) => a.id === actionId);
  if (!action) throw new UnknownActionError(incident.id, actionId);
  return action;
}

/** Actions of incidents: listed, dry-run, approved and rejected (the remediation workflow runs them). */
/** What the action operations read and write through. */
export type ActionApiDeps = Pick<ApiDeps, 'ackKey' | 'clock' | 'incidents' | 'nonces' | 'remediation'>;

export class ActionApi {
  public constructor(private readonly deps: ActionApiDeps) {}

  public async list(incidentId: string): Promise<ActionList> {
    const incident = await this.deps.incidents.get(incidentId);
    return { items: (incident.actions ?? []).map((a) => actionBodyOf(a, incident.cluster)) };
  }

  public async plan(incidentId: string, actionId: string): Promise<ActionPlanBody> {
    const { action, description, plan } = await this.service().dryRun(incidentId, actionId);
    return {
      id: action.id,
      description,
      reads: plan.reads.map((r) => ({ method: r.method, path: r.path })),
      writes: plan.writes.map((w) => ({ ...w })),
      notes: [...plan.notes],
      ...(plan.kept ? { kept: { ...plan.kept } } : {}),
    };
  }

  public async decide(
    incidentId: string,
    actionId: string,
    decision: 'approve' | 'reject',
    by: string,
  ): Promise<ActionBody> {
    const action = await this.service().decide(incidentId, actionId, decision, by);
    const incident = await this.deps.incidents.get(incidentId);
    return actionBodyOf(action, incident.cluster);
  }

  /**
   * What an action link shows: the action, its incident, and what a run would send now (or why it
   * cannot be planned). The token is checked here as well as by the authorizer.
   */
  public async byLink(token: string): Promise<ActionByLink> {
    const claims = await this.actionClaims(token);
    const incident = await this.deps.incidents.get(claims.incidentId);
    const action = actionOf(incident, claims.actionId);
    if (!UNDECIDED_ACTION_STATUSES.includes(action.status))
      return { incident, action: actionBodyOf(action, incident.cluster) };
    const closed = closedIncident(incident);
    if (closed) return { incident, action: actionBodyOf(action, incident.cluster), closed };
    try {
      return {
        incident,
        action: actionBodyOf(action, incident.cluster),
        plan: await this.plan(incident.id, action.id),
      };
    } catch (error) {
      // A cluster that does not answer is said on the page, which still lets people decide.
      return { incident, action: actionBodyOf(action, incident.cluster), planError: (error as Error).message };
    }
  }

  /**
   * Approve or reject through a signed link: once per link (its nonce), recorded as the page's
   * audience; a decided action is shown as it stands and uses nothing up.
   */
  public async decideByLink(token: string, decision: 'approve' | 'reject'): Promise<ActionByLink> {
    const claims = await this.actionClaims(token);
    const incident = await this.deps.incidents.get(claims.incidentId);
    const action = actionOf(incident, claims.actionId);
    if (!UNDECIDED_ACTION_STATUSES.includes(action.status))
      return { incident, action: actionBodyOf(action, incident.cluster) };
    // An old page's link: what is over is not acted on, and the link stays unused.
    const closed = closedIncident(incident);
    if (closed) return { incident, action: actionBodyOf(action, incident.cluster), closed };
    if (!(await this.deps.nonces.use(claims.nonce, claims.expiresAt)))
      throw new AckTokenError('this link was already used');
    const decided = await this.decide(incident.id, action.id, decision, `link (${claims.audience})`);
    return { incident, action: decided };
  }

  private async actionClaims(token: string): Promise<AckClaims & { actionId: string }> {
    const claims = verifyAckToken(token, await this.deps.ackKey(), Math.floor(this.deps.clock() / 1000));
    if (!claims.actionId) throw new AckTokenError('this link acknowledges the incident; it decides no action');
    return { ...claims, actionId: claims.actionId };
  }

  private service() {
    if (!this.deps.remediation) throw httpError(409, 'remediation is not deployed here');
    return this.deps.remediation;
  }
}
