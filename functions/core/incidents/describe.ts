import type { AlertRef, Incident } from './types.ts';

/** The leading alert of an incident. */
export const leadOf = (incident: Incident): AlertRef | undefined =>
  incident.alerts.find((a) => a.id === incident.leadAlertId) ?? incident.alerts[0];

/** Where it happens: the leading alert's subject. */
export function where(incident: Incident): string {
  return leadOf(incident)?.subject ?? incident.namespace ?? incident.cluster;
}

/** Occurrences of every alert of the incident. */
export const occurrences = (incident: Incident): number => incident.alerts.reduce((n, a) => n + a.count, 0);

/** For an incident that absorbed symptoms: its probable cause and what it explains. */
export function probableCause(incident: Incident): string | undefined {
  const symptoms = incident.alerts.filter((a) => a.symptom);
  const lead = leadOf(incident);
  if (symptoms.length === 0 || !lead || lead.symptom) return undefined;
  const names = [...new Set(symptoms.map((s) => s.title))].slice(0, 4).join(', ');
  return `${lead.title}, which explains ${symptoms.length} symptom${symptoms.length > 1 ? 's' : ''} (${names})`;
}
