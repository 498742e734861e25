import { randomUUID } from 'node:crypto';
import type { AlertLister } from '../adapters/alert-list.ts';
import type { AlertStore } from '../adapters/alert-store.ts';
import type { SilenceStore } from '../adapters/silence-store.ts';
import type { AckNonceStore } from '../adapters/ack-nonce-store.ts';
import type { FileRunbooks } from '../adapters/runbooks.ts';
import type { ChangeStore } from '../adapters/change-store.ts';
import { decodeCursor, encodeCursor } from '../core/api/cursor.ts';
import type { CursorState } from '../core/api/cursor.ts';
import type { ListIncidentsQuery } from '../core/api/list-query.ts';
import { queryScope } from '../core/api/list-query.ts';
import { listWindow } from '../core/api/time-range.ts';
import { AckTokenError, verifyAckToken } from '../core/escalation/ack-token.ts';
import { announceResolution } from '../core/escalation/announce.ts';
import type { Notifier } from '../core/escalation/ports.ts';
import { acknowledge, entry, resolve } from '../core/alerts/lifecycle.ts';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import type { Alert } from '../core/alerts/types.ts';
import type { Rule } from '../core/rules/rule-schema.ts';
import type { Silence } from '../core/silences/silence.ts';
import { clusterStatuses } from '../core/status/component-status.ts';
import { httpError } from './http-errors.ts';
import type {
  IncidentDetail,
  AlertPage,
  IncidentSummary,
  RuleList,
  SilenceBody,
  SilenceList,
  StatusSummary,
  Timeline,
  TimelineEntryBody,
} from './schemas.ts';

/** What the API reads and writes through. */
export interface IncidentApiDeps {
  readonly store: AlertStore;
  readonly lister: AlertLister;
  readonly silences: SilenceStore;
  readonly nonces: AckNonceStore;
  readonly runbooks: FileRunbooks;
  readonly changes: ChangeStore;
  readonly notifier: Notifier;
  readonly rules: readonly Rule[];
  /** Clusters from configuration, shown in the summary even when all is well. */
  readonly clusters: readonly string[];
  readonly policy: AlertPolicy;
  /** HMAC key of acknowledgement links (and, derived, of cursors). */
  ackKey(): Promise<string>;
  readonly clock: () => number;
}

/** How far back the change context of an incident looks. */
const CHANGE_WINDOW_MS = 30 * 60_000;

/** The incident API's operations, independent of HTTP. */
export class IncidentApi {
  public constructor(private readonly deps: IncidentApiDeps) {}

  public async list(query: ListIncidentsQuery): Promise<AlertPage> {
    const key = await this.deps.ackKey();
    const scope = queryScope(query);
    const from = query.cursor ? decodeCursor(query.cursor, key, scope) : undefined;
    const page = await this.deps.lister.list(query, listWindow(query, this.deps.clock()), from);
    return { items: page.items.map(summaryOf), nextCursor: page.next ? encodeCursor(page.next, key, scope) : null };
  }

  public async get(id: string): Promise<IncidentDetail> {
    const incident = await this.deps.store.getAlert(id);
    const previous = await this.deps.lister.previousResolutions(incident.cluster, incident.rule, incident.id);
    // Change context: what changed on the cluster in the 30 minutes before it started.
    const from = new Date(Date.parse(incident.firstSeen) - CHANGE_WINDOW_MS).toISOString();
    const changes = await this.deps.changes.between(incident.cluster, from, incident.firstSeen);
    return {
      ...summaryOf(incident),
      generation: incident.generation,
      summary: incident.summary,
      runbook: { path: incident.runbook, markdown: await this.deps.runbooks.get(incident.rule) },
      samples: incident.samples as unknown as Record<string, unknown>[],
      actors: incident.actors as unknown as Record<string, unknown>[],
      pagedTeams: [...(incident.pagedTeams ?? [])],
      autoResolveAt: incident.autoResolveAt,
      previousResolutions: previous.map((p) => ({
        id: p.id,
        resolvedAt: p.resolvedAt,
        resolvedBy: p.resolvedBy,
        resolution: p.resolution,
        count: p.count,
      })),
      changes: changes
        .filter((c) => c.eventId !== incident.samples[0]?.eventId)
        .map(({ at, source, rule, title, actor, what }) => ({ at, source, rule, title, actor, what })),
    };
  }

  public async timeline(id: string): Promise<Timeline> {
    const entries = await this.deps.store.timeline(id);
    return {
      items: entries.map(({ at, kind, by, text, data }) => ({ at, kind, by, text, ...(data ? { data } : {}) })),
    };
  }

  public async acknowledge(id: string, by: string, comment?: string): Promise<IncidentSummary> {
    const now = this.deps.clock();
    const result = await this.deps.store.changeAlert(id, (current) => acknowledge(current, by, now, randomUUID()));
    if (comment) await this.deps.store.addTimelineEntry(entry(id, now, 'note', by, randomUUID(), comment));
    return summaryOf(result.next);
  }

  public async resolve(id: string, by: string, resolution: string): Promise<IncidentSummary> {
    const now = this.deps.clock();
    const result = await this.deps.store.changeAlert(id, (current) =>
      resolve(current, by, resolution, this.deps.policy, now, randomUUID()),
    );
    await announceResolution(result.next, this.deps.notifier);
    return summaryOf(result.next);
  }

  public async note(id: string, by: string, text: string): Promise<TimelineEntryBody> {
    const e = entry(id, this.deps.clock(), 'note', by, randomUUID(), text);
    await this.deps.store.addTimelineEntry(e);
    return { at: e.at, kind: e.kind, by: e.by, text: e.text };
  }

  /** Acknowledge through a signed page link: valid signature, not expired, not used before. */
  public async acknowledgeByLink(token: string): Promise<Alert> {
    const now = this.deps.clock();
    const claims = verifyAckToken(token, await this.deps.ackKey(), Math.floor(now / 1000));
    const incident = await this.deps.store.getAlert(claims.incidentId);
    if (incident.status !== 'open') return incident;
    if (!(await this.deps.nonces.use(claims.nonce, claims.expiresAt)))
      throw new AckTokenError('this acknowledgement link was already used');
    const result = await this.deps.store.changeAlert(claims.incidentId, (current) =>
      acknowledge(current, `link (${claims.audience})`, now, claims.nonce),
    );
    return result.next;
  }

  public async listSilences(): Promise<SilenceList> {
    const now = this.deps.clock();
    return {
      items: (await this.deps.silences.list(now)).map((s) => ({
        ...s,
        matchers: s.matchers as Record<string, string[]>,
        active: Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt),
      })),
    };
  }

  public async createSilence(
    body: { matchers: Silence['matchers']; startsAt?: string; endsAt: string; comment: string },
    by: string,
  ): Promise<SilenceBody> {
    const now = this.deps.clock();
    const silence: Silence = {
      id: randomUUID(),
      matchers: body.matchers,
      startsAt: new Date(body.startsAt ?? now).toISOString(),
      endsAt: new Date(body.endsAt).toISOString(),
      createdBy: by,
      comment: body.comment,
      createdAt: new Date(now).toISOString(),
    };
    if (Date.parse(silence.endsAt) <= now) throw httpError(400, 'body.endsAt: must be in the future');
    await this.deps.silences.put(silence);
    return {
      ...silence,
      matchers: silence.matchers as Record<string, string[]>,
      active: Date.parse(silence.startsAt) <= now,
    };
  }

  public async deleteSilence(id: string): Promise<void> {
    if (!(await this.deps.silences.delete(id))) throw httpError(404, `no silence ${id}`);
  }

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

  /** Status of components per cluster from the open and acknowledged incidents (two Queries per page). */
  public async summary(): Promise<StatusSummary> {
    const active: Alert[] = [];
    for (const status of ['open', 'acknowledged'] as const) {
      // Internal paging passes the position on directly: cursors are signed only for callers.
      let from: CursorState | undefined;
      do {
        const page = await this.deps.lister.list({ status, limit: 100 }, listWindow({}, this.deps.clock()), from);
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

/** An incident as listed: no delivery tokens, samples or actors. */
export function summaryOf(i: Alert): IncidentSummary {
  return {
    id: i.id,
    status: i.status,
    severity: i.severity,
    title: i.title,
    rule: i.rule,
    cluster: i.cluster,
    namespace: i.namespace,
    component: i.component,
    team: i.team,
    category: i.category,
    source: i.source,
    resource: Object.fromEntries(Object.entries(i.resource).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >,
    count: i.count,
    flaps: i.flaps,
    firstSeen: i.firstSeen,
    lastSeen: i.lastSeen,
    startedAt: i.startedAt,
    acknowledgedAt: i.acknowledgedAt,
    acknowledgedBy: i.acknowledgedBy,
    resolvedAt: i.resolvedAt,
    resolvedBy: i.resolvedBy,
    resolution: i.resolution,
  };
}
