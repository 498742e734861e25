import * as z from 'zod';
import { ActionSpecSchema } from '../actions/action-spec.ts';
import { ALERT_FIELDS } from './alert-fields.ts';
import type { Matcher } from './alert-matchers.ts';
import { MatcherError, parseMatcher } from './alert-matchers.ts';
import {
  DEFAULT_GROUP_WAIT_SECONDS,
  DEFAULT_POLICY_NAMES,
  DEFAULT_SYMPTOM_WAIT_SECONDS,
  DEFAULT_WINDOW_MINUTES,
  SINGLE_ALERT,
} from './correlation.ts';

const FIELD = z
  .string()
  .refine(
    (f) =>
      (ALERT_FIELDS as readonly string[]).includes(f) || f === 'alertname' || /^label\.[A-Za-z_][A-Za-z0-9_]*$/.test(f),
    { message: `a field: ${ALERT_FIELDS.join(', ')}, alertname or label.<name>` },
  );
const NAME = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a name: lower-case letters, digits, dashes');
const MATCHER = z.string().transform((text, ctx): Matcher => {
  try {
    return parseMatcher(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof MatcherError ? error.message : String(error) });
    return z.NEVER;
  }
});
/** `{ "component": ["etcd"], "severity": ["critical", "high"] }`: every field holds one of its values. */
const FIELD_VALUES = z.record(FIELD, z.array(z.string().min(1)).min(1));
/** One matcher set, or several (any one of them). */
const MATCH = z.union([FIELD_VALUES, z.array(FIELD_VALUES).min(1)]);

/** A policy users add (tried before the defaults). */
export const CorrelationPolicySchema = z
  .object({
    name: NAME.refine((n) => n !== SINGLE_ALERT && !DEFAULT_POLICY_NAMES.includes(n), {
      message: 'a name other than the defaults and "alert"',
    }),
    /** Alerts it groups (field → values; a list means any one of them). */
    match: MATCH.optional(),
    /** Alertmanager matchers (`severity=~"critical|high"`), all of which must hold too. */
    matchers: z.array(MATCHER).default([]),
    /** Symptoms it absorbs while one of its incidents is open (field → values). */
    absorbs: MATCH.optional(),
    /** Fields the alerts must share. */
    groupBy: z.array(FIELD).min(1),
    /** @default grouping.windowMinutes */
    windowMinutes: z.number().int().min(1).max(1440).optional(),
    /** `{cluster}`, `{namespace}`, `{principal}`, `{workload}`, `{component}`, `{lead}`. @default "{lead}" */
    title: z.string().min(1).max(200).default('{lead}'),
    /** Actions proposed once on each of its incidents, bound from the alert that started it (see rules' actions). */
    actions: z.array(ActionSpecSchema).max(10).default([]),
  })
  .strict()
  .refine((p) => p.match !== undefined || p.matchers.length > 0, { message: 'needs match or matchers' });

/** An Alertmanager inhibition rule: alerts matching the target are symptoms of an alert matching the source. */
export const InhibitRuleSchema = z
  .object({
    source_matchers: z.array(MATCHER).min(1),
    target_matchers: z.array(MATCHER).min(1),
    /** Fields (labels) source and target must share. @default ["cluster"] */
    equal: z.array(z.string().min(1)).default(['cluster']),
  })
  .strict();

/** `grouping` in `watchkeeper.config.json`. */
export const GroupingConfigSchema = z
  .object({
    /** Off: every alert is an incident of its own. @default true */
    enabled: z.boolean().default(true),
    /** The window of every policy that does not name its own. @default 30 */
    windowMinutes: z.number().int().min(1).max(1440).default(DEFAULT_WINDOW_MINUTES),
    /** Seconds the first page of an incident of possible symptoms waits for their cause. @default 120 */
    symptomWaitSeconds: z.number().int().min(0).max(900).default(DEFAULT_SYMPTOM_WAIT_SECONDS),
    /** Seconds the first page of any new incident waits for related alerts (0: page at once). @default 30 */
    groupWaitSeconds: z.number().int().min(0).max(600).default(DEFAULT_GROUP_WAIT_SECONDS),
    /** Default policies to switch off. */
    disable: z.array(z.enum(DEFAULT_POLICY_NAMES as [string, ...string[]])).default([]),
    /** Your own policies, tried first, in order. */
    policies: z.array(CorrelationPolicySchema).default([]),
    /** Alertmanager inhibition rules (`source_matchers`, `target_matchers`, `equal`), tried next. */
    inhibit_rules: z.array(InhibitRuleSchema).default([]),
  })
  .strict()
  .superRefine((g, ctx) => {
    const names = g.policies.map((p) => p.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) ctx.addIssue({ code: 'custom', message: `policy "${twice}" is named twice`, path: ['policies'] });
  });

/** The grouping section as written. */
export type GroupingInput = z.input<typeof GroupingConfigSchema>;

/** The grouping section validated (matchers read), as the stack hands it to the functions. */
export type GroupingSettings = z.infer<typeof GroupingConfigSchema>;
