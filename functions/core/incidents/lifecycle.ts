import { REOPENED } from '../handling.ts';
import { createHash } from 'node:crypto';
import type { AlertPolicy } from '../alerts/policy.ts';
import type { Alert } from '../alerts/types.ts';
import { maxSeverity, severityRank } from '../vocabulary.ts';
import type { Severity } from '../vocabulary.ts';
import { IncidentTransitionError } from './errors.ts';
import type { AlertRef, Incident, IncidentTimelineEntry } from './types.ts';

/** At most this many alerts in one incident (an item stays far below DynamoDB's 400 KB); more start the next. */
export const MAX_ALERTS_PER_INCIDENT = 200;

const iso = (ms: number): string => new Date(ms).toISOString();
const earlier = (a: string, b: string): string => (a < b ? a : b);
const later = (a: string, b: string): string => (a > b ? a : b);

/** The partition of a group key (128 bits of SHA-256, like a fingerprint). */
export const groupOf = (groupKey: string): string =>
  createHash('sha256').update(groupKey).digest('base64url').slice(0, 22);

/** `<group>.<generation>` */
export const incidentId = (group: string, generation: number): string => `${group}.${generation}`;

/** Split an incident id; `undefined` when it is not one. */
export function parseIncidentId(id: string): { group: string; generation: number } | undefined {
  const match = /^([A-Za-z0-9_-]{8,64})\.([1-9]\d{0,8})$/.exec(id);
  return match ? { group: match[1] ?? '', generation: Number(match[2]) } : undefined;
}

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

/** Whether an alert pages on its own: a burst rule only from its `minCount` on. */
const alertPages = (alert: Alert): boolean => !alert.minCount || alert.count >= alert.minCount;

/** What an incident keeps of an alert. */
export function refOf(alert: Alert, symptom: boolean, joinedAt: string): AlertRef {
  const { kind, resource, namespace, name } = alert.resource;
  const subject = [kind ?? resource, [namespace, name].filter(Boolean).join('/')].filter(Boolean).join(' ');
  return {
    id: alert.id,
    version: alert.version,
    rule: alert.rule,
    title: alert.title,
    severity: alert.severity,
    status: alert.status,
    count: alert.count,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    cluster: alert.cluster,
    namespace: alert.namespace,
    component: alert.component,
    category: alert.category,
    team: alert.team,
    source: alert.source,
    subject: subject ? subject.slice(0, 300) : undefined,
    pages: alertPages(alert),
    ...(alert.status === 'resolved' && alert.resolvedAt ? { resolvedAt: alert.resolvedAt } : {}),
    ...(symptom ? { symptom: true } : {}),
    joinedAt,
  };
}

/** The leading alert: the most severe that is not a symptom (symptoms only if nothing else), first of equals. */
export function leadOf(refs: readonly AlertRef[]): AlertRef | undefined {
  const causes = refs.filter((r) => !r.symptom);
  const pool = causes.length > 0 ? causes : refs;
  let lead: AlertRef | undefined;
  for (const ref of pool) if (!lead || severityRank(ref.severity) < severityRank(lead.severity)) lead = ref;
  return lead;
}

/**
 * The severity an incident pages at: the highest of its alerts that page, symptoms left out while an
 * alert that explains them is still open (inhibition lifts when the cause resolves).
 */
export function pagingSeverity(refs: readonly AlertRef[]): Severity | undefined {
  let severity: Severity | undefined;
  for (const ref of pagingRefs(refs)) severity = severity ? maxSeverity(severity, ref.severity) : ref.severity;
  return severity;
}

/** The alerts an incident pages for: open, paging, and not a symptom while its cause is open. */
export function pagingRefs(refs: readonly AlertRef[]): AlertRef[] {
  const causeOpen = refs.some((r) => !r.symptom && r.status !== 'resolved');
  return refs.filter((ref) => ref.pages && ref.status !== 'resolved' && !(ref.symptom && causeOpen));
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
    rule: first.rule,
    summary: first.summary,
    runbook: first.runbook,
    category: first.category,
    component: first.component,
    team: first.team,
    source: first.source,
    cluster: first.cluster,
    ...(first.account ? { account: first.account } : {}),
    ...(first.region ? { region: first.region } : {}),
    namespace: first.namespace,
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
function settle(
  current: Incident,
  refs: AlertRef[],
  timeline: IncidentTimelineEntry[],
  policy: AlertPolicy,
  now: number,
): IncidentChange {
  const lead = leadOf(refs);
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

/**
 * Merge `source` into `target`: the target takes the source's alerts, keeps the earliest start and
 * the highest severity, and escalates if it now pages at a higher severity; the source is closed as
 * merged (its escalation stops) and points at the target.
 */
export function mergeIncidents(
  source: Incident,
  target: Incident,
  by: string,
  policy: AlertPolicy,
  now: number,
  requestId: string,
  /** The source's alerts are symptoms the target explains (a cause that arrived after its symptoms). */
  asSymptoms = false,
): { source: IncidentChange; target: IncidentChange } {
  if (source.id === target.id) throw new IncidentTransitionError('an incident cannot be merged into itself');
  if (source.mergedInto)
    throw new IncidentTransitionError(`incident ${source.id} was merged into ${source.mergedInto} already`);
  if (target.mergedInto)
    throw new IncidentTransitionError(
      `incident ${target.id} was merged into ${target.mergedInto}: merge into that one`,
    );
  if (target.status === 'resolved')
    throw new IncidentTransitionError(`incident ${target.id} is resolved: merge into an open incident`);
  const ids = new Set(target.alerts.map((a) => a.id));
  const moved = source.alerts
    .filter((a) => !ids.has(a.id))
    .map((a): AlertRef => (asSymptoms ? { ...a, symptom: true } : a));
  if (target.alerts.length + moved.length > MAX_ALERTS_PER_INCIDENT)
    throw new IncidentTransitionError(`together they hold more than ${MAX_ALERTS_PER_INCIDENT} alerts`);
  const merged: Incident = {
    ...target,
    alerts: [...target.alerts, ...moved],
    startedAt: earlier(target.startedAt, source.startedAt),
    merged: [...new Set([...(target.merged ?? []), source.id, ...(source.merged ?? [])])],
  };
  const settled = settle(
    { ...merged, version: target.version },
    [...merged.alerts],
    [
      entry(
        target.id,
        now,
        'merged',
        by,
        requestId,
        `${by} merged ${source.id} (${source.title}) into this incident: ${moved.length} alerts`,
        {
          from: source.id,
        },
      ),
    ],
    policy,
    now,
  );
  const targetChange = settled;
  const closed: Incident = {
    ...source,
    status: 'resolved',
    resolvedAt: iso(now),
    resolvedBy: by,
    resolution: `Merged into ${target.id}`,
    mergedInto: target.id,
    expiresAt: Math.floor(now / 1000) + policy.retentionDays * 86_400,
    version: source.version + 1,
  };
  return {
    target: targetChange,
    source: {
      outcome: 'resolved',
      next: closed,
      timeline: [
        entry(
          source.id,
          now,
          'merged',
          by,
          requestId,
          `${by} merged this incident into ${target.id} (${target.title})`,
          { into: target.id },
        ),
      ],
      escalate: false,
    },
  };
}

/** Take an alert out of an incident (it moves to an incident of its own). */
export function removeAlert(
  current: Incident,
  alertId: string,
  by: string,
  newIncidentId: string,
  policy: AlertPolicy,
  now: number,
  requestId: string,
): IncidentChange {
  if (current.mergedInto)
    throw new IncidentTransitionError(`incident ${current.id} was merged into ${current.mergedInto}`);
  if (!current.alerts.some((a) => a.id === alertId))
    throw new IncidentTransitionError(`alert ${alertId} is not one of the alerts of incident ${current.id}`);
  if (current.alerts.length === 1)
    throw new IncidentTransitionError(`alert ${alertId} is the only alert of incident ${current.id}: nothing to split`);
  const refs = current.alerts.filter((a) => a.id !== alertId);
  return settle(
    current,
    refs,
    [
      entry(
        current.id,
        now,
        'split',
        by,
        requestId,
        `${by} moved alert ${alertId} out, into incident ${newIncidentId}`,
        { alertId, to: newIncidentId },
      ),
    ],
    policy,
    now,
  );
}

/** A timeline entry; its key is the kind and the change's token, so a retry overwrites it. */
export function entry(
  incidentId: string,
  now: number,
  kind: IncidentTimelineEntry['kind'],
  by: string,
  token: string,
  text: string,
  data?: Record<string, unknown>,
): IncidentTimelineEntry {
  return { incidentId, at: iso(now), key: `${kind}#${token}`, kind, by, text, ...(data ? { data } : {}) };
}

/**
 * Entries derived from the incident itself, never written separately (so that an alert joining
 * costs no write of its own): it was created, each later alert joined, each alert resolved.
 */
export function derivedEntries(incident: Incident): IncidentTimelineEntry[] {
  const out = [createdEntry(incident)];
  incident.alerts.forEach((ref, i) => {
    if (i > 0)
      out.push({
        incidentId: incident.id,
        at: ref.joinedAt,
        key: `alert-joined#${ref.id}`,
        kind: 'alert-joined',
        by: ref.source,
        text: `${ref.symptom ? 'Symptom' : 'Alert'} joined: ${ref.title}${ref.subject ? ` (${ref.subject})` : ''}, ${ref.severity}`,
        data: { alertId: ref.id, rule: ref.rule, severity: ref.severity, symptom: ref.symptom === true },
      });
    if (ref.resolvedAt)
      out.push({
        incidentId: incident.id,
        at: ref.resolvedAt,
        key: `alert-resolved#${ref.id}`,
        kind: 'alert-resolved',
        by: ref.source,
        text: `Alert resolved: ${ref.title}`,
        data: { alertId: ref.id },
      });
  });
  return out;
}

/** The "created" entry, derived from the incident (never written separately). */
export function createdEntry(incident: Incident): IncidentTimelineEntry {
  const first = incident.alerts[0];
  return {
    incidentId: incident.id,
    at: incident.startedAt,
    key: `${incident.startedAt}#created`,
    kind: 'created',
    by: first?.source ?? 'watchkeeper',
    text: `${first?.title ?? incident.title} on ${incident.cluster} (first seen ${incident.firstSeen})${
      incident.policy === 'alert' ? '' : `; grouped by ${incident.policy}`
    }`,
    data: { severity: incident.severity, firstSeen: incident.firstSeen, policy: incident.policy },
  };
}
