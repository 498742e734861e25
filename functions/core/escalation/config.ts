import * as z from 'zod';
import { TicketPolicySchema } from '../collaboration/config.ts';
import { CATEGORIES, COMPONENTS, SEVERITIES } from '../vocabulary.ts';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const TEAM = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a team name: lower-case letters, digits, dashes');

/** When a team is paged outside business hours and how fast it escalates, per severity. */
export const SeverityPolicySchema = z
  .object({
    /** Minutes to wait for an acknowledgement at each tier; the number of entries is the number of tiers (1–3). */
    ackTimeoutMinutes: z.array(z.number().positive().max(1440)).max(3),
    /** How many times the tiers are walked again before the last resort. @default 0 */
    repeats: z.number().int().min(0).max(5).default(0),
    /** Page at night and at weekends; otherwise wait for the next business-hours start. */
    pageOutsideBusinessHours: z.boolean(),
  })
  .strict();

/** Matchers of a route: every listed field must match one of its values. */
export const RouteMatchSchema = z
  .object({
    cluster: z.array(z.string()).optional(),
    namespace: z.array(z.string()).optional(),
    component: z.array(z.enum(COMPONENTS)).optional(),
    category: z.array(z.enum(CATEGORIES)).optional(),
    severity: z.array(z.enum(SEVERITIES)).optional(),
    rule: z.array(z.string()).optional(),
  })
  .strict();

/** Escalation settings available to the functions at run time (contacts stay in the stack). */
export const EscalationConfigSchema = z
  .object({
    /** Team names; one SNS topic each. */
    teams: z.array(TEAM).min(1),
    /** First line (tier 1) unless a route says otherwise. @default 'operations' */
    firstLineTeam: TEAM.default('operations'),
    /** Who is told when every tier was tried without acknowledgement. @default 'operations' */
    lastResortTeam: TEAM.default('operations'),
    /** First match wins; the rule's own team is the owner otherwise. */
    routes: z.array(z.object({ match: RouteMatchSchema, team: TEAM, tier1Team: TEAM.optional() }).strict()).default([]),
    policies: z
      .object(
        Object.fromEntries(SEVERITIES.map((s) => [s, SeverityPolicySchema])) as Record<
          (typeof SEVERITIES)[number],
          typeof SeverityPolicySchema
        >,
      )
      .strict(),
    businessHours: z
      .object({
        /** IANA time zone. */
        timezone: z.string().refine((tz) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, 'an IANA time zone such as Europe/Amsterdam'),
        /** ISO weekdays, 1 = Monday … 7 = Sunday. */
        days: z.array(z.number().int().min(1).max(7)).min(1),
        start: HHMM,
        end: HHMM,
      })
      .strict(),
    /** Peak periods (e.g. the retail week around Black Friday): faster escalation, optionally one severity higher. */
    peakPeriods: z
      .array(
        z
          .object({
            name: z.string().min(1),
            start: DATE,
            /** Inclusive. */
            end: DATE,
            /** Clusters it applies to; all when empty. */
            clusters: z.array(z.string()).default([]),
            timeoutFactor: z.number().positive().max(1).default(0.5),
            raiseSeverity: z.boolean().default(false),
          })
          .strict(),
      )
      .default([]),
    /** Timeout factor per SLA tier (a gold cluster escalates twice as fast). */
    slaTiers: z.record(z.string(), z.object({ timeoutFactor: z.number().positive().max(10) }).strict()),
    /** SLA tier of each cluster; `standard` when absent. */
    clusterSlaTiers: z.record(z.string(), z.string()).default({}),
    /** Teams with a defect tracker, and when their incidents get a ticket instead of (or with) a page. @default {} */
    tickets: z.record(TEAM, TicketPolicySchema).default({}),
    /** Teams with chat channels: they are told of updates (alerts joining, acknowledgements) too. @default [] */
    chatTeams: z.array(TEAM).default([]),
    /** Lifetime of the signed acknowledgement link in every page. @default 24 */
    ackLinkHours: z.number().positive().max(168).default(24),
  })
  .strict();

/** Validated escalation settings. */
export type EscalationConfig = z.infer<typeof EscalationConfigSchema>;
/** A severity policy. */
export type SeverityPolicy = z.infer<typeof SeverityPolicySchema>;

/** Defaults that make sense out of the box: 24/7 for critical and high, business hours below. */
export const DEFAULT_ESCALATION: EscalationConfig = EscalationConfigSchema.parse({
  teams: ['operations', 'platform', 'security', 'devops', 'development', 'infrastructure'],
  policies: {
    critical: { ackTimeoutMinutes: [5, 5, 10], repeats: 1, pageOutsideBusinessHours: true },
    high: { ackTimeoutMinutes: [15, 15, 30], repeats: 0, pageOutsideBusinessHours: true },
    medium: { ackTimeoutMinutes: [60, 60], repeats: 0, pageOutsideBusinessHours: false },
    low: { ackTimeoutMinutes: [240], repeats: 0, pageOutsideBusinessHours: false },
    info: { ackTimeoutMinutes: [], repeats: 0, pageOutsideBusinessHours: false },
  },
  businessHours: { timezone: 'UTC', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
  slaTiers: { gold: { timeoutFactor: 0.5 }, standard: { timeoutFactor: 1 }, bronze: { timeoutFactor: 2 } },
});
