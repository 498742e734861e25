import { iso } from '../time.ts';
import type { Incident, IncidentTimelineEntry } from './types.ts';

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
