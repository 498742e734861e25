import { aggregateSignals } from '../alerts/aggregate.ts';
import { mapBounded, STORE_CONCURRENCY } from '../concurrency.ts';
import { policyActionSource } from '../actions/proposals.ts';
import { attributeSignals } from '../attribution/attribute.ts';
import type { ApplyResult } from '../alerts/lifecycle.ts';
import type { AlertPolicy } from '../alerts/policy.ts';
import type { Alert } from '../alerts/types.ts';
import { announceResolution } from '../escalation/announce.ts';
import type { GroupingConfig } from '../incidents/correlation.ts';
import { DEFAULT_GROUPING } from '../incidents/correlation.ts';
import type { IncidentChange } from '../incidents/lifecycle.ts';
import { IncidentTransitionError } from '../incidents/errors.ts';
import { moveAlerts } from '../incidents/move-alerts.ts';
import type { Placement } from '../incidents/placement.ts';
import {
  absorbable,
  candidatesFor,
  mayAbsorb,
  onlySymptoms,
  placeAlerts,
  recoveredPlacement,
} from '../incidents/placement.ts';
import type { Incident } from '../incidents/types.ts';
import type { Classifier } from '../rules/classifier.ts';
import type { Signal } from '../rules/signal.ts';
import type { DecodeResult } from '../sources/types.ts';
import type { QuarantineSink } from './ports.ts';
import { classifyBatch } from './process-records.ts';
import type { BaselineSettings, BaselineStore } from '../baseline/first-seen.ts';
import { firstSeenSignals } from '../baseline/first-seen.ts';
import type { Notifier } from '../notifications/ports.ts';
import type { AlertSink, ApplyReport, Homes } from '../alerts/ports.ts';
import type { ChangeRecord, ChangeSink } from '../changes/change.ts';
import type { EscalationStarter } from '../escalation/ports.ts';
import type { IncidentQueue, IncidentReport, IncidentSink, IncidentWork } from '../incidents/ports.ts';
import type { IdentitySink } from '../attribution/ports.ts';
import { mergeIncidents } from '../incidents/merge-split.ts';

/** The ports an ingestion needs; Lambda and the local runtime give different adapters. */
export interface IngestDeps {
  readonly classifier: Classifier;
  readonly alerts: AlertSink;
  /** Where alerts are grouped into incidents (people are paged for incidents). */
  readonly incidents: IncidentSink;
  readonly quarantine: QuarantineSink;
  readonly escalation?: EscalationStarter;
  /** Where escalations beyond a delivery's share wait for the sweeper. */
  readonly incidentQueue?: IncidentQueue;
  /** Records changes for the change context. */
  readonly changes?: ChangeSink;
  /** Who is who on each cluster (authenticator lines): joins IAM principals to actors that lack them. */
  readonly identities?: IdentitySink;
  /** Proposes the actions of the rules of alerts that join incidents (and starts those that run or wait). */
  readonly remediation?: ActionProposer;
  /** Announces incidents that resolved with their last alert. */
  readonly notifier?: Notifier;
  /** What principals did before: keeps the signals of first-seen rules only for what is new. */
  readonly baseline?: { readonly store: BaselineStore; readonly settings: BaselineSettings };
  readonly policy: AlertPolicy;
  /** How alerts are grouped. @default DEFAULT_GROUPING */
  readonly grouping?: GroupingConfig;
  readonly clock?: () => number;
}

/** What ingestion asks of remediation. */
export interface ActionProposer {
  /** Rules that name actions: alerts of other rules propose nothing (and cost nothing). */
  readonly rulesWithActions: ReadonlySet<string>;
  /** Correlation policies that name actions: proposed once on each of their incidents. */
  readonly policiesWithActions: ReadonlySet<string>;
  propose(incidentId: string, alerts: readonly Alert[]): Promise<unknown>;
}

/** What one delivery did. */
export interface IngestSummary {
  readonly events: number;
  readonly signals: number;
  /** Distinct fingerprints in the delivery. */
  readonly fingerprints: number;
  readonly created: number;
  readonly updated: number;
  readonly reopened: number;
  readonly duplicates: number;
  /** Firings that arrived after their own resolution: recorded as nothing, never reopening. */
  readonly late: number;
  /** Incidents this delivery started. */
  readonly incidentsCreated: number;
  /** Incidents this delivery changed (started, joined, resolved, reopened). */
  readonly incidentsTouched: number;
  readonly escalations: number;
  /** Escalations beyond {@link MAX_ESCALATIONS_PER_DELIVERY}, left to the sweeper. */
  readonly deferredEscalations: number;
  readonly quarantined: number;
  readonly conflicts: number;
  /** Alerts resolved by their source in this delivery. */
  readonly resolved: number;
  /** Incidents that resolved with their last alert in this delivery. */
  readonly incidentsResolved: number;
  readonly changes: number;
  /** The alerts this delivery opened, updated, reopened or resolved (not duplicates): the ids logs correlate on. */
  readonly touchedAlerts: readonly TouchedAlert[];
}

/** An alert a delivery changed, how, and its incident. */
export interface TouchedAlert {
  readonly alertId: string;
  readonly incidentId?: string;
  readonly outcome: Exclude<ApplyResult['outcome'], 'duplicate' | 'late'>;
  readonly rule: string;
  readonly cluster: string;
  readonly severity: string;
}

/** The alerts a store report changed (duplicates left out). */
export function touchedAlerts(report: ApplyReport): TouchedAlert[] {
  return report.results.flatMap(({ outcome, next }) =>
    outcome === 'duplicate' || outcome === 'late'
      ? []
      : [
          {
            alertId: next.id,
            incidentId: next.incidentId,
            outcome,
            rule: next.rule,
            cluster: next.cluster,
            severity: next.severity,
          },
        ],
  );
}

/**
 * Ingest one decoded delivery: classify, fold by fingerprint, write each alert once (with its
 * incident), group the alerts into incidents (one write per incident touched), quarantine what could
 * not be read, and escalate incidents where their lifecycle says so. The same code runs in Lambda,
 * `npm start`, `replay` and the tests.
 */
export async function ingestDelivery(
  decoded: DecodeResult,
  delivery: string,
  deps: IngestDeps,
): Promise<IngestSummary> {
  const batch = classifyBatch(decoded, deps.classifier, delivery);
  // Quarantine first: if the store write fails and the delivery is retried, nothing is lost twice.
  const quarantined = batch.problems.length > 0 ? await deps.quarantine.keep(batch.problems, delivery) : 0;
  const changes = batch.signals.filter(isChange).map(changeOf);
  if (changes.length > 0 && deps.changes) await deps.changes.record(changes);
  // After the changes are recorded: a controller's creation in this delivery finds the change behind it.
  const attributed = await attributeSignals(batch.signals, decoded.events, deps);
  const now = (deps.clock ?? Date.now)();
  const { signals, toRecord } = deps.baseline
    ? await firstSeenSignals(attributed, deps.baseline.store, deps.baseline.settings, now)
    : { signals: attributed, toRecord: new Map<string, string[]>() };
  const { report, incidents, escalations, deferredEscalations } = await storeSignals(signals, deps);
  // Recorded once their alerts are stored: a crash before this leaves them new, and the retry stores them (idempotent).
  for (const [cluster, actions] of toRecord) await deps.baseline?.store.record(cluster, actions, now);
  const count = (outcome: string): number => report.results.filter((r) => r.outcome === outcome).length;
  return {
    events: batch.events,
    // First-seen candidates the baseline knew are not signals: counted are those kept.
    signals: signals.filter((s) => !s.changeOnly).length,
    fingerprints: report.results.length,
    created: count('created') + count('new-generation'),
    updated: count('updated'),
    reopened: count('reopened'),
    duplicates: count('duplicate'),
    late: count('late'),
    incidentsCreated: incidents.results.filter((c) => c.outcome === 'created').length,
    incidentsTouched: incidents.results.filter((c) => c.outcome !== 'unchanged').length,
    escalations,
    deferredEscalations,
    quarantined,
    conflicts: report.conflicts + incidents.conflicts,
    resolved: count('resolved-by-source'),
    incidentsResolved: incidents.results.filter((c) => c.outcome === 'resolved').length,
    changes: changes.length,
    touchedAlerts: touchedAlerts(report),
  };
}

/**
 * Escalations one delivery starts itself. The rest of an alert storm waits on the incidents for the
 * sweeper (which starts `PENDING_ESCALATIONS_PER_SWEEP` a minute): one request never starts
 * thousands of workflows, and none is lost.
 */
export const MAX_ESCALATIONS_PER_DELIVERY = 50;

/**
 * Fold signals by fingerprint and write each alert once — new alerts placed into their incident
 * first — then apply the alerts to their incidents and act on what the incident lifecycle decided:
 * announce incidents that resolved, start escalations (a bounded number; the rest wait for the
 * sweeper), and start again an escalation a crash may have left unstarted (redelivery; harmless
 * when it runs already).
 */
export async function storeSignals(
  signals: readonly Signal[],
  deps: IngestDeps,
): Promise<{ report: ApplyReport; incidents: IncidentReport; escalations: number; deferredEscalations: number }> {
  const grouping = deps.grouping ?? DEFAULT_GROUPING;
  const clock = deps.clock ?? Date.now;
  const placements = new Map<string, Placement>();
  // Incidents as read during this delivery (or known not to exist yet): not read again before their write.
  const known = new Map<string, Incident | undefined>();
  const homes: Homes = async (alerts) => {
    if (alerts.length === 0) return new Map();
    const latest = await deps.incidents.latest(alerts.flatMap((a) => candidatesFor(a, grouping).map((c) => c.group)));
    const placed = placeAlerts(alerts, grouping, latest, deps.policy, clock());
    for (const [id, placement] of placed) {
      placements.set(id, placement);
      if (placement.start) known.set(placement.incidentId, undefined);
    }
    return new Map([...placed].map(([id, p]) => [id, p.incidentId]));
  };
  // The incidents of existing alerts are read beside the alerts' writes: the critical path stays constant.
  let incidentsRead: Promise<Map<string, Incident | undefined>> | undefined;
  const report = await deps.alerts.applyAggregates(
    aggregateSignals(signals, deps.policy.maxSamples, deps.policy.maxActors),
    homes,
    (current) => {
      const ids = [...new Set([...current.values()].flatMap((a) => (a.incidentId ? [a.incidentId] : [])))];
      if (ids.length === 0) return;
      incidentsRead = deps.incidents.findMany(ids);
      // Awaited below; until then a failure must not surface as an unhandled rejection.
      incidentsRead.catch(() => undefined);
    },
  );
  for (const [id, incident] of (await incidentsRead) ?? []) if (!known.has(id)) known.set(id, incident);
  const alerts = await withIncidents(report, deps, homes);
  const applied = await deps.incidents.applyAlertChanges(workOf(alerts, placements, grouping), known);
  const absorbed = await absorbEarlierSymptoms(applied.results, deps, grouping, clock());
  const incidents = { ...applied, results: [...applied.results, ...absorbed] };
  let escalations = 0;
  let deferredEscalations = 0;
  for (const change of incidents.results) {
    if (change.outcome === 'resolved' && deps.notifier) await announceResolution(change.next, deps.notifier);
    if (!deps.escalation) continue;
    const joined = change.timeline.filter((e) => e.kind === 'alert-joined');
    if (joined.length > 0 && change.outcome === 'updated' && !change.escalate)
      await deps.escalation.announce?.(change.next, 'alert-joined', joined.map((e) => e.text).join('; '));
    if (change.escalate) {
      if (escalations >= MAX_ESCALATIONS_PER_DELIVERY && deps.incidentQueue) {
        await deps.incidentQueue.defer(change.next);
        deferredEscalations++;
        continue;
      }
      const holdSeconds = firstPageWait(change, grouping);
      await deps.escalation.start(change.next, change.outcome, { holdSeconds });
      escalations++;
    } else if (mayBeUnstarted(change)) await deps.escalation.start(change.next, 'redelivery');
  }
  if (deps.remediation) await proposeActionsFor(incidents.results, alerts, deps.remediation);
  return { report, incidents, escalations, deferredEscalations };
}

/**
 * Propose the actions of the rules of alerts that joined open incidents, and of the policy of an
 * incident that has none of its policy's yet. Only alerts whose rule or policy has actions and whose
 * incident does not list them yet cost anything (one incident write): most deliveries propose
 * nothing and read nothing.
 */
async function proposeActionsFor(
  changes: IncidentReport['results'],
  alerts: readonly Alert[],
  remediation: ActionProposer,
): Promise<void> {
  // Incidents side by side: a storm's proposals do not line up one after another.
  await mapBounded(changes, STORE_CONCURRENCY, async (change) => {
    const incident = change.next;
    if (incident.status === 'resolved' || incident.mergedInto) return;
    const known = new Set((incident.actions ?? []).map((a) => a.alertId));
    const policyDue =
      remediation.policiesWithActions.has(incident.policy) &&
      !(incident.actions ?? []).some((a) => a.rule === policyActionSource(incident.policy));
    const fresh = alerts.filter(
      (a) =>
        a.incidentId === incident.id && (policyDue || (remediation.rulesWithActions.has(a.rule) && !known.has(a.id))),
    );
    if (fresh.length > 0) await remediation.propose(incident.id, fresh);
  });
}

/**
 * The written alerts of a report, each with its incident. One that has none (a lost race gave it a
 * new generation after placement, or it predates incidents) is placed now, at one more write.
 */
async function withIncidents(report: ApplyReport, deps: IngestDeps, homes: Homes): Promise<Alert[]> {
  const alerts = report.results.map((r) => r.next).filter((a): a is Alert => a !== undefined);
  const homeless = alerts.filter((a) => !a.incidentId);
  if (homeless.length === 0) return alerts;
  const placed = await homes(homeless);
  const fixed = new Map<string, Alert>();
  for (const alert of homeless) {
    const incidentId = placed.get(alert.id);
    if (!incidentId) continue;
    const result = await deps.alerts.changeAlert(alert.id, (current) => ({
      outcome: 'updated',
      next: current.incidentId ? current : { ...current, incidentId, version: current.version + 1 },
      timeline: [],
      escalate: false,
    }));
    fixed.set(alert.id, result.next);
  }
  return alerts.map((a) => fixed.get(a.id) ?? a);
}

/** The work for each incident: its alerts, and how to start it when a placement decided to. */
function workOf(
  alerts: readonly Alert[],
  placements: ReadonlyMap<string, Placement>,
  grouping: GroupingConfig,
): Map<string, IncidentWork> {
  const work = new Map<string, { start?: IncidentWork['start']; alerts: IncidentWork['alerts'] }>();
  for (const alert of alerts) {
    if (!alert.incidentId) continue;
    // Placed now, or (a duplicate: placed by a try that crashed) as its incident's group says.
    const placement = placements.get(alert.id) ?? recoveredPlacement(alert, grouping);
    const entry = work.get(alert.incidentId) ?? { alerts: [] };
    if (placement?.start && placement.incidentId === alert.incidentId && !entry.start) {
      entry.start = placement.start;
      entry.alerts.unshift({ alert, symptom: false });
    } else entry.alerts.push({ alert, symptom: placement?.symptom ?? false });
    work.set(alert.incidentId, entry);
  }
  return work;
}

/** Who merges symptoms into the cause that explains them. */
export const ABSORBER = 'watchkeeper (probable cause)';

/**
 * A cause that arrived after its symptoms: each incident it started absorbs the open incidents of
 * its cluster made only of symptoms it explains (they close as merged, their escalation stops and
 * the teams they paged are told). Two writes per incident absorbed; a retry finds them merged.
 */
async function absorbEarlierSymptoms(
  changes: readonly IncidentChange[],
  deps: IngestDeps,
  grouping: GroupingConfig,
  now: number,
): Promise<IncidentChange[]> {
  const out: IncidentChange[] = [];
  const causes = changes.filter((c) => c.outcome === 'created' && mayAbsorb(c.next, grouping));
  // One read per cluster, side by side, whatever the number of new incidents.
  const windowStart = new Date(now - 2 * maxWindowMs(grouping)).toISOString();
  const clusters = [...new Set(causes.map((c) => c.next.cluster))];
  const open = new Map(
    await Promise.all(
      clusters.map(async (cluster) => [cluster, await deps.incidents.openInCluster(cluster, windowStart)] as const),
    ),
  );
  for (const change of causes) {
    let cause: Incident = change.next;
    const candidates = absorbable(cause, open.get(cause.cluster) ?? [], grouping);
    for (const symptoms of candidates) {
      const request = `absorb-${symptoms.id}`;
      try {
        const target = await deps.incidents.change(
          cause.id,
          (current) => mergeIncidents(symptoms, current, ABSORBER, deps.policy, now, request, true).target,
        );
        const source = await deps.incidents.change(
          symptoms.id,
          (current) => mergeIncidents(current, target.next, ABSORBER, deps.policy, now, request, true).source,
        );
        await moveAlerts(
          deps.alerts,
          source.next.alerts.map((a) => a.id),
          symptoms.id,
          cause.id,
        );
        cause = target.next;
        out.push(target, source);
      } catch (error) {
        // Merged meanwhile, or too many alerts together: the symptoms stay an incident of their own.
        if (!(error instanceof IncidentTransitionError)) throw error;
      }
    }
  }
  return out;
}

const maxWindowMs = (grouping: GroupingConfig): number =>
  Math.max(0, ...grouping.policies.map((p) => p.windowMinutes)) * 60_000;

/**
 * How long a new incident's first page waits: long enough for a cause to absorb an incident of
 * possible symptoms, or for related alerts to join any other (a re-escalation pages at once).
 */
function firstPageWait(change: IncidentChange, grouping: GroupingConfig): number | undefined {
  if (change.outcome !== 'created') return undefined;
  return onlySymptoms(change.next, grouping) ? grouping.symptomWaitSeconds : grouping.groupWaitSeconds;
}

/** An open incident that escalated but was not changed now: its delivery may have crashed before the start. */
function mayBeUnstarted(change: IncidentChange): boolean {
  const { next } = change;
  return (
    change.outcome === 'unchanged' &&
    next.status === 'open' &&
    next.escalatedSeverity !== undefined &&
    !next.escalationPending &&
    !next.mergedInto
  );
}

/** Change context: people's writes, change rules, and every successful CloudTrail configuration call. */
function isChange(signal: Signal): boolean {
  return (
    signal.changeOnly === true ||
    signal.category === 'change' ||
    (signal.source === 'cloudtrail' && signal.evidence.errorCode === undefined)
  );
}

function changeOf(signal: Signal): ChangeRecord {
  const r = signal.resource;
  const what = [
    signal.evidence.verb ?? signal.evidence.eventName,
    r.resource ?? r.kind,
    [r.namespace, r.name].filter(Boolean).join('/'),
  ]
    .filter(Boolean)
    .join(' ');
  return {
    cluster: signal.cluster,
    at: signal.occurredAt,
    eventId: signal.eventId,
    source: signal.source,
    rule: signal.rule ?? '',
    title: signal.title,
    actor: signal.actor.arn ?? signal.actor.username,
    what,
  };
}
