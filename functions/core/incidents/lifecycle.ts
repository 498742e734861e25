import type { AlertPolicy } from '../alerts/policy.ts';
import type { Alert } from '../alerts/types.ts';
import { REOPENED } from '../handling.ts';
import { routingOf } from '../routing.ts';
import { earlier, iso, later } from '../time.ts';
import { maxSeverity, severityRank } from '../vocabulary.ts';
import type { Severity } from '../vocabulary.ts';
import { chooseLead, pagingSeverity, refOf } from './alert-refs.ts';
import { IncidentTransitionError } from './errors.ts';
import { incidentId } from './ids.ts';
import { entry } from './timeline.ts';
import type { AlertRef, Incident, IncidentTimelineEntry } from './types.ts';

/** At most this many alerts in one incident (an item stays far below DynamoDB's 400 KB); more start the next. */
export const MAX_ALERTS_PER_INCIDENT = 200;

/** What starts an incident: the group it belongs to, the policy, and how its title reads. */
export interface IncidentStart {
  readonly group: string;
  readonly groupKey: string;
  readonly policy: string;
  readonly generation: number;
  /** Title template of the policy. */
  readonly title: string;
  /** What the group key names (the principal, the workload …), shown with the incident. */
  readonly subject?: string;
}

/** An alert as it joins or changes in an incident. */
export interface AlertChange {
  readonly alert: Alert;
  /** A symptom another alert explains (only used when the alert joins). */
  readonly symptom: boolean;
}

/** What applying alerts to an incident did. */
export interface IncidentChange {
  readonly outcome: 'created' | 'updated' | 'unchanged' | 'resolved' | 'reopened';
  readonly next: Incident;
  readonly timeline: IncidentTimelineEntry[];
  /** True when its escalation must (re)start: a first paging alert, or a more severe one. */
  readonly escalate: boolean;
}

/** Fill a title template with the incident's values. */
export function titleOf(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (_all, name: string) => values[name] ?? '-').slice(0, 300);
}

/** Start an incident for its first alert (applied next by {@link applyAlerts}). */
export function startIncident(start: IncidentStart, first: Alert, now: number): Incident {
  return {
    id: incidentId(start.group, start.generation),
    group: start.group,
    groupKey: start.groupKey,
    policy: start.policy,
    generation: start.generation,
    status: 'open',
    severity: first.severity,
    title: titleOf(start.title, {
      cluster: first.cluster,
      namespace: first.namespace,
      lead: first.title,
      component: first.component,
      principal: start.subject,
      workload: start.subject,
    }),
    titleTemplate: start.title,
    leadAlertId: first.id,
    ...routingOf(first),
    subject: start.subject,
    alerts: [],
    firstSeen: first.firstSeen,
    lastSeen: first.lastSeen,
    startedAt: iso(now),
    flaps: 0,
    version: 0,
  };
}

/**
 * Apply alerts (new or changed) to an incident. Idempotent: an alert whose version the incident
 * already holds changes nothing, so a redelivery or a retry after a crash writes nothing twice.
 * Pure: the store reads, calls this, and writes `next` conditioned on the version it read.
 *
 * - a new alert joins (symptoms are marked and do not page on their own); joining and resolving
 *   alerts show in the timeline as entries derived from the incident ({@link derivedEntries});
 * - severity is the highest of the alerts; the leading alert is the most severe that is not a symptom;
 * - the incident resolves when its last alert resolves, and reopens when one of them comes back;
 * - it escalates when it first has a paging alert, and again when a paging alert is more severe
 *   than what was escalated.
 */
export function applyAlerts(
  current: Incident,
  changes: readonly AlertChange[],
  policy: AlertPolicy,
  now: number,
): IncidentChange {
  const refs = [...current.alerts];
  let changed = false;
  for (const { alert, symptom } of changes) {
    const index = refs.findIndex((r) => r.id === alert.id);
    const known = index >= 0 ? refs[index] : undefined;
    if (known && known.version >= alert.version) continue;
    const ref = refOf(alert, known ? known.symptom === true : symptom, known?.joinedAt ?? iso(now));
    changed = true;
    if (known) refs[index] = ref;
    else refs.push(ref);
  }
  if (!changed) return { outcome: 'unchanged', next: current, timeline: [], escalate: false };
  return settle(current, refs, [], policy, now);
}

/** Recompute what follows from the alerts: severity, lead, times, status, escalation. */
export function settle(
  current: Incident,
  refs: AlertRef[],
  timeline: IncidentTimelineEntry[],
  policy: AlertPolicy,
  now: number,
): IncidentChange {
  const lead = chooseLead(refs);
  const severity = refs.reduce<Severity>((s, r) => maxSeverity(s, r.severity), refs[0]?.severity ?? current.severity);
  let next: Incident = {
    ...current,
    alerts: refs,
    severity,
    leadAlertId: lead?.id ?? current.leadAlertId,
    title: lead ? titleOf(current.titleTemplate, { ...titleValues(current), lead: lead.title }) : current.title,
    firstSeen: refs.reduce((t, r) => earlier(t, r.firstSeen), current.firstSeen),
    lastSeen: refs.reduce((t, r) => later(t, r.lastSeen), current.lastSeen),
    version: current.version + 1,
  };
  if (lead && lead.id !== current.leadAlertId && current.version > 0) next = { ...next, ...leadFields(lead) };
  if (current.version > 0 && severityRank(severity) < severityRank(current.severity))
    timeline.push(
      entry(
        current.id,
        now,
        'severity-raised',
        'watchkeeper',
        `${severity}`,
        `Severity raised from ${current.severity} to ${severity}`,
        {
          from: current.severity,
          to: severity,
        },
      ),
    );
  const allResolved = refs.length > 0 && refs.every((r) => r.status === 'resolved');
  let outcome: IncidentChange['outcome'] = current.version === 0 ? 'created' : 'updated';
  if (allResolved && current.status !== 'resolved') {
    const last = [...refs].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))[0];
    next = {
      ...next,
      status: 'resolved',
      resolvedAt: iso(now),
      resolvedBy: 'watchkeeper',
      resolution: `Every alert resolved (the last: ${last?.title ?? 'unknown'})`,
      expiresAt: Math.floor(now / 1000) + policy.retentionDays * 86_400,
    };
    timeline.push(entry(current.id, now, 'resolved', 'watchkeeper', `all-${next.version}`, next.resolution ?? '', {}));
    outcome = 'resolved';
  } else if (!allResolved && current.status === 'resolved' && current.version > 0) {
    next = {
      ...next,
      status: 'open',
      flaps: current.flaps + 1,
      ...REOPENED,
      escalatedSeverity: undefined,
    };
    timeline.push(
      entry(
        current.id,
        now,
        'reopened',
        'watchkeeper',
        `reopened-${next.version}`,
        `An alert came back (flap ${next.flaps})`,
        {
          previousResolution: current.resolution,
        },
      ),
    );
    outcome = 'reopened';
  }
  const paging = next.status === 'open' ? pagingSeverity(refs) : undefined;
  const escalate =
    paging !== undefined &&
    (next.escalatedSeverity === undefined || severityRank(paging) < severityRank(next.escalatedSeverity));
  if (escalate) next = { ...next, escalatedSeverity: paging };
  return { outcome, next, timeline, escalate };
}

/** Values a title template can name. */
function titleValues(incident: Incident): Record<string, string | undefined> {
  return {
    cluster: incident.cluster,
    namespace: incident.namespace,
    component: incident.component,
    principal: incident.subject,
    workload: incident.subject,
  };
}

/** The fields an incident takes from its leading alert. */
function leadFields(lead: AlertRef): Partial<Incident> {
  return {
    rule: lead.rule,
    component: lead.component,
    category: lead.category,
    team: lead.team,
    source: lead.source,
    namespace: lead.namespace,
  };
}

/** Acknowledge an open incident. `requestId` makes a retried request idempotent. */
export function acknowledgeIncident(current: Incident, by: string, now: number, requestId: string): IncidentChange {
  if (current.mergedInto)
    throw new IncidentTransitionError(`incident ${current.id} was merged into ${current.mergedInto}`);
  if (current.status !== 'open')
    throw new IncidentTransitionError(
      `incident ${current.id} is ${current.status}: only an open incident can be acknowledged`,
    );
  return {
    outcome: 'updated',
    next: {
      ...current,
      status: 'acknowledged',
      acknowledgedAt: iso(now),
      acknowledgedBy: by,
      version: current.version + 1,
    },
    timeline: [entry(current.id, now, 'acknowledged', by, requestId, `Acknowledged by ${by}`)],
    escalate: false,
  };
}

/** Resolve an incident by a person, with a resolution (its alerts are resolved with it). */
export function resolveIncident(
  current: Incident,
  by: string,
  resolution: string,
  policy: AlertPolicy,
  now: number,
  requestId: string,
): IncidentChange {
  if (current.status === 'resolved') throw new IncidentTransitionError(`incident ${current.id} is already resolved`);
  return {
    outcome: 'resolved',
    next: {
      ...current,
      status: 'resolved',
      resolvedAt: iso(now),
      resolvedBy: by,
      resolution,
      expiresAt: Math.floor(now / 1000) + policy.retentionDays * 86_400,
      version: current.version + 1,
    },
    timeline: [entry(current.id, now, 'resolved', by, requestId, `Resolved by ${by}: ${resolution}`, { resolution })],
    escalate: false,
  };
}
