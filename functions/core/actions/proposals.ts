import type { Alert } from '../alerts/types.ts';
import { partsOfClusterId } from '../sources/origin.ts';
import type { Rule } from '../rules/rule-schema.ts';
import type { ActionSpec } from './action-spec.ts';
import { actionContextOf, bindParams } from './bind-params.ts';
import type { IncidentAction } from './incident-action.ts';
import { executionIdOf } from './incident-action.ts';

/** The switches that stop actions: all of them, or those on some clusters. */
export interface RemediationSwitches {
  readonly enabled: boolean;
  readonly disabledClusters: readonly string[];
}

/** Why no action may run on a cluster now, or undefined when they may. Pure. */
export function switchedOff(switches: RemediationSwitches, cluster: string): string | undefined {
  if (!switches.enabled) return 'actions are switched off';
  if (switches.disabledClusters.includes(cluster)) return `actions are switched off on ${cluster}`;
  // The action roles live in the hub's account: a spoke's cluster (`<account>/<region>/<name>`) is out of reach.
  if (partsOfClusterId(cluster, {}).account)
    return `actions do not run on a spoke's cluster (${cluster}): the action roles are in the hub's account`;
  return undefined;
}

/** At most this many actions per incident: a storm of alerts proposes no storm of actions. */
export const MAX_ACTIONS_PER_INCIDENT = 20;

const POLICY_SOURCE = 'policy:';

/** The `rule` of an action a correlation policy names (`policy:<name>`). */
export const policyActionSource = (policy: string): string => `${POLICY_SOURCE}${policy}`;

/** Once per alert for a rule's action; once per incident for a policy's. */
const keyOf = (a: Pick<IncidentAction, 'alertId' | 'rule' | 'ruleAction'>): string =>
  a.rule.startsWith(POLICY_SOURCE) ? `${a.rule}#${a.ruleAction}` : `${a.alertId}#${a.rule}#${a.ruleAction}`;

/** A correlation policy's actions, by the policy's name. */
export type PolicyActions = ReadonlyMap<string, readonly ActionSpec[]>;

/**
 * The actions an incident does not have yet: those of its correlation policy (once per incident,
 * bound from the first of the alerts), then those of its alerts' rules (once per alert, bound from
 * each alert's facts). A kill switch proposes them `disabled`, so people still see what would have
 * run. Pure.
 */
export function proposeActions(
  incident: { readonly id: string; readonly policy: string },
  existing: readonly IncidentAction[],
  alerts: readonly Alert[],
  catalogue: { readonly rules: ReadonlyMap<string, Rule>; readonly policies?: PolicyActions },
  switches: RemediationSwitches,
  now: number,
): IncidentAction[] {
  const incidentId = incident.id;
  const have = new Set(existing.map(keyOf));
  const proposed: IncidentAction[] = [];
  const lead = alerts[0];
  const candidates = [
    ...(lead
      ? (catalogue.policies?.get(incident.policy) ?? []).map((spec, index) => ({
          alert: lead,
          rule: policyActionSource(incident.policy),
          index,
          spec,
        }))
      : []),
    ...alerts.flatMap((alert) =>
      (catalogue.rules.get(alert.rule)?.actions ?? []).map((spec, index) => ({ alert, rule: alert.rule, index, spec })),
    ),
  ];
  for (const { alert, rule, index, spec } of candidates) {
    if (existing.length + proposed.length >= MAX_ACTIONS_PER_INCIDENT) return proposed;
    if (have.has(keyOf({ alertId: alert.id, rule, ruleAction: index }))) continue;
    const at = new Date(now).toISOString();
    const base = {
      id: `a${existing.length + proposed.length + 1}`,
      kind: spec.kind,
      mode: spec.mode,
      alertId: alert.id,
      rule,
      ruleAction: index,
      proposedAt: at,
    };
    const off = switchedOff(switches, alert.cluster);
    let params: Record<string, string>;
    try {
      params = bindParams(spec.params, actionContextOf(alert));
    } catch (error) {
      proposed.push({ ...base, params: {}, status: 'unbound', error: (error as Error).message });
      continue;
    }
    if (off) proposed.push({ ...base, params, status: 'disabled', error: off });
    else if (spec.mode === 'approve')
      proposed.push({
        ...base,
        params,
        status: 'awaiting-approval',
        dueAt: new Date(now + spec.approvalMinutes * 60_000).toISOString(),
      });
    else if (spec.mode === 'auto')
      proposed.push({
        ...base,
        params,
        status: 'approved',
        decidedBy: 'watchkeeper (auto)',
        decidedAt: at,
        executionId: executionIdOf(incidentId, base.id, 1),
      });
    else proposed.push({ ...base, params, status: 'suggested' });
  }
  return proposed;
}
