import { planAws } from './aws-plan.ts';
import type { ActionKindName } from './catalogue.ts';
import { ACTION_KINDS } from './catalogue.ts';
import type { PlanRun } from './kubernetes-plan.ts';
import { planEvidence, planKubernetes } from './kubernetes-plan.ts';
import type { ActionPlan, KubeReader } from './requests.ts';

/** What planning an action needs: the cluster, a read-only view of its API, and the run. */
export interface PlanInput {
  readonly kind: ActionKindName;
  /** Bound parameters (see `bindParams`). */
  readonly params: Readonly<Record<string, string>>;
  readonly cluster: string;
  readonly reader: KubeReader;
  readonly run: PlanRun;
}

/**
 * What an action would send: a dry run shows it, a run plans again (fresh reads) and sends it. The
 * same function for both, so that the dry run is exactly what would be sent.
 * @throws {ActionPlanError} when it cannot be planned.
 */
export function planAction(input: PlanInput): Promise<ActionPlan> {
  const family = ACTION_KINDS[input.kind].family;
  if (family === 'aws') return Promise.resolve(planAws(input.kind, input.params, input.cluster, input.run.executionId));
  if (family === 'evidence') return planEvidence(input.params, input.reader);
  return planKubernetes(input.kind, input.params, input.reader, input.run);
}
