import { randomUUID } from 'node:crypto';
import { consoleLink } from '../core/incidents/console-link.ts';
import { acknowledge, resolve } from '../core/alerts/lifecycle.ts';
import type { ApplyResult } from '../core/alerts/lifecycle.ts';
import type { Alert } from '../core/alerts/types.ts';
import { decodeCursor, encodeCursor } from '../core/api/cursor.ts';
import type { ListIncidentsQuery } from '../core/api/list-query.ts';
import { queryScope } from '../core/api/list-query.ts';
import { listWindow } from '../core/api/time-range.ts';
import { AckTokenError, verifyAckToken } from '../core/escalation/ack-token.ts';
import { announceResolution } from '../core/escalation/announce.ts';
import { IncidentTransitionError } from '../core/incidents/errors.ts';
import type { IncidentChange } from '../core/incidents/lifecycle.ts';
import { acknowledgeIncident, resolveIncident } from '../core/incidents/lifecycle.ts';
import { moveAlerts } from '../core/incidents/move-alerts.ts';
import type { FiledTicket, Incident } from '../core/incidents/types.ts';
import type { ApiDeps } from './deps.ts';
import type {
  AlertPage,
  IncidentCounts,
  IncidentDetail,
  IncidentPage,
  IncidentSummary,
  Timeline,
  TimelineEntryBody,
} from './schemas.ts';
import { probableCause } from '../core/incidents/describe.ts';
import { alertSummaryOf, changesBefore, incidentSummaryOf } from './summaries.ts';
import { entry } from '../core/incidents/timeline.ts';
import { groupOf, incidentId } from '../core/incidents/ids.ts';
import { mergeIncidents, removeAlert } from '../core/incidents/merge-split.ts';

/**
 * A filed ticket as the API shows it; one only claimed (being filed) is not shown yet, nor an address
 * that is not http(s) (the tracker answered it: it is no link for a console to follow blindly).
 */
const linkOf = (ticket: FiledTicket | undefined) =>
  ticket?.key && ticket.url && /^https?:\/\//.test(ticket.url)
    ? { team: ticket.team, tracker: ticket.tracker, key: ticket.key, url: ticket.url }
    : null;

const unchanged = (alert: Alert): ApplyResult => ({ outcome: 'duplicate', next: alert, timeline: [], escalate: false });

/** Incidents: what people are paged for, acknowledge, resolve, merge and split. */
/** What the incident operations read and write through. */
export type IncidentApiDeps = Pick<
  ApiDeps,
  | 'ackKey'
  | 'alerts'
  | 'changes'
  | 'clock'
  | 'consoleUrl'
  | 'escalation'
  | 'identities'
  | 'incidentLister'
  | 'incidents'
  | 'nonces'
  | 'notifier'
  | 'policy'
  | 'runbooks'
  | 'trackerTeams'
>;

export class IncidentApi {
  public constructor(private readonly deps: IncidentApiDeps) {}

  public async list(query: ListIncidentsQuery): Promise<IncidentPage> {
    const key = await this.deps.ackKey();
    const scope = `incidents${queryScope(query)}`;
    const from = query.cursor ? decodeCursor(query.cursor, key, scope) : undefined;
    const page = await this.deps.incidentLister.list(query, listWindow(query, this.deps.clock()), from);
    return {
      items: page.items.map(incidentSummaryOf),
      nextCursor: page.next ? encodeCursor(page.next, key, scope) : null,
    };
  }

  /** Incidents per status under the list's filters (`status`, `limit` and `cursor` aside): one counting Query each, or a few. */
  public async counts(query: ListIncidentsQuery): Promise<IncidentCounts> {
    listWindow(query, this.deps.clock());
    const { status: _s, cursor: _c, ...filters } = query;
    const count = (status: IncidentSummary['status']) => this.deps.incidentLister.count({ ...filters, status });
    const [open, acknowledged, resolved] = await Promise.all([count('open'), count('acknowledged'), count('resolved')]);
    return { open, acknowledged, resolved };
  }

  public async get(id: string): Promise<IncidentDetail> {
    const incident = await this.deps.incidents.get(id);
    const previous = await this.deps.incidentLister.previousResolutions(incident.cluster, incident.rule, incident.id);
    const changes = await changesBefore(this.deps, incident);
    return {
      ...incidentSummaryOf(incident),
      summary: incident.summary,
      runbook: { path: incident.runbook, markdown: await this.deps.runbooks.get(incident.rule) },
      leadAlertId: incident.leadAlertId,
      probableCause: probableCause(incident),
      alerts: incident.alerts.map((a) => ({
        id: a.id,
        rule: a.rule,
        title: a.title,
        severity: a.severity,
        status: a.status,
        count: a.count,
        firstSeen: a.firstSeen,
        lastSeen: a.lastSeen,
        subject: a.subject,
        symptom: a.symptom === true,
        joinedAt: a.joinedAt,
      })),
      pagedTeams: [...(incident.pagedTeams ?? [])],
      consoleUrl: this.consoleLinkOf(incident.id) ?? null,
      paging: incident.status === 'open' && !incident.mergedInto && incident.paging ? { ...incident.paging } : null,
      ticket: linkOf(incident.ticket),
      reviewTicket: linkOf(incident.reviewTicket),
      tracker: this.deps.trackerTeams.includes(incident.team),
      merged: [...(incident.merged ?? [])],
      generation: incident.generation,
      previousResolutions: previous.map((p) => ({
        id: p.id,
        resolvedAt: p.resolvedAt,
        resolvedBy: p.resolvedBy,
        resolution: p.resolution,
        count: p.alerts.length,
      })),
      changes: changes.map(({ at, source, rule, title, actor, what }) => ({ at, source, rule, title, actor, what })),
    };
  }

  /** The console page of an incident, when there is a console. */
  public consoleLinkOf(id: string): string | undefined {
    return this.deps.consoleUrl ? consoleLink(this.deps.consoleUrl, id) : undefined;
  }

  public async timeline(id: string): Promise<Timeline> {
    const entries = await this.deps.incidents.timeline(id);
    return {
      items: entries.map(({ at, kind, by, text, data }) => ({ at, kind, by, text, ...(data ? { data } : {}) })),
    };
  }

  /** Every alert of an incident (those merged into it included), oldest first. */
  public async alerts(id: string): Promise<AlertPage> {
    const incident = await this.deps.incidents.get(id);
    const lists = await Promise.all(
      [incident.id, ...(incident.merged ?? [])].map((i) => this.deps.alerts.ofIncident(i)),
    );
    // Moved alerts name this incident; one a crash left behind still names the one merged into it.
    const items = [...new Map(lists.flat().map((a) => [a.id, a])).values()].sort((a, b) =>
      a.startedAt.localeCompare(b.startedAt),
    );
    return { items: items.map(alertSummaryOf), nextCursor: null };
  }

  /** Acknowledge an incident and its open alerts: escalation stops. */
  public async acknowledge(id: string, by: string, comment?: string): Promise<IncidentSummary> {
    const now = this.deps.clock();
    const request = randomUUID();
    const change = await this.deps.incidents.change(id, (current) => acknowledgeIncident(current, by, now, request));
    if (comment) await this.deps.incidents.addTimelineEntry(entry(id, now, 'note', by, randomUUID(), comment));
    const final = await this.applyToAlerts(change.next, (alert) =>
      alert.status === 'open' ? acknowledge(alert, by, now, request) : unchanged(alert),
    );
    if (change.outcome !== 'unchanged') await this.announceAcknowledged(final, by, comment);
    return incidentSummaryOf(final);
  }

  /** Chat threads and the ticket hear of an acknowledgement (nobody is paged for it). */
  private async announceAcknowledged(incident: Incident, by: string, comment?: string): Promise<void> {
    await this.deps.escalation?.announce?.(
      incident,
      'acknowledged',
      `acknowledged by ${by}${comment ? `: ${comment}` : ''}`,
    );
  }

  /** Resolve an incident and its alerts with what fixed it; everyone paged is told. */
  public async resolve(id: string, by: string, resolution: string): Promise<IncidentSummary> {
    const now = this.deps.clock();
    const request = randomUUID();
    const change = await this.deps.incidents.change(id, (current) =>
      resolveIncident(current, by, resolution, this.deps.policy, now, request),
    );
    const final = await this.applyToAlerts(change.next, (alert) =>
      alert.status === 'resolved' ? unchanged(alert) : resolve(alert, by, resolution, this.deps.policy, now, request),
    );
    await announceResolution(final, this.deps.notifier);
    return incidentSummaryOf(final);
  }

  public async note(id: string, by: string, text: string): Promise<TimelineEntryBody> {
    const e = entry(id, this.deps.clock(), 'note', by, randomUUID(), text);
    await this.deps.incidents.addTimelineEntry(e);
    return { at: e.at, kind: e.kind, by: e.by, text: e.text };
  }

  /** Merge an incident into another: the other takes its alerts; its escalation stops. */
  public async merge(id: string, into: string, by: string): Promise<IncidentSummary> {
    const now = this.deps.clock();
    const request = randomUUID();
    const source = await this.deps.incidents.get(id);
    const target = await this.deps.incidents.change(
      into,
      (current) => mergeIncidents(source, current, by, this.deps.policy, now, request).target,
    );
    const closed = await this.deps.incidents.change(
      id,
      (current) => mergeIncidents(current, target.next, by, this.deps.policy, now, request).source,
    );
    await moveAlerts(
      this.deps.alerts,
      closed.next.alerts.map((a) => a.id),
      id,
      into,
    );
    // Whoever was paged for it, and its chat threads and ticket, hear it is over: it goes on in the other.
    if (closed.outcome !== 'unchanged') await announceResolution(closed.next, this.deps.notifier);
    await this.escalateIf(target);
    return incidentSummaryOf(target.next);
  }

  /** Move an alert out of an incident into an incident of its own. */
  public async split(id: string, alertId: string, by: string): Promise<IncidentSummary> {
    const now = this.deps.clock();
    const request = randomUUID();
    const incident = await this.deps.incidents.get(id);
    if (!incident.alerts.some((a) => a.id === alertId))
      throw new IncidentTransitionError(`alert ${alertId} is not one of the alerts of incident ${id}`);
    const groupKey = `split|${alertId}`;
    const group = groupOf(groupKey);
    const generation = ((await this.deps.incidents.latest([group])).get(group)?.generation ?? 0) + 1;
    const newId = incidentId(group, generation);
    // The incident gives the alert up first: a refused split moves nothing.
    await this.deps.incidents.change(id, (current) =>
      removeAlert(current, alertId, by, newId, this.deps.policy, now, request),
    );
    const moved = await this.deps.alerts.changeAlert(alertId, (alert) => ({
      outcome: 'updated',
      next: { ...alert, incidentId: newId, version: alert.version + 1 },
      timeline: [],
      escalate: false,
    }));
    const report = await this.deps.incidents.applyAlertChanges(
      new Map([
        [
          newId,
          {
            start: { group, groupKey, policy: 'split', generation, title: '{lead}' },
            alerts: [{ alert: moved.next, symptom: false }],
          },
        ],
      ]),
    );
    const started = report.results[0];
    if (started) await this.escalateIf(started);
    return incidentSummaryOf(started?.next ?? (await this.deps.incidents.get(newId)));
  }

  /** Acknowledge through a signed page link: valid signature, not expired, not used before. */
  public async acknowledgeByLink(token: string): Promise<Incident> {
    const now = this.deps.clock();
    const claims = verifyAckToken(token, await this.deps.ackKey(), Math.floor(now / 1000));
    if (claims.actionId) throw new AckTokenError('this link decides an action; it does not acknowledge');
    const incident = await this.deps.incidents.get(claims.incidentId);
    if (incident.status !== 'open') return incident;
    if (!(await this.deps.nonces.use(claims.nonce, claims.expiresAt)))
      throw new AckTokenError('this acknowledgement link was already used');
    const by = `link (${claims.audience})`;
    const change = await this.deps.incidents.change(claims.incidentId, (current) =>
      acknowledgeIncident(current, by, now, claims.nonce),
    );
    const final = await this.applyToAlerts(change.next, (alert) =>
      alert.status === 'open' ? acknowledge(alert, by, now, claims.nonce) : unchanged(alert),
    );
    if (change.outcome !== 'unchanged') await this.announceAcknowledged(final, by);
    return final;
  }

  /** Change every alert of an incident (acknowledge, resolve), then the incident's view of them: one write. */
  private async applyToAlerts(incident: Incident, decide: (alert: Alert) => ApplyResult): Promise<Incident> {
    const changed: Alert[] = [];
    for (const ref of incident.alerts) {
      const result = await this.deps.alerts.changeAlert(ref.id, decide);
      if (result.outcome !== 'duplicate') changed.push(result.next);
    }
    if (changed.length === 0) return incident;
    const report = await this.deps.incidents.applyAlertChanges(
      new Map([[incident.id, { alerts: changed.map((alert) => ({ alert, symptom: false })) }]]),
    );
    return report.results[0]?.next ?? incident;
  }

  private async escalateIf(change: IncidentChange): Promise<void> {
    if (change.escalate && this.deps.escalation) await this.deps.escalation.start(change.next, change.outcome);
  }
}
