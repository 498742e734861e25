import type { Alert } from '../core/alerts/types.ts';
import { activeAlerts } from '../core/status/active-alerts.ts';
import { clusterStatuses } from '../core/status/component-status.ts';
import type { TroubleSpan } from '../core/status/history.ts';
import { clusterHistory } from '../core/status/history.ts';
import type { ApiDeps } from './deps.ts';
import type { RuleList, StatusSummary } from './schemas.ts';

const DAY = 86_400_000;

/** What Watchkeeper knows and sees: the rule catalogue, and the business status of components. */
/** What the catalogue operations read and write through. */
export type CatalogueApiDeps = Pick<
  ApiDeps,
  'alertLister' | 'clock' | 'clusters' | 'resolutions' | 'rules' | 'runbooks'
>;

export class CatalogueApi {
  public constructor(private readonly deps: CatalogueApiDeps) {}

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
    const now = this.deps.clock();
    const active = await activeAlerts(this.deps.alertLister, now);
    return {
      generatedAt: new Date(now).toISOString(),
      clusters: clusterStatuses(active, this.deps.clusters),
      history: await this.history(active, now),
    };
  }

  /**
   * The last 7 and 30 days per cluster, from what is open now and the incidents resolved that
   * started in the last 60 days (one Query per month): an incident open longer is counted from then.
   */
  private async history(active: readonly Alert[], now: number): Promise<StatusSummary['history']> {
    const { records } = await this.deps.resolutions.between(
      new Date(now - 60 * DAY).toISOString(),
      new Date(now).toISOString(),
    );
    const spans: TroubleSpan[] = [
      ...records.map((r) => ({ cluster: r.cluster, severity: r.severity, from: r.startedAt, until: r.resolvedAt })),
      ...active.map((a) => ({ cluster: a.cluster, severity: a.severity, from: a.startedAt })),
    ];
    const clusters = [...new Set([...this.deps.clusters, ...spans.map((s) => s.cluster)])];
    const week = clusterHistory(spans, clusters, { since: now - 7 * DAY, until: now });
    const month = new Map(
      clusterHistory(spans, clusters, { since: now - 30 * DAY, until: now }).map((h) => [h.cluster, h]),
    );
    return week.map(({ cluster, ...days7 }) => {
      const { cluster: _c, ...days30 } = month.get(cluster) ?? { cluster, unavailableMinutes: 0, degradedMinutes: 0 };
      return { cluster, days7, days30 };
    });
  }
}
