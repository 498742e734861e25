import { decodeCursor, encodeCursor } from '../core/api/cursor.ts';
import type { ListIncidentsQuery } from '../core/api/list-query.ts';
import { queryScope } from '../core/api/list-query.ts';
import { listWindow } from '../core/api/time-range.ts';
import type { Alert } from '../core/alerts/types.ts';
import { identityKeys, needsIdentity, withIdentity } from '../core/attribution/identity.ts';
import type { Actor } from '../core/sources/types.ts';
import type { ApiDeps } from './deps.ts';
import type { AlertDetail, AlertPage, Timeline } from './schemas.ts';
import { alertSummaryOf, changesBefore } from './summaries.ts';

/** What the alert operations read and write through. */
export type AlertApiDeps = Pick<
  ApiDeps,
  'ackKey' | 'alertLister' | 'alerts' | 'clock' | 'identities' | 'runbooks' | 'changes'
>;

export class AlertApi {
  public constructor(private readonly deps: AlertApiDeps) {}

  public async list(query: ListIncidentsQuery): Promise<AlertPage> {
    const key = await this.deps.ackKey();
    // A cursor of the alert list is no cursor of the incident list.
    const scope = `alerts${queryScope(query)}`;
    const from = query.cursor ? decodeCursor(query.cursor, key, scope) : undefined;
    const page = await this.deps.alertLister.list(query, listWindow(query, this.deps.clock()), from);
    return {
      items: page.items.map(alertSummaryOf),
      nextCursor: page.next ? encodeCursor(page.next, key, scope) : null,
    };
  }

  public async get(id: string): Promise<AlertDetail> {
    const alert = await this.deps.alerts.getAlert(id);
    const previous = await this.deps.alertLister.previousResolutions(alert.cluster, alert.rule, alert.id);
    const changes = await changesBefore(this.deps, alert);
    return {
      ...alertSummaryOf(alert),
      generation: alert.generation,
      summary: alert.summary,
      runbook: { path: alert.runbook, markdown: await this.deps.runbooks.get(alert.rule) },
      samples: alert.samples as unknown as Record<string, unknown>[],
      actors: (await this.withIdentities(alert)) as unknown as Record<string, unknown>[],
      autoResolveAt: alert.autoResolveAt,
      previousResolutions: previous.map((p) => ({
        id: p.id,
        resolvedAt: p.resolvedAt,
        resolvedBy: p.resolvedBy,
        resolution: p.resolution,
        count: p.count,
      })),
      changes: changes
        .filter((c) => c.eventId !== alert.samples[0]?.eventId)
        .map(({ at, source, rule, title, actor, what }) => ({ at, source, rule, title, actor, what })),
    };
  }

  /**
   * The alert's actors, each with its IAM principal: one an authenticator line named after the
   * alert was stored (its lines came later) is joined now.
   */
  private async withIdentities(alert: Alert): Promise<readonly Actor[]> {
    const keys = alert.actors.filter(needsIdentity).flatMap((a) => identityKeys({ uid: a.uid, username: a.username }));
    if (keys.length === 0) return alert.actors;
    const found = await this.deps.identities.lookup(alert.cluster, keys);
    return alert.actors.map((actor) => withIdentity(actor, found));
  }

  public async timeline(id: string): Promise<Timeline> {
    const entries = await this.deps.alerts.timeline(id);
    return {
      items: entries.map(({ at, kind, by, text, data }) => ({ at, kind, by, text, ...(data ? { data } : {}) })),
    };
  }
}
