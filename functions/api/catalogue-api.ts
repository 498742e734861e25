import type { CursorState } from '../core/api/cursor.ts';
import { listWindow } from '../core/api/time-range.ts';
import type { Alert } from '../core/alerts/types.ts';
import { clusterStatuses } from '../core/status/component-status.ts';
import type { ApiDeps } from './api-deps.ts';
import type { RuleList, StatusSummary } from './schemas.ts';

/** What Watchkeeper knows and sees: the rule catalogue, and the business status of components. */
export class CatalogueApi {
  public constructor(private readonly deps: ApiDeps) {}

  public async rules(): Promise<RuleList> {
    const items = [];
    for (const rule of this.deps.rules) {
      items.push({
        id: rule.id,
        title: rule.title,
        summary: rule.summary,
        severity: rule.severity,
        category: rule.category,
        component: rule.component,
        team: rule.team,
        enabled: rule.enabled,
        sources: [...rule.match.sources],
        fingerprint: rule.fingerprint,
        quietPeriodMinutes: rule.quietPeriodMinutes,
        minCount: rule.minCount,
        references: rule.references,
        runbook: { path: `rules/runbooks/${rule.id}.md`, markdown: await this.deps.runbooks.get(rule.id) },
      });
    }
    return { items };
  }

  /** Status of components per cluster from the open and acknowledged alerts (two Queries per page). */
  public async summary(): Promise<StatusSummary> {
    const active: Alert[] = [];
    for (const status of ['open', 'acknowledged'] as const) {
      // Internal paging passes the position on directly: cursors are signed only for callers.
      let from: CursorState | undefined;
      do {
        const page = await this.deps.alertLister.list({ status, limit: 100 }, listWindow({}, this.deps.clock()), from);
        active.push(...page.items);
        from = page.next;
      } while (from);
    }
    return {
      generatedAt: new Date(this.deps.clock()).toISOString(),
      clusters: clusterStatuses(active, this.deps.clusters),
    };
  }
}
