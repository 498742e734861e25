/** The fields routes and silences match on (alerts, incidents and an incident's alerts all have them). */
export type MatchedField = 'cluster' | 'namespace' | 'component' | 'category' | 'severity' | 'rule';

/** Matchers: each listed field must hold one of its values; a field not listed matches anything. */
export type FieldMatchers = Readonly<Partial<Record<MatchedField, readonly string[]>>>;

/** Something with the matched fields: an alert, an incident, an incident's alert. */
export type Matchable = { readonly [F in MatchedField]?: string };

/** True when every listed field of the matchers holds one of its values. */
export function matchesFields(matchers: FieldMatchers, subject: Matchable): boolean {
  for (const field of Object.keys(matchers) as MatchedField[]) {
    const values = matchers[field];
    const value = subject[field];
    if (values && (value === undefined || !values.includes(value))) return false;
  }
  return true;
}
