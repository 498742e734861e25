import * as z from 'zod/mini';
import '../core/zod-messages.ts';
import { IsoTimeSchema } from '../core/api/time-range.ts';
import { MAX_SILENCE_DAYS, SilenceMatchersSchema } from '../core/silences/silence-schema.ts';
import { cleanText } from '../core/render/inert.ts';

const DAY = 86_400_000;

/** Free text people write: trimmed, without control or bidirectional-control characters, bounded. */
const trimmed = (min: number, max: number, message?: string) =>
  z.string().check(z.overwrite(cleanText), z.trim(), z.minLength(min, message), z.maxLength(max));
const str = z.string();
const optStr = z.optional(str);
const int = z.int();
const anyRecord = z.record(str, z.unknown());
const runbook = z.object({ path: str, markdown: z.nullable(str) });

/** `POST /incidents/{id}/resolve` */
export const ResolveBodySchema = z.strictObject({
  /** What was done: it enters the knowledge base. */
  resolution: trimmed(3, 4000, 'describe what fixed it (at least 3 characters)'),
});

/** `POST /incidents/{id}/notes` */
export const NoteBodySchema = z.strictObject({ text: trimmed(1, 4000) });

/** `POST /incidents/{id}/acknowledge` (body optional) */
export const AcknowledgeBodySchema = z.strictObject({
  comment: z.optional(trimmed(0, 1000)),
});

/** `POST /silences` */
export const CreateSilenceBodySchema = z
  .strictObject({
    matchers: SilenceMatchersSchema,
    /** When it starts: now when absent, at most a year ahead. */
    startsAt: z.optional(IsoTimeSchema),
    /** When it ends: after it starts, at most {@link MAX_SILENCE_DAYS} later. */
    endsAt: IsoTimeSchema,
    comment: trimmed(3, 1000),
  })
  .check(
    z.refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt ?? new Date().toISOString()), {
      message: 'endsAt must be after startsAt (and in the future)',
      path: ['endsAt'],
    }),
    z.refine(
      (b) => Date.parse(b.endsAt) - Date.parse(b.startsAt ?? new Date().toISOString()) <= MAX_SILENCE_DAYS * DAY,
      { message: `a silence lasts at most ${MAX_SILENCE_DAYS} days: end it later with a new one`, path: ['endsAt'] },
    ),
    z.refine((b) => b.startsAt === undefined || Date.parse(b.startsAt) <= Date.now() + 366 * DAY, {
      message: 'startsAt may be at most a year ahead',
      path: ['startsAt'],
    }),
  );

/** `POST /incidents/{id}/merge` */
export const MergeBodySchema = z.strictObject({
  /** The incident that takes this one's alerts. */
  into: z.string().check(z.minLength(10), z.maxLength(80)),
});

/** `POST /incidents/{id}/split` */
export const SplitBodySchema = z.strictObject({
  /** The alert that moves out into an incident of its own. */
  alert: z.string().check(z.minLength(10), z.maxLength(80)),
});

/** Where it happened and whose it is, as lists show it: alerts and incidents alike (core/routing.ts). */
const routing = {
  rule: str,
  /** Its name, or `<account>/<region>/<name>` for a cluster away from the hub. */
  cluster: str,
  /** The cluster's AWS account and region, where known. */
  account: optStr,
  region: optStr,
  namespace: optStr,
  component: str,
  team: str,
  category: str,
  source: str,
};

/** When it was seen, started, acknowledged and resolved, and by whom: alerts and incidents alike. */
const lifecycle = {
  firstSeen: str,
  lastSeen: str,
  startedAt: str,
  acknowledgedAt: optStr,
  acknowledgedBy: optStr,
  resolvedAt: optStr,
  resolvedBy: optStr,
  resolution: optStr,
};

/** An alert as listed: one fingerprint's generation, deduplicated and counted. */
export const AlertSummarySchema = z.object({
  id: str,
  /** The incident it belongs to. */
  incidentId: optStr,
  status: z.enum(['open', 'acknowledged', 'resolved']),
  severity: str,
  title: str,
  ...routing,
  resource: z.record(str, str),
  count: int,
  flaps: int,
  ...lifecycle,
});

/** `GET /alerts`, `GET /incidents/{id}/alerts` */
export const AlertPageSchema = z.object({ items: z.array(AlertSummarySchema), nextCursor: z.nullable(str) });

const previousResolutions = z.array(
  z.object({ id: str, resolvedAt: optStr, resolvedBy: optStr, resolution: optStr, count: z.number() }),
);
/** Changes to the same cluster in the 30 minutes before it started (CloudTrail configuration calls, people's writes). */
const changes = z.array(z.object({ at: str, source: str, rule: str, title: str, actor: str, what: str }));

/** `GET /alerts/{id}` */
export const AlertDetailSchema = z.extend(AlertSummarySchema, {
  summary: str,
  runbook,
  samples: z.array(anyRecord),
  actors: z.array(anyRecord),
  autoResolveAt: optStr,
  generation: int,
  previousResolutions,
  changes,
});

/** An incident as listed: what people are paged for, one or more related alerts. */
export const IncidentSummarySchema = z.object({
  id: str,
  status: z.enum(['open', 'acknowledged', 'resolved']),
  severity: str,
  title: str,
  /** The correlation policy that grouped its alerts (`alert`: one alert alone). */
  policy: str,
  /** What its alerts share: the principal, the workload … */
  subject: optStr,
  /** Of the leading alert. */
  ...routing,
  alertCount: int,
  openAlerts: int,
  occurrences: int,
  flaps: int,
  ...lifecycle,
  /** Set when it was merged into another incident. */
  mergedInto: optStr,
});

/** `GET /incidents` */
export const IncidentPageSchema = z.object({ items: z.array(IncidentSummarySchema), nextCursor: z.nullable(str) });

const counted = z.object({ count: int, atLeast: z.boolean() });
/** `GET /incidents/counts`: incidents per status under the same filters as the list (`atLeast`: stopped counting there). */
export const IncidentCountsSchema = z.object({ open: counted, acknowledged: counted, resolved: counted });

/** A ticket in a tracker: `owner/name#12` or `OPS-42`, and its address. */
const ticketLink = z.object({ team: str, tracker: z.enum(['github', 'jira']), key: str, url: str });

/** `GET /incidents/{id}` */
export const IncidentDetailSchema = z.extend(IncidentSummarySchema, {
  summary: str,
  /** The leading alert's runbook. */
  runbook,
  leadAlertId: str,
  /** For an incident that absorbed symptoms: the cause and what it explains. */
  probableCause: optStr,
  alerts: z.array(
    z.object({
      id: str,
      rule: str,
      title: str,
      severity: str,
      status: str,
      count: int,
      firstSeen: str,
      lastSeen: str,
      subject: optStr,
      /** Shown, never paged on its own: another alert of the incident explains it. */
      symptom: z.boolean(),
      joinedAt: str,
    }),
  ),
  pagedTeams: z.array(str),
  /** Its page in the console, when a console is deployed. */
  consoleUrl: z.nullable(str),
  /**
   * While it is open and paging: the team paged last, its tier (absent for the last resort), when, and
   * when the next tier is due if nobody acknowledges. Null once acknowledged, resolved or never paged.
   */
  paging: z.nullable(z.object({ team: str, tier: z.optional(int), at: str, nextDueAt: optStr })),
  /** Its ticket in the owner team's tracker, once filed. */
  ticket: z.nullable(ticketLink),
  /** Its post-incident review's ticket, once filed. */
  reviewTicket: z.nullable(ticketLink),
  /** Whether its owner team has a tracker: its review can be filed there. */
  tracker: z.boolean(),
  /** Incidents merged into this one. */
  merged: z.array(str),
  generation: int,
  previousResolutions,
  changes,
});

/** A timeline entry. */
export const TimelineEntrySchema = z.object({ at: str, kind: str, by: str, text: str, data: z.optional(anyRecord) });

/** `GET /incidents/{id}/timeline`, `GET /alerts/{id}/timeline` */
export const TimelineSchema = z.object({ items: z.array(TimelineEntrySchema) });

/** An action of an incident: what it does, how it runs, where it stands. */
export const ActionSchema = z.object({
  id: str,
  kind: str,
  /** `suggest`, `approve` or `auto`. */
  mode: str,
  /** `suggested`, `awaiting-approval`, `approved`, `running`, `succeeded`, `failed`, `rejected`, `expired`, `unbound`, `disabled`. */
  status: str,
  description: str,
  params: z.record(str, str),
  rule: str,
  alertId: str,
  proposedAt: str,
  dueAt: optStr,
  decidedBy: optStr,
  decidedAt: optStr,
  executionId: optStr,
  startedAt: optStr,
  endedAt: optStr,
  error: optStr,
});

/** `GET /incidents/{id}/actions` */
export const ActionListSchema = z.object({ items: z.array(ActionSchema) });

/** `GET /incidents/{id}/actions/{actionId}/plan`: a dry run — the reads it made, the requests a run would send. */
export const ActionPlanSchema = z.object({
  id: str,
  description: str,
  reads: z.array(z.object({ method: str, path: str })),
  writes: z.array(anyRecord),
  notes: z.array(str),
  kept: z.optional(anyRecord),
});

/** `GET /incidents/{id}/review` */
export const ReviewSchema = z.object({ id: str, markdown: str });

/** `POST /incidents/{id}/review/ticket`: requested (202), or filed already (200) with the ticket. */
export const ReviewFilingSchema = z.object({
  id: str,
  /** The owner team, whose tracker takes it. */
  team: str,
  status: z.enum(['requested', 'filed']),
  key: optStr,
  url: optStr,
});

/** A silence. */
export const SilenceSchema = z.object({
  id: str,
  matchers: z.record(str, z.array(str)),
  startsAt: str,
  endsAt: str,
  createdBy: str,
  comment: str,
  createdAt: str,
  active: z.boolean(),
});

/** `GET /silences` */
export const SilenceListSchema = z.object({ items: z.array(SilenceSchema) });

/** `GET /rules` */
export const RuleListSchema = z.object({
  items: z.array(
    z.object({
      id: str,
      title: str,
      summary: str,
      severity: str,
      category: str,
      component: str,
      team: str,
      enabled: z.boolean(),
      sources: z.array(str),
      fingerprint: z.array(str),
      quietPeriodMinutes: z.optional(z.number()),
      minCount: z.optional(z.number()),
      references: z.optional(z.record(str, z.array(str))),
      runbook,
    }),
  ),
});

const STATUS = z.enum(['perfect', 'degraded', 'unavailable']);

/** `GET /summary`: status of components per cluster, for the business. */
export const SummarySchema = z.object({
  generatedAt: str,
  clusters: z.array(
    z.object({
      cluster: str,
      status: STATUS,
      components: z.array(
        z.object({ component: str, status: STATUS, openAlerts: int, worstSeverity: z.nullable(str) }),
      ),
    }),
  ),
  /** Per cluster, minutes unavailable (critical open) and degraded (high or medium open) in the last 7 and 30 days. */
  history: z.array(
    z.object({
      cluster: str,
      days7: z.object({ unavailableMinutes: int, degradedMinutes: int }),
      days30: z.object({ unavailableMinutes: int, degradedMinutes: int }),
    }),
  ),
});

const spread = z.object({ median: z.nullable(z.number()), p90: z.nullable(z.number()), count: int });
const response = {
  incidents: int,
  /** Minutes from start to acknowledgement (incidents acknowledged). */
  mtta: spread,
  /** Minutes from start to resolution. */
  mttr: spread,
  pagesPerIncident: z.number(),
};

/** `GET /insights`: how the incidents that started in a period (and are resolved) were handled. */
export const InsightsSchema = z.object({
  since: str,
  until: str,
  /** True when the period held more resolutions than one request reads: narrow it. */
  truncated: z.boolean(),
  overall: z.object(response),
  byTeam: z.array(z.object({ team: str, ...response })),
  byCluster: z.array(z.object({ cluster: str, ...response })),
  byRule: z.array(z.object({ rule: str, ...response })),
  perWeek: z.array(z.object({ week: str, incidents: int })),
  noisiestRules: z.array(z.object({ rule: str, incidents: int, occurrences: int })),
});

/** Every error: a message that says what is wrong. */
export const ErrorSchema = z.object({ message: str });

/** The API's responses as TypeScript types, inferred from the schemas above (never written twice). */
export type AlertSummary = z.infer<typeof AlertSummarySchema>;
export type AlertPage = z.infer<typeof AlertPageSchema>;
export type AlertDetail = z.infer<typeof AlertDetailSchema>;
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;
export type IncidentPage = z.infer<typeof IncidentPageSchema>;
export type IncidentCounts = z.infer<typeof IncidentCountsSchema>;
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;
export type TimelineEntryBody = z.infer<typeof TimelineEntrySchema>;
export type Timeline = z.infer<typeof TimelineSchema>;
export type SilenceBody = z.infer<typeof SilenceSchema>;
export type SilenceList = z.infer<typeof SilenceListSchema>;
export type RuleList = z.infer<typeof RuleListSchema>;
export type StatusSummary = z.infer<typeof SummarySchema>;
export type InsightsBody = z.infer<typeof InsightsSchema>;
export type ReviewBody = z.infer<typeof ReviewSchema>;
export type ReviewFiling = z.infer<typeof ReviewFilingSchema>;
export type ActionBody = z.infer<typeof ActionSchema>;
export type ActionList = z.infer<typeof ActionListSchema>;
export type ActionPlanBody = z.infer<typeof ActionPlanSchema>;
