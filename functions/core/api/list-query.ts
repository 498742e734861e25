import { z } from 'zod';
import { CATEGORIES, COMPONENTS, SEVERITIES } from '../vocabulary.ts';

const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 time').transform((v) => new Date(v).toISOString());

/** Query parameters of `GET /incidents`. */
export const ListIncidentsQuerySchema = z.object({
  status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
  severity: z.enum(SEVERITIES).optional(),
  cluster: z.string().min(1).max(100).optional(),
  namespace: z.string().min(1).max(253).optional(),
  component: z.enum(COMPONENTS).optional(),
  team: z.string().min(1).max(40).optional(),
  category: z.enum(CATEGORIES).optional(),
  rule: z.string().min(1).max(100).optional(),
  /** Incidents started at or after. */
  since: iso.optional(),
  /** Incidents started before. */
  until: iso.optional(),
  /** Page size, 1–100. @default 25 */
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().min(1).max(2000).optional(),
}).strict();

/** A validated list query. */
export type ListIncidentsQuery = z.infer<typeof ListIncidentsQuerySchema>;

/** The filters of a query in canonical form: what a cursor is bound to. */
export function queryScope(query: ListIncidentsQuery): string {
  const { cursor: _c, limit: _l, ...filters } = query;
  return JSON.stringify(Object.entries(filters).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
}
