import { describeAction } from '../core/actions/describe.ts';
import type { IncidentAction } from '../core/actions/incident-action.ts';
import type { ApiDeps } from './api-deps.ts';
import { httpError } from './http-errors.ts';
import type { ActionBody, ActionList, ActionPlanBody } from './schemas.ts';

/** An action as the API shows it. */
function actionBodyOf(action: IncidentAction, cluster: string): ActionBody {
  return {
    ...action,
    params: { ...action.params },
    description: describeAction(action.kind, action.params, cluster),
  };
}

/** Actions of incidents: listed, dry-run, approved and rejected (the remediation workflow runs them). */
export class ActionApi {
  public constructor(private readonly deps: ApiDeps) {}

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

  private service() {
    if (!this.deps.remediation) throw httpError(409, 'remediation is not deployed here');
    return this.deps.remediation;
  }
}
