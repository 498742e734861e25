import * as z from 'zod/mini';
import '../zod-messages.ts';
import { CATEGORIES, COMPONENTS, SEVERITIES } from '../vocabulary.ts';
import { IsoTimeSchema } from './time-range.ts';

const text = (max: number) => z.optional(z.string().check(z.minLength(1), z.maxLength(max)));

/** Query parameters of `GET /incidents`. */
export const ListIncidentsQuerySchema = z.strictObject({
  status: z.optional(z.enum(['open', 'acknowledged', 'resolved'])),
  severity: z.optional(z.enum(SEVERITIES)),
  cluster: text(100),
  namespace: text(253),
  component: z.optional(z.enum(COMPONENTS)),
  team: text(40),
  category: z.optional(z.enum(CATEGORIES)),
  rule: text(100),
  /** Incidents started at or after (at most 3,660 days ago, at most 400 days before `until`). */
  since: z.optional(IsoTimeSchema),
  /** Incidents started before (at most a day from now). */
  until: z.optional(IsoTimeSchema),
  /** Page size, 1–100. @default 25 */
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(100))), 25),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: text(2000),
});

/** The filters of a list query (everything but the page size and the cursor). */
export const LIST_FILTERS = [
  'status',
  'severity',
  'cluster',
  'namespace',
  'component',
  'team',
  'category',
  'rule',
  'since',
  'until',
] as const satisfies ReadonlyArray<keyof z.infer<typeof ListIncidentsQuerySchema>>;

/** A validated list query. */
export type ListIncidentsQuery = z.infer<typeof ListIncidentsQuerySchema>;

/** `GET /insights`: the period, by when incidents started (30 days up to now unless told). */
export const InsightsQuerySchema = z.strictObject({
  since: z.optional(IsoTimeSchema),
  until: z.optional(IsoTimeSchema),
});

/** A validated insights query. */
export type InsightsQuery = z.infer<typeof InsightsQuerySchema>;

/** The filters of a query in canonical form: what a cursor is bound to. */
export function queryScope(query: ListIncidentsQuery): string {
  const { cursor: _c, limit: _l, ...filters } = query;
  return JSON.stringify(
    Object.entries(filters)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
