import type { AlertPolicy } from '../alerts/policy.ts';
import type { Alert } from '../alerts/types.ts';
import { alertField } from './alert-fields.ts';
import { compileMatchers } from './alert-matchers.ts';
import type { Matcher } from './alert-matchers.ts';
import type { CorrelationPolicy, GroupingConfig } from './correlation.ts';
import { SINGLE_ALERT } from './correlation.ts';
import type { IncidentStart } from './lifecycle.ts';
import { applyAlerts, MAX_ALERTS_PER_INCIDENT, startIncident } from './lifecycle.ts';
import type { AlertRef, Incident } from './types.ts';
import { groupOf, incidentId, parseIncidentId } from './ids.ts';

const MINUTE = 60_000;

/** An incident an alert could belong to: a policy's group, or its own. */
export interface Candidate {
  readonly policy: string;
  readonly groupKey: string;
  readonly group: string;
  readonly windowMinutes: number;
  /** Title template of the incident it would start. */
  readonly title: string;
  readonly subject?: string;
  /** A symptom: it may join an open incident of the group, never start one. */
  readonly symptom: boolean;
}

/** Where an alert goes: the incident it joins, or the one it starts. */
export interface Placement {
  readonly incidentId: string;
  readonly symptom: boolean;
  /** Set when the alert starts the incident. */
  readonly start?: IncidentStart;
}

type Compiled = { policy: CorrelationPolicy; match: (a: Alert) => boolean; absorbs?: (a: Alert) => boolean };
const compiled = new WeakMap<GroupingConfig, Compiled[]>();
const anyOf = (sets: readonly (readonly Matcher[])[]) => {
  const tests = sets.map(compileMatchers);
  return (alert: Alert) => tests.some((test) => test(alert));
};
function compile(grouping: GroupingConfig): Compiled[] {
  let known = compiled.get(grouping);
  if (!known) {
    known = grouping.policies.map((policy) => ({
      policy,
      match: anyOf(policy.match),
      absorbs: policy.absorbs ? anyOf(policy.absorbs) : undefined,
    }));
    compiled.set(grouping, known);
  }
  return known;
}

/** The incident of an alert that stands alone: one group per fingerprint, a generation per episode. */
export function singleCandidate(alert: Alert): Candidate {
  const groupKey = `${SINGLE_ALERT}|${alert.fingerprint}`;
  return {
    policy: SINGLE_ALERT,
    groupKey,
    group: groupOf(groupKey),
    windowMinutes: 0,
    title: '{lead}',
    symptom: false,
  };
}

/**
 * The incidents an alert could belong to, in the order they are tried: for every policy, as a
 * symptom it absorbs, then as an alert it groups; last, an incident of its own.
 */
export function candidatesFor(alert: Alert, grouping: GroupingConfig): Candidate[] {
  const out: Candidate[] = [];
  if (grouping.enabled) {
    for (const { policy, match, absorbs } of compile(grouping)) {
      const symptom = absorbs?.(alert) === true;
      if (!symptom && !match(alert)) continue;
      const values = policy.groupBy.map((field) => alertField(alert, field));
      if (values.some((v) => v === undefined || v === '')) continue;
      const groupKey = [policy.name, ...values].join('|');
      const subject = policy.groupBy
        .map((field, i) => (field === 'cluster' || field === 'namespace' ? undefined : values[i]))
        .filter(Boolean)
        .join('/');
      const base = {
        policy: policy.name,
        groupKey,
        group: groupOf(groupKey),
        windowMinutes: policy.windowMinutes,
        title: policy.title,
        subject: subject || undefined,
      };
      if (symptom) out.push({ ...base, symptom: true });
      if (match(alert)) out.push({ ...base, symptom: false });
    }
  }
  out.push(singleCandidate(alert));
  return out;
}

/** Whether an alert can join an incident: open, not merged away, not full, and within the window. */
export function joinable(incident: Incident | undefined, alert: Alert, candidate: Candidate): incident is Incident {
  if (!incident || incident.status === 'resolved' || incident.mergedInto) return false;
  if (incident.alerts.length >= MAX_ALERTS_PER_INCIDENT) return false;
  if (candidate.policy === SINGLE_ALERT) return true;
  const window = candidate.windowMinutes * MINUTE;
  const at = Date.parse(alert.firstSeen);
  return at >= Date.parse(incident.firstSeen) - window && at <= Date.parse(incident.lastSeen) + window;
}

/**
 * Place the alerts of a batch: each joins the first candidate incident it can, else starts an
 * incident with its first candidate that may start one (a new generation of that group). Alerts
 * of one batch see the incidents the batch starts. Pure: `latest` holds the newest generation of
 * every candidate group (absent when the group has none) and is updated as incidents are planned.
 */
export function placeAlerts(
  alerts: readonly Alert[],
  grouping: GroupingConfig,
  latest: Map<string, Incident | undefined>,
  policy: AlertPolicy,
  now: number,
): Map<string, Placement> {
  const out = new Map<string, Placement>();
  for (const alert of alerts) {
    const candidates = candidatesFor(alert, grouping);
    const join = candidates.find((c) => joinable(latest.get(c.group), alert, c));
    if (join) {
      const incident = latest.get(join.group) as Incident;
      out.set(alert.id, { incidentId: incident.id, symptom: join.symptom });
      latest.set(join.group, applyAlerts(incident, [{ alert, symptom: join.symptom }], policy, now).next);
      continue;
    }
    const first = candidates.find((c) => !c.symptom) ?? singleCandidate(alert);
    const start: IncidentStart = {
      group: first.group,
      groupKey: first.groupKey,
      policy: first.policy,
      generation: (latest.get(first.group)?.generation ?? 0) + 1,
      title: first.title,
      subject: first.subject,
    };
    out.set(alert.id, { incidentId: incidentId(start.group, start.generation), symptom: false, start });
    latest.set(
      first.group,
      applyAlerts(startIncident(start, alert, now), [{ alert, symptom: false }], policy, now).next,
    );
  }
  return out;
}

/**
 * The placement of an alert written with its incident by an earlier try of the same delivery (which
 * crashed before it wrote the incident): the policy, title, subject and symptom flag its group stands
 * for, so that the incident starts as it would have. An alert that a policy both explains and matches
 * counts as matched (only a crash in between can tell the two apart).
 */
export function recoveredPlacement(alert: Alert, grouping: GroupingConfig): Placement | undefined {
  const parsed = alert.incidentId ? parseIncidentId(alert.incidentId) : undefined;
  if (!alert.incidentId || !parsed) return undefined;
  const candidates = candidatesFor(alert, grouping).filter((c) => c.group === parsed.group);
  const starter = candidates.find((c) => !c.symptom);
  if (!starter) return { incidentId: alert.incidentId, symptom: candidates.length > 0 };
  const { group, groupKey, policy, title, subject } = starter;
  return {
    incidentId: alert.incidentId,
    symptom: false,
    start: { group, groupKey, policy, title, subject, generation: parsed.generation },
  };
}

/**
 * The incidents a newly started incident absorbs: those of its cluster, started within its policy's
 * window, whose every alert is a symptom the policy explains (a cause that arrived after its
 * symptoms). Only policies grouped by cluster alone look back; the alerts are judged by their rule,
 * source, component, category and severity.
 */
export function absorbable(started: Incident, candidates: readonly Incident[], grouping: GroupingConfig): Incident[] {
  const policy = absorbingPolicy(started, grouping);
  if (!policy?.absorbs) return [];
  const absorbs = policy.absorbs;
  const window = policy.policy.windowMinutes * MINUTE;
  const from = Date.parse(started.firstSeen) - window;
  const to = Date.parse(started.lastSeen) + window;
  return candidates.filter(
    (c) =>
      c.id !== started.id &&
      c.cluster === started.cluster &&
      c.status !== 'resolved' &&
      !c.mergedInto &&
      c.alerts.length > 0 &&
      Date.parse(c.firstSeen) >= from &&
      Date.parse(c.firstSeen) <= to &&
      c.alerts.every((ref) => absorbs(refAsAlert(ref))),
  );
}

/** The compiled policy of an incident when it absorbs symptoms across its cluster. */
function absorbingPolicy(started: Incident, grouping: GroupingConfig) {
  const policy = compile(grouping).find((c) => c.policy.name === started.policy);
  return policy?.absorbs && policy.policy.groupBy.join() === 'cluster' ? policy : undefined;
}

/** Whether an incident's policy absorbs earlier symptoms at all (most do not: nothing to read for them). */
export function mayAbsorb(started: Incident, grouping: GroupingConfig): boolean {
  return absorbingPolicy(started, grouping) !== undefined;
}

/**
 * Whether an incident is made only of alerts some policy absorbs as symptoms: its cause may still
 * arrive, so its first page waits a little ({@link GroupingConfig.symptomWaitSeconds}).
 */
export function onlySymptoms(incident: Incident, grouping: GroupingConfig): boolean {
  if (!grouping.enabled || incident.alerts.length === 0) return false;
  const absorbers = compile(grouping).flatMap((c) => (c.absorbs ? [c.absorbs] : []));
  return incident.alerts.every((ref) => absorbers.some((absorbs) => absorbs(refAsAlert(ref))));
}

/** An incident's view of an alert, as an alert the matchers can read (no samples, no actors). */
function refAsAlert(ref: AlertRef): Alert {
  return {
    id: ref.id,
    fingerprint: ref.id.split('.')[0] ?? ref.id,
    generation: 1,
    status: ref.status,
    severity: ref.severity,
    rule: ref.rule,
    title: ref.title,
    summary: '',
    runbook: '',
    category: ref.category,
    component: ref.component,
    team: ref.team,
    source: ref.source,
    cluster: ref.cluster,
    namespace: ref.namespace,
    resource: {},
    count: ref.count,
    firstSeen: ref.firstSeen,
    lastSeen: ref.lastSeen,
    startedAt: ref.joinedAt,
    flaps: 0,
    samples: [],
    actors: [],
    seen: {},
    version: ref.version,
  };
}
