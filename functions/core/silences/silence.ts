import type { Matchable } from '../alerts/matchers.ts';
import { matchesFields } from '../alerts/matchers.ts';
import type { Incident } from '../incidents/types.ts';
import { pagingRefs } from '../incidents/alert-refs.ts';

/** Matchers of a silence: each listed field must match one of its values. */
export interface SilenceMatchers {
  readonly cluster?: readonly string[];
  readonly namespace?: readonly string[];
  readonly component?: readonly string[];
  readonly rule?: readonly string[];
  readonly severity?: readonly string[];
}

/** A maintenance window: matching alerts are recorded and resolved as usual, but not paged. */
export interface Silence {
  readonly id: string;
  readonly matchers: SilenceMatchers;
  /** ISO time; may be in the future. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
  readonly createdAt: string;
}

/** True when a silence covers an alert (or anything with its fields) at an instant. */
export function silences(silence: Silence, subject: Matchable, at: number): boolean {
  if (at < Date.parse(silence.startsAt) || at >= Date.parse(silence.endsAt)) return false;
  return matchesFields(silence.matchers, subject);
}

/** The first silence covering an alert now, if any. */
export function findSilence(all: readonly Silence[], subject: Matchable, at: number): Silence | undefined {
  return all.find((s) => silences(s, subject, at));
}

/**
 * The silence that keeps an incident from paging: every alert it would page for is silenced (one
 * alert outside every silence pages the incident). Names the silence of the leading alert.
 */
export function incidentSilence(all: readonly Silence[], incident: Incident, at: number): Silence | undefined {
  const paging = pagingRefs(incident.alerts);
  const subjects = paging.length > 0 ? paging : incident.alerts.filter((a) => a.id === incident.leadAlertId);
  if (subjects.length === 0) return findSilence(all, incident, at);
  const found = subjects.map((ref) => findSilence(all, ref, at));
  if (found.some((s) => s === undefined)) return undefined;
  const lead = subjects.findIndex((ref) => ref.id === incident.leadAlertId);
  return found[Math.max(lead, 0)];
}
