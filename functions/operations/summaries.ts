import type { Alert } from '../core/alerts/types.ts';
import { CHANGE_WINDOW_MS } from '../core/changes/change.ts';
import type { Handling } from '../core/handling.ts';
import { occurrences } from '../core/incidents/describe.ts';
import type { Incident } from '../core/incidents/types.ts';
import type { Routing } from '../core/routing.ts';
import { knownPlace } from '../core/routing.ts';
import type { ApiDeps } from './deps.ts';
import type { AlertSummary, IncidentSummary } from './schemas.ts';

/** The changes people made to a cluster in the {@link CHANGE_WINDOW_MS} before something was first seen. */
export function changesBefore(deps: Pick<ApiDeps, 'changes'>, of: { cluster: string; firstSeen: string }) {
  const from = new Date(Date.parse(of.firstSeen) - CHANGE_WINDOW_MS).toISOString();
  return deps.changes.between(of.cluster, from, of.firstSeen);
}

/** The routing fields lists show (no summary or runbook: those are in the details). */
function listedRouting(r: Routing) {
  const { rule, cluster, namespace, component, team, category, source } = r;
  return { rule, cluster, ...knownPlace(r), namespace, component, team, category, source };
}

/** When it was seen, started, acknowledged and resolved, and by whom. */
function listedHandling(h: Handling) {
  const { firstSeen, lastSeen, startedAt, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, resolution } = h;
  return { firstSeen, lastSeen, startedAt, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, resolution };
}

/** An alert as listed: no delivery tokens, samples or actors. */
export function alertSummaryOf(a: Alert): AlertSummary {
  return {
    id: a.id,
    incidentId: a.incidentId,
    status: a.status,
    severity: a.severity,
    title: a.title,
    ...listedRouting(a),
    resource: Object.fromEntries(Object.entries(a.resource).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >,
    count: a.count,
    flaps: a.flaps,
    ...listedHandling(a),
  };
}

/** An incident as listed. */
export function incidentSummaryOf(i: Incident): IncidentSummary {
  return {
    id: i.id,
    status: i.status,
    severity: i.severity,
    title: i.title,
    policy: i.policy,
    subject: i.subject,
    ...listedRouting(i),
    alertCount: i.alerts.length,
    openAlerts: i.alerts.filter((a) => a.status !== 'resolved').length,
    occurrences: occurrences(i),
    flaps: i.flaps,
    ...listedHandling(i),
    mergedInto: i.mergedInto,
  };
}
