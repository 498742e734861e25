import * as z from 'zod';
import { ActionSpecSchema } from '../actions/action-spec.ts';
import { SOURCES } from '../vocabulary.ts';
import { CATEGORIES, COMPONENTS, SEVERITIES } from '../vocabulary.ts';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A condition on one fact. A scalar means "equals" (for list facts: "contains"); an array means
 * "is one of" (for list facts: "shares one"); an object combines operators, all of which must hold.
 */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    scalar,
    z.array(scalar),
    z
      .object({
        equals: scalar.optional(),
        in: z.array(scalar).optional(),
        not: ConditionSchema.optional(),
        gte: z.number().optional(),
        lt: z.number().optional(),
        prefix: z.union([z.string(), z.array(z.string())]).optional(),
        contains: z.union([z.string(), z.array(z.string())]).optional(),
        regex: z.string().optional(),
        exists: z.boolean().optional(),
      })
      .strict(),
  ]),
);

/** See {@link ConditionSchema}. */
export type Condition =
  | string
  | number
  | boolean
  | Array<string | number | boolean>
  | {
      equals?: string | number | boolean;
      in?: Array<string | number | boolean>;
      not?: Condition;
      gte?: number;
      lt?: number;
      prefix?: string | string[];
      contains?: string | string[];
      regex?: string;
      exists?: boolean;
    };

/** What a rule matches. The first of resources/verbs, users, responseCodes, keywords is its index key. */
export const MatchSchema = z
  .object({
    /** Sources the rule applies to. */
    sources: z.array(z.enum(SOURCES)).min(1),
    /** Audit resources, with subresource as `pods/exec`; `*` for any. */
    resources: z.array(z.string()).optional(),
    /** Audit verbs; `*` for any. */
    verbs: z.array(z.string()).optional(),
    /** Exact usernames (audit). */
    users: z.array(z.string()).optional(),
    /** Kinds of principal (audit): `human`, `serviceaccount`, `node`, `system`, `anonymous`. */
    userKinds: z.array(z.enum(['human', 'serviceaccount', 'node', 'system', 'anonymous'])).optional(),
    /** Audit response codes. */
    responseCodes: z.array(z.number().int()).optional(),
    /**
     * Where the request came from (audit `source.scope`): `internal`, `ours` (trustedNetworks), `aws`
     * (AWS's published addresses of the region) or `internet`. Indexed: a rule for outside callers
     * costs nothing for the cluster's own traffic.
     */
    sourceScopes: z
      .array(z.enum(['internal', 'ours', 'aws', 'internet']))
      .min(1)
      .optional(),
    /** Text rules: lower-case phrases, any of which must occur in the message. */
    keywords: z.array(z.string().min(1)).optional(),
    /** Text rules: a regular expression (case-insensitive) the message must also match. */
    pattern: z.string().optional(),
    /** Fact conditions, all of which must hold. */
    when: z.record(z.string(), ConditionSchema).optional(),
    /** Alternative fact conditions: at least one of these maps must hold entirely. */
    whenAny: z.array(z.record(z.string(), ConditionSchema)).min(1).optional(),
  })
  .strict();

/**
 * A minimal input a rule must (or must not) match, in one of three forms: an audit event (merged over a
 * plain `get` by a person that succeeded), a raw log line of a control-plane stream, or any document
 * `classify` reads (a Kubernetes Event, a CloudTrail record, an EventBridge event, a webhook payload).
 */
export const RuleExampleSchema = z.union([
  z.object({ audit: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ line: z.string().min(1), stream: z.string().min(1) }).strict(),
  z.object({ document: z.record(z.string(), z.unknown()) }).strict(),
]);

/** See {@link RuleExampleSchema}. */
export type RuleExample = z.infer<typeof RuleExampleSchema>;

/** One detection rule, as data. */
export const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'rule ids are kebab-case'),
    title: z.string().min(1),
    summary: z.string().min(1),
    severity: z.enum(SEVERITIES),
    category: z.enum(CATEGORIES),
    component: z.enum(COMPONENTS),
    team: z.string().min(1),
    match: MatchSchema,
    /** Facts whose values, with cluster and rule id, make the fingerprint. */
    fingerprint: z.array(z.string()).default([]),
    /** Resolve automatically after this many minutes without a new signal. */
    quietPeriodMinutes: z.number().int().positive().optional(),
    /** Occurrences needed before the incident pages (bursts, e.g. repeated 403s). */
    minCount: z.number().int().positive().optional(),
    /** Detections elsewhere that this rule covers (Falco rule names, GuardDuty finding types, Sigma ids). */
    references: z
      .object({
        falco: z.array(z.string()).optional(),
        guardduty: z.array(z.string()).optional(),
        sigma: z.array(z.string()).optional(),
        /** Panther rule ids (panther-labs/panther-analysis). */
        panther: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    enabled: z.boolean().default(true),
    /** Record matching events as changes of the cluster (shown as change context), never as incidents. @default false */
    changeOnly: z.boolean().default(false),
    /**
     * Fire only the first time a principal does it (verb, resource, namespaced or cluster-wide) on a
     * cluster in the baseline window, once the cluster's learning period is over. @default false
     */
    firstSeen: z.boolean().default(false),
    /**
     * What the rule matches and what it must not: checked by the test suite for every built-in rule, and
     * when the configuration is loaded for rules users add.
     */
    /**
     * Known fixes as actions, with parameters from the incident (docs/actions.md): suggested,
     * approved from the page, or automatic where the catalogue allows it. @default []
     */
    actions: z.array(ActionSpecSchema).max(10).default([]),
    examples: z
      .object({ match: z.array(RuleExampleSchema).min(1), noMatch: z.array(RuleExampleSchema).min(1) })
      .strict()
      .optional(),
  })
  .strict();

/** A rule after validation. */
export type Rule = z.infer<typeof RuleSchema>;
/** A rule as written in the catalogue or configuration. */
export type RuleInput = z.input<typeof RuleSchema>;

/** User changes to the catalogue: new rules, field overrides of existing ones, and disabled ids. */
export const RuleOverridesSchema = z
  .object({
    add: z.array(RuleSchema).default([]),
    override: z.record(z.string(), RuleSchema.partial().omit({ id: true })).default({}),
    disable: z.array(z.string()).default([]),
  })
  .strict();

/** See {@link RuleOverridesSchema}. */
export type RuleOverrides = z.infer<typeof RuleOverridesSchema>;
