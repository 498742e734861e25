import { z } from 'zod';
import { SilenceMatchersSchema } from '../core/silences/silence-schema.ts';

const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 time');

/** `POST /incidents/{id}/resolve` */
export const ResolveBodySchema = z.object({
  /** What was done: it enters the knowledge base. */
  resolution: z.string().trim().min(3, 'describe what fixed it (at least 3 characters)').max(4000),
}).strict();

/** `POST /incidents/{id}/notes` */
export const NoteBodySchema = z.object({ text: z.string().trim().min(1).max(4000) }).strict();

/** `POST /incidents/{id}/acknowledge` (body optional) */
export const AcknowledgeBodySchema = z.object({ comment: z.string().trim().max(1000).optional() }).strict();

/** `POST /silences` */
export const CreateSilenceBodySchema = z.object({
  matchers: SilenceMatchersSchema,
  startsAt: iso.optional(),
  endsAt: iso,
  comment: z.string().trim().min(3).max(1000),
}).strict().refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt ?? new Date().toISOString()), { message: 'endsAt must be after startsAt (and in the future)', path: ['endsAt'] });

/** An incident as listed. */
export const IncidentSummarySchema = z.object({
  id: z.string(), status: z.enum(['open', 'acknowledged', 'resolved']), severity: z.string(), title: z.string(), rule: z.string(),
  cluster: z.string(), namespace: z.string().optional(), component: z.string(), team: z.string(), category: z.string(), source: z.string(),
  resource: z.record(z.string(), z.string()), count: z.number().int(), flaps: z.number().int(),
  firstSeen: z.string(), lastSeen: z.string(), startedAt: z.string(),
  acknowledgedAt: z.string().optional(), acknowledgedBy: z.string().optional(),
  resolvedAt: z.string().optional(), resolvedBy: z.string().optional(), resolution: z.string().optional(),
});

/** `GET /incidents` */
export const IncidentPageSchema = z.object({ items: z.array(IncidentSummarySchema), nextCursor: z.string().nullable() });

/** `GET /incidents/{id}` */
export const IncidentDetailSchema = IncidentSummarySchema.extend({
  summary: z.string(), runbook: z.object({ path: z.string(), markdown: z.string().nullable() }),
  samples: z.array(z.record(z.string(), z.unknown())), actors: z.array(z.record(z.string(), z.unknown())),
  pagedTeams: z.array(z.string()), autoResolveAt: z.string().optional(), generation: z.number().int(),
  previousResolutions: z.array(z.object({ id: z.string(), resolvedAt: z.string().optional(), resolvedBy: z.string().optional(), resolution: z.string().optional(), count: z.number() })),
  /** Changes to the same cluster in the 30 minutes before the incident started (CloudTrail configuration calls, people's writes). */
  changes: z.array(z.object({ at: z.string(), source: z.string(), rule: z.string(), title: z.string(), actor: z.string(), what: z.string() })),
});

/** A timeline entry. */
export const TimelineEntrySchema = z.object({ at: z.string(), kind: z.string(), by: z.string(), text: z.string(), data: z.record(z.string(), z.unknown()).optional() });

/** `GET /incidents/{id}/timeline` */
export const TimelineSchema = z.object({ items: z.array(TimelineEntrySchema) });

/** A silence. */
export const SilenceSchema = z.object({
  id: z.string(), matchers: z.record(z.string(), z.array(z.string())), startsAt: z.string(), endsAt: z.string(),
  createdBy: z.string(), comment: z.string(), createdAt: z.string(), active: z.boolean(),
});

/** `GET /silences` */
export const SilenceListSchema = z.object({ items: z.array(SilenceSchema) });

/** `GET /rules` */
export const RuleListSchema = z.object({ items: z.array(z.object({
  id: z.string(), title: z.string(), summary: z.string(), severity: z.string(), category: z.string(), component: z.string(), team: z.string(),
  enabled: z.boolean(), sources: z.array(z.string()), fingerprint: z.array(z.string()), quietPeriodMinutes: z.number().optional(), minCount: z.number().optional(),
  references: z.record(z.string(), z.array(z.string())).optional(), runbook: z.object({ path: z.string(), markdown: z.string().nullable() }),
})) });

/** `GET /summary`: status of components per cluster, for the business. */
export const SummarySchema = z.object({
  generatedAt: z.string(),
  clusters: z.array(z.object({
    cluster: z.string(), status: z.enum(['perfect', 'degraded', 'unavailable']),
    components: z.array(z.object({ component: z.string(), status: z.enum(['perfect', 'degraded', 'unavailable']), openIncidents: z.number().int(), worstSeverity: z.string().nullable() })),
  })),
});

/** Every error: a message that says what is wrong. */
export const ErrorSchema = z.object({ message: z.string() });
