import { matchesIncident } from '../alerts/matchers.ts';
import type { Alert } from '../alerts/types.ts';

/** Matchers of a silence: each listed field must match one of its values. */
export interface SilenceMatchers {
  readonly cluster?: readonly string[];
  readonly namespace?: readonly string[];
  readonly component?: readonly string[];
  readonly rule?: readonly string[];
  readonly severity?: readonly string[];
}

/** A maintenance window: matching incidents are recorded and resolved as usual, but not paged. */
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

/** True when a silence covers an incident at an instant. */
export function silences(silence: Silence, incident: Alert, at: number): boolean {
  if (at < Date.parse(silence.startsAt) || at >= Date.parse(silence.endsAt)) return false;
  return matchesIncident(silence.matchers, incident);
}

/** The first silence covering an incident now, if any. */
export function findSilence(all: readonly Silence[], incident: Alert, at: number): Silence | undefined {
  return all.find((s) => silences(s, incident, at));
}
