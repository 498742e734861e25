import type { AlertPolicy } from '../alerts/policy.ts';
import { earlier, iso } from '../time.ts';
import { IncidentTransitionError } from './errors.ts';
import type { IncidentChange } from './lifecycle.ts';
import { MAX_ALERTS_PER_INCIDENT, settle } from './lifecycle.ts';
import { entry } from './timeline.ts';
import type { AlertRef, Incident } from './types.ts';

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
