import { DEFAULT_ALERT_POLICY } from '../../functions/core/alerts/policy.ts';
import type { Alert } from '../../functions/core/alerts/types.ts';
import { applyAlerts, startIncident } from '../../functions/core/incidents/lifecycle.ts';
import type { Incident } from '../../functions/core/incidents/types.ts';
import { alert } from './alert.ts';
import { groupOf } from '../../functions/core/incidents/ids.ts';

/**
 * An incident of the given alerts (the first leads; `symptoms` lists the ids of those that are
 * symptoms), started at `now` by a policy, with overrides of the result.
 */
export function incidentOf(
  alerts: readonly Alert[] = [alert()],
  options: { policy?: string; title?: string; symptoms?: readonly string[]; now?: number } = {},
  overrides: Partial<Incident> = {},
): Incident {
  const now = options.now ?? Date.parse('2026-11-24T02:20:00Z');
  const [first = alert()] = alerts;
  const policy = options.policy ?? 'alert';
  const groupKey = `${policy}|${first.fingerprint}`;
  let incident = startIncident(
    { group: groupOf(groupKey), groupKey, policy, generation: 1, title: options.title ?? '{lead}' },
    first,
    now,
  );
  for (const a of alerts)
    incident = applyAlerts(
      incident,
      [{ alert: a, symptom: options.symptoms?.includes(a.id) ?? false }],
      DEFAULT_ALERT_POLICY,
      now,
    ).next;
  return { ...incident, ...overrides };
}

/** An incident of one alert with overrides of that alert. */
export const incident = (overrides: Partial<Alert> = {}): Incident => incidentOf([alert(overrides)]);
