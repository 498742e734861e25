/**
 * The filters of a list query (everything but the page size and the cursor), in a module of their
 * own so that the console reads them without the schema library. `list-query.ts` checks them
 * against its schema.
 */
export const LIST_FILTERS = [
  'status',
  'severity',
  'cluster',
  'account',
  'region',
  'namespace',
  'component',
  'team',
  'category',
  'rule',
  'since',
  'until',
] as const;

/** The filters that select by value (the time filters bound the start time instead). */
export type ValueFilter = Exclude<(typeof LIST_FILTERS)[number], 'since' | 'until'>;

/** {@link LIST_FILTERS} without the time filters. */
export const VALUE_FILTERS = LIST_FILTERS.filter((f): f is ValueFilter => f !== 'since' && f !== 'until');
