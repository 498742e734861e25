import type { Alert } from './types.ts';

/** The incident fields routes and silences match on. */
export type MatchedField = 'cluster' | 'namespace' | 'component' | 'category' | 'severity' | 'rule';

/** Matchers: each listed field must hold one of its values; a field not listed matches anything. */
export type IncidentMatchers = Readonly<Partial<Record<MatchedField, readonly string[]>>>;

/** True when every listed field of the matchers holds one of its values on the incident. */
export function matchesIncident(matchers: IncidentMatchers, incident: Alert): boolean {
  for (const field of Object.keys(matchers) as MatchedField[]) {
    const values = matchers[field];
    const value = incident[field];
    if (values && (value === undefined || !values.includes(value))) return false;
  }
  return true;
}
