import type { Alert } from '../alerts/types.ts';
import type { Rule } from '../rules/rule-schema.ts';
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
  return undefined;
}

/** At most this many actions per incident: a storm of alerts proposes no storm of actions. */
export const MAX_ACTIONS_PER_INCIDENT = 20;

/**
 * The actions the rules of an incident's alerts propose that it does not have yet, parameters bound
 * from each alert's facts. Each (alert, rule action) is proposed once; a kill switch proposes them
 * `disabled`, so people still see what would have run. Pure.
 */
export function proposeActions(
  incidentId: string,
  existing: readonly IncidentAction[],
  alerts: readonly Alert[],
  rules: ReadonlyMap<string, Rule>,
  switches: RemediationSwitches,
  now: number,
): IncidentAction[] {
  const have = new Set(existing.map((a) => `${a.alertId}#${a.ruleAction}`));
  const proposed: IncidentAction[] = [];
  for (const alert of alerts) {
    const rule = rules.get(alert.rule);
    for (const [index, spec] of (rule?.actions ?? []).entries()) {
      if (existing.length + proposed.length >= MAX_ACTIONS_PER_INCIDENT) return proposed;
      if (have.has(`${alert.id}#${index}`)) continue;
      const at = new Date(now).toISOString();
      const base = {
        id: `a${existing.length + proposed.length + 1}`,
        kind: spec.kind,
        mode: spec.mode,
        alertId: alert.id,
        rule: alert.rule,
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
  }
  return proposed;
}
