import { aggregateSignals } from '../alerts/aggregate.ts';
import type { AlertPolicy } from '../alerts/policy.ts';
import type { Classifier } from '../rules/classifier.ts';
import type { DecodeResult } from '../sources/types.ts';
import type {
  ApplyReport,
  ChangeRecord,
  ChangeSink,
  EscalationQueue,
  EscalationStarter,
  AlertSink,
  QuarantineSink,
} from './ports.ts';
import type { Notifier } from '../escalation/ports.ts';
import { announceResolution } from '../escalation/announce.ts';
import type { Signal } from '../rules/signal.ts';
import type { ApplyResult } from '../alerts/lifecycle.ts';
import { classifyBatch } from './process-records.ts';

/** The ports an ingestion needs; Lambda and the local runtime give different adapters. */
export interface IngestDeps {
  readonly classifier: Classifier;
  readonly incidents: AlertSink;
  readonly quarantine: QuarantineSink;
  readonly escalation?: EscalationStarter;
  /** Where escalations beyond a delivery's share wait for the sweeper. */
  readonly escalationQueue?: EscalationQueue;
  /** Records changes for the change context. */
  readonly changes?: ChangeSink;
  /** Announces resolutions that come from the source (alarm OK, alert resolved). */
  readonly notifier?: Notifier;
  readonly policy: AlertPolicy;
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
  readonly escalations: number;
  /** Escalations beyond {@link MAX_ESCALATIONS_PER_DELIVERY}, left to the sweeper. */
  readonly deferredEscalations: number;
  readonly quarantined: number;
  readonly conflicts: number;
  /** Incidents resolved by their source in this delivery. */
  readonly resolved: number;
  readonly changes: number;
  /** The incidents this delivery opened, updated, reopened or resolved (not duplicates): the ids logs correlate on. */
  readonly incidents: readonly TouchedAlert[];
}

/** An incident a delivery changed, and how. */
export interface TouchedAlert {
  readonly incidentId: string;
  readonly outcome: Exclude<ApplyResult['outcome'], 'duplicate' | 'late'>;
  readonly rule: string;
  readonly cluster: string;
  readonly severity: string;
}

/** The incidents a store report changed (duplicates left out). */
export function touchedAlerts(report: ApplyReport): TouchedAlert[] {
  return report.results.flatMap(({ outcome, next }) =>
    outcome === 'duplicate' || outcome === 'late'
      ? []
      : [{ incidentId: next.id, outcome, rule: next.rule, cluster: next.cluster, severity: next.severity }],
  );
}

/**
 * Ingest one decoded delivery: classify, fold by fingerprint, write each fingerprint once,
 * quarantine what could not be read, and start escalation where the lifecycle says so.
 * The same code runs in Lambda, `npm start`, `replay` and the tests.
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
  const { report, escalations, deferredEscalations } = await storeSignals(batch.signals, deps);
  const count = (outcome: string): number => report.results.filter((r) => r.outcome === outcome).length;
  return {
    events: batch.events,
    signals: batch.signals.filter((s) => !s.changeOnly).length,
    fingerprints: report.results.length,
    created: count('created') + count('new-generation'),
    updated: count('updated'),
    reopened: count('reopened'),
    duplicates: count('duplicate'),
    late: count('late'),
    escalations,
    deferredEscalations,
    quarantined,
    conflicts: report.conflicts,
    resolved: count('resolved-by-source'),
    changes: changes.length,
    incidents: touchedAlerts(report),
  };
}

/**
 * Escalations one delivery starts itself. The rest of an alert storm waits on the incidents for the
 * sweeper (which starts `PENDING_ESCALATIONS_PER_SWEEP` a minute): one request never starts
 * thousands of workflows, and none is lost.
 */
export const MAX_ESCALATIONS_PER_DELIVERY = 50;

/**
 * Fold signals by fingerprint, write each fingerprint once, then act on what the lifecycle decided:
 * announce resolutions that came from the source and start escalations (a bounded number; the rest
 * wait on their incidents for the sweeper).
 */
export async function storeSignals(
  signals: readonly Signal[],
  deps: IngestDeps,
): Promise<{ report: ApplyReport; escalations: number; deferredEscalations: number }> {
  const report = await deps.incidents.applyAggregates(
    aggregateSignals(signals, deps.policy.maxSamples, deps.policy.maxActors),
  );
  let escalations = 0;
  let deferredEscalations = 0;
  for (const result of report.results) {
    if (result.outcome === 'resolved-by-source' && deps.notifier) await announceResolution(result.next, deps.notifier);
    if (!result.escalate || !deps.escalation) continue;
    if (escalations >= MAX_ESCALATIONS_PER_DELIVERY && deps.escalationQueue) {
      await deps.escalationQueue.defer(result.next);
      deferredEscalations++;
      continue;
    }
    await deps.escalation.start(result.next, result.outcome);
    escalations++;
  }
  return { report, escalations, deferredEscalations };
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
