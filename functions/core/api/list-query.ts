import * as z from 'zod/mini';
import '../zod-messages.ts';
import { CATEGORIES, COMPONENTS, SEVERITIES } from '../vocabulary.ts';
import { LIST_FILTERS } from './list-filters.ts';
import { IsoTimeSchema } from './time-range.ts';

const text = (max: number) => z.optional(z.string().check(z.minLength(1), z.maxLength(max)));

/** Query parameters of `GET /incidents`. */
export const ListIncidentsQuerySchema = z.strictObject({
  status: z.optional(z.enum(['open', 'acknowledged', 'resolved'])),
  severity: z.optional(z.enum(SEVERITIES)),
  cluster: text(130),
  /** The cluster's AWS account (12 digits). */
  account: z.optional(z.string().check(z.regex(/^\d{12}$/, 'a 12-digit AWS account id'))),
  /** The cluster's AWS region, such as eu-west-1. */
  region: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'an AWS region such as eu-west-1'))),
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

export { LIST_FILTERS } from './list-filters.ts';
// Every filter is a parameter of the schema.
LIST_FILTERS satisfies ReadonlyArray<keyof z.infer<typeof ListIncidentsQuerySchema>>;

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
