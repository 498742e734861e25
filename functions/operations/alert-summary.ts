import type { Alert } from '../core/alerts/types.ts';
import type { ApiDeps } from './deps.ts';
import type { AlertSummary } from './schemas.ts';

/** How far back the change context of an alert or incident looks. */
export const CHANGE_WINDOW_MS = 30 * 60_000;

/** The changes people made to a cluster in the {@link CHANGE_WINDOW_MS} before something was first seen. */
export function changesBefore(deps: Pick<ApiDeps, 'changes'>, of: { cluster: string; firstSeen: string }) {
  const from = new Date(Date.parse(of.firstSeen) - CHANGE_WINDOW_MS).toISOString();
  return deps.changes.between(of.cluster, from, of.firstSeen);
}

/** An alert as listed: no delivery tokens, samples or actors. */
export function alertSummaryOf(a: Alert): AlertSummary {
  return {
    id: a.id,
    incidentId: a.incidentId,
    status: a.status,
    severity: a.severity,
    title: a.title,
    rule: a.rule,
    cluster: a.cluster,
    ...(a.account ? { account: a.account } : {}),
    ...(a.region ? { region: a.region } : {}),
    namespace: a.namespace,
    component: a.component,
    team: a.team,
    category: a.category,
    source: a.source,
    resource: Object.fromEntries(Object.entries(a.resource).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >,
    count: a.count,
    flaps: a.flaps,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    startedAt: a.startedAt,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
    resolvedAt: a.resolvedAt,
    resolvedBy: a.resolvedBy,
    resolution: a.resolution,
  };
}
