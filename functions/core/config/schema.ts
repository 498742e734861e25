import * as z from 'zod';
import { isCidr } from '../sources/ip-scope.ts';
import { checkFleet, configuredClusterId, homeOf } from './fleet.ts';
import { DEFAULT_BASELINE } from '../baseline/first-seen.ts';
import { CollaborationConfigSchema, NO_COLLABORATION } from '../collaboration/config.ts';
import { DEFAULT_REMEDIATION, RemediationConfigSchema } from '../actions/remediation-config.ts';
import { DEFAULT_ESCALATION, EscalationConfigSchema } from '../escalation/config.ts';
import type { GroupingConfig } from '../incidents/correlation.ts';
import { compileGrouping } from '../incidents/compile-grouping.ts';
import { GroupingConfigSchema } from '../incidents/grouping-config.ts';
import { RuleOverridesSchema } from '../rules/rule-schema.ts';
import { SEVERITIES } from '../vocabulary.ts';
import { NO_STATUS_PAGE, StatusPageConfigSchema } from '../status/config.ts';

/** A person or system subscribed to a team topic. */
export const ContactSchema = z
  .object({
    protocol: z.enum(['email', 'sms', 'https', 'lambda', 'sqs']),
    /** Address, E.164 phone number (+31…), HTTPS URL, or Lambda/SQS ARN. */
    endpoint: z.string().min(3),
    /** `member` receives the team's tier pages; `escalation` its escalation-contact and last-resort pages. @default 'member' */
    role: z.enum(['member', 'escalation']).default('member'),
    /** Only these severities (an SNS filter policy). */
    severities: z.array(z.enum(SEVERITIES)).min(1).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ok = {
      email: /^[^@\s]+@[^@\s]+$/,
      sms: /^\+[1-9]\d{6,14}$/,
      https: /^https:\/\//,
      lambda: /^arn:aws[a-z-]*:lambda:/,
      sqs: /^arn:aws[a-z-]*:sqs:/,
    }[c.protocol];
    if (!ok.test(c.endpoint))
      ctx.addIssue({
        code: 'custom',
        message: `"${c.endpoint}" is not a valid ${c.protocol} endpoint`,
        path: ['endpoint'],
      });
  });

/** See {@link ContactSchema}. */
export type Contact = z.infer<typeof ContactSchema>;

/** A cluster Watchkeeper watches. */
export const ClusterSchema = z
  .object({
    /** EKS cluster name; its control-plane logs are in `/aws/eks/<name>/cluster`. */
    name: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'an EKS cluster name'),
    /** SLA tier of the cluster. @default 'standard' */
    slaTier: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .default('standard'),
    /** Raise `cluster-logs-silent` when no control-plane log event arrived for this long. @default 30 */
    silenceMinutes: z.number().int().min(5).max(1440).default(30),
    /** Turn on every control-plane log type at deploy time (a custom resource calls eks:UpdateClusterConfig). @default false */
    enableControlPlaneLogging: z.boolean().default(false),
    /** The AWS account the cluster is in, when not the hub's: a spoke stack forwards its data. @default the hub's */
    account: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    /** The region the cluster is in, when not the hub's. @default the hub's */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'an AWS region such as eu-west-1')
      .optional(),
  })
  .strict();

/** An AWS Organization whose accounts may send to the hub (docs/hub-and-spokes.md). */
export const OrganizationSchema = z
  .object({
    /** The organization's id: every resource policy of the hub is limited to it (`aws:PrincipalOrgID`). */
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'an organization id such as o-a1b2c3d4e5'),
    /**
     * Organizational units (or the root) the hub's StackSet deploys the spoke to, automatically in every
     * account that joins them. @default none (spokes deployed with cdk deploy only)
     */
    organizationalUnits: z
      .array(z.string().regex(/^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/, 'an OU id or root id'))
      .max(100)
      .default([]),
    /** Regions the StackSet deploys the spoke to. @default the regions of the listed clusters */
    stackSetRegions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'an AWS region such as eu-west-1'))
      .max(30)
      .optional(),
  })
  .strict();

/** The VPC placement of the functions. */
export const NetworkSchema = z
  .object({
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'a VPC id such as vpc-0a1b2c3d'),
    subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'a subnet id such as subnet-0a1b2c3d')).min(1),
    /** Security groups of the functions; one allowing only HTTPS out is created when absent. */
    securityGroupIds: z
      .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'a security group id such as sg-0a1b2c3d'))
      .optional(),
  })
  .strict();

/** Alert lifecycle parameters. */
export const AlertPolicySchema = z
  .object({
    /** A signal within this many minutes after resolution reopens the alert. @default 60 */
    reopenWindowMinutes: z.number().int().min(0).max(10_080).default(60),
    /** How long redelivered input is recognised. @default 360 */
    dedupeWindowMinutes: z.number().int().min(5).max(2_880).default(360),
    /** Delivery tokens remembered per alert. @default 256 */
    maxDeliveryTokens: z.number().int().min(16).max(1024).default(256),
    /** "Occurred again" timeline entries at most this often. @default 30 */
    recurrenceNoteMinutes: z.number().int().min(1).default(30),
    /** Days resolved alerts and incidents are kept. @default 400 */
    retentionDays: z.number().int().min(1).max(3650).default(400),
    /** Evidence samples per alert. @default 5 */
    maxSamples: z.number().int().min(1).max(20).default(5),
    /** Distinct actors per alert. @default 10 */
    maxActors: z.number().int().min(1).max(50).default(10),
  })
  .strict();

/** The whole Watchkeeper configuration (`watchkeeper.config.json`), validated once. */
export const WatchkeeperConfigSchema = z
  .object({
    /** Clusters whose control-plane log groups are subscribed. @default [] */
    clusters: z.array(ClusterSchema).default([]),
    /**
     * How control-plane logs reach ingestion: `direct` (each log group subscribed to the function) or
     * `stream` (through a Kinesis data stream, for busy clusters; see `stream`). @default "direct"
     */
    ingest: z.enum(['direct', 'stream']).default('direct'),
    /** The Kinesis path (`ingest: "stream"`): how the function reads the stream. */
    stream: z
      .object({
        /** Batches read from one shard at once (Lambda's parallelization factor). @default 1 */
        parallelizationFactor: z.number().int().min(1).max(10).default(1),
        /** Records per invocation, at most. @default 500 */
        batchSize: z.number().int().min(1).max(10_000).default(500),
        /** Records older than this are sent to the dead-letter queue instead of retried. @default 6 */
        maxRecordAgeHours: z.number().int().min(1).max(168).default(6),
        /** Retries of a failing batch (halved on each error) before it goes to the dead-letter queue. @default 10 */
        retryAttempts: z.number().int().min(0).max(10_000).default(10),
      })
      .strict()
      .default({ parallelizationFactor: 1, batchSize: 500, maxRecordAgeHours: 6, retryAttempts: 10 }),
    /** Changes to the rule catalogue. @default {} */
    rules: RuleOverridesSchema.default({ add: [], override: {}, disable: [] }),
    /** Alert lifecycle (`incidents` in configurations written before alerts were grouped). @default the documented defaults */
    alerts: AlertPolicySchema.default(AlertPolicySchema.parse({})),
    /** How alerts are grouped into incidents: correlation policies, inhibition rules. @default every default policy */
    grouping: GroupingConfigSchema.default(GroupingConfigSchema.parse({})),
    /** The baseline of what principals do, for first-seen rules. */
    baseline: z
      .object({
        /** Days an action stays known after it was last recorded. @default 30 */
        windowDays: z.number().int().min(1).max(365).default(DEFAULT_BASELINE.windowDays),
        /** Days a new cluster only learns. @default 7 */
        learningDays: z.number().int().min(0).max(90).default(DEFAULT_BASELINE.learningDays),
        /** New actions recorded per principal and delivery, at most. @default 50 */
        maxNewPerPrincipal: z.number().int().min(1).max(1000).default(DEFAULT_BASELINE.maxNewPerPrincipal),
      })
      .strict()
      .default(DEFAULT_BASELINE),
    /**
     * Reserved concurrency of each of the three ingest functions (logs, events, the silence check); 0
     * reserves none, for accounts whose Lambda concurrency quota is low (new accounts start low;
     * `watchkeeper preflight` tells). @default 20 in prod, 5 in dev
     */
    ingestConcurrency: z.number().int().min(0).max(1000).optional(),
    /** Days quarantined input is kept. @default 30 */
    quarantineDays: z.number().int().min(1).max(365).default(30),
    /** Routing, policies, business hours, peak periods, SLA tiers (see README). */
    escalation: EscalationConfigSchema.omit({ clusterSlaTiers: true, tickets: true, chatTeams: true })
      .partial()
      .default({}),
    /** Team → contacts subscribed to its topic. Teams listed here but not in `escalation.teams` are added. */
    contacts: z.record(z.string(), z.array(ContactSchema)).default({}),
    /** Chat channels (Slack, Microsoft Teams, Google Chat) and defect trackers (GitHub, Jira) per team. @default none */
    collaboration: CollaborationConfigSchema.default(NO_COLLABORATION),
    /** Known fixes as actions: kill switches, approval polling, SSM documents, a VPC for private clusters (docs/actions.md). */
    remediation: RemediationConfigSchema.default(DEFAULT_REMEDIATION),
    /** Contacts of the business-status topic (critical incidents: degraded / restored). */
    businessContacts: z.array(ContactSchema).default([]),
    /**
     * Who gets Watchkeeper's own alarms (a function failing, dead letters, a silent cluster, tiers run
     * out), every one of them. @default the contacts of the first-line team (`escalation.firstLineTeam`)
     */
    alarmContacts: z.array(ContactSchema).optional(),
    /**
     * Your own public addresses, as CIDRs or single addresses (NAT gateways of the clusters' VPCs,
     * corporate egress): requests from them are "ours" (`source.scope`), not from the internet.
     */
    trustedNetworks: z
      .array(z.string().refine(isCidr, 'a CIDR such as 203.0.113.0/24, or an address'))
      .max(200)
      .default([]),
    /** Cluster of Alertmanager alerts that carry no `cluster` label. @default 'unknown' */
    alertmanagerDefaultCluster: z.string().min(1).default('unknown'),
    /** Where the incident API is reachable, for the links in pages. Defaults to the deployed API's URL. */
    apiUrl: z.url().optional(),
    /** Where incident links in pages lead: the console's address. @default the hosted console's, else the API's */
    consoleUrl: z.url().optional(),
    /** A status page for the business (functions/core/status/config.ts). @default off */
    statusPage: StatusPageConfigSchema.default(NO_STATUS_PAGE),
    /** The console in AWS: CloudFront in front of a private bucket, people signed in by a Cognito user pool. */
    console: z
      .object({
        /** Deploy it. @default true */
        hosted: z.boolean().default(true),
        /** The hosted sign-in page's prefix, unique in the region. @default watchkeeper-<stage>-<account> */
        signInDomainPrefix: z
          .string()
          .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and hyphens, at most 63')
          .refine((p) => !/aws|amazon|cognito/.test(p), 'Cognito refuses prefixes with aws, amazon or cognito')
          .optional(),
        /** Your own name for the console and its ACM certificate (in us-east-1, as CloudFront requires). */
        domain: z
          .object({
            names: z
              .array(z.string().regex(/^[a-z0-9.-]+$/, 'a host name'))
              .min(1)
              .max(10),
            certificateArn: z
              .string()
              .regex(/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, 'an ACM certificate ARN in us-east-1'),
          })
          .strict()
          .optional(),
        /** A WAF web ACL (scope CLOUDFRONT, in us-east-1) in front of the console and its API calls. */
        webAclArn: z
          .string()
          .regex(/^arn:aws[\w-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/, 'a CLOUDFRONT-scope web ACL ARN')
          .optional(),
      })
      .strict()
      .default({ hosted: true }),
    /**
     * The AWS account the stack deploys to. Optional (the stack is environment-agnostic without it); with
     * it, every Lambda permission names its caller's account literally (Control Tower CT.LAMBDA.PR.2).
     */
    account: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    /**
     * Run every function in your VPC (Control Tower CT.LAMBDA.PR.3). The subnets need a route to the AWS
     * APIs the functions call: a NAT gateway, or VPC endpoints (see docs/security.md).
     */
    network: NetworkSchema.optional(),
    /** The region the hub runs in (required with clusters in other regions or an organization). */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'an AWS region such as eu-west-1')
      .optional(),
    /** Take clusters of other accounts and regions of this organization (a hub; docs/hub-and-spokes.md). */
    organization: OrganizationSchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    checkFleet(config, ctx);
    const teams = new Set(escalationOf(config).teams);
    for (const route of config.escalation.routes ?? []) {
      for (const team of [route.team, route.tier1Team])
        if (team && !teams.has(team))
          ctx.addIssue({
            code: 'custom',
            path: ['escalation', 'routes'],
            message: `route names unknown team "${team}"`,
          });
    }
    for (const [part, teamsOf] of [
      ['chat', Object.keys(config.collaboration.chat)],
      ['trackers', Object.keys(config.collaboration.trackers)],
    ] as const)
      for (const team of teamsOf)
        if (!teams.has(team))
          ctx.addIssue({ code: 'custom', path: ['collaboration', part], message: `unknown team "${team}"` });
    const names = new Set(config.clusters.map((c) => configuredClusterId(c, homeOf(config))));
    for (const cluster of config.statusPage.clusters)
      if (!names.has(cluster))
        ctx.addIssue({
          code: 'custom',
          path: ['statusPage', 'clusters'],
          message: `"${cluster}" is not one of the configured clusters`,
        });
    if (config.statusPage.enabled && config.statusPage.clusters.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['statusPage', 'clusters'],
        message: 'name the clusters the business may see: each one opts in',
      });
    if (config.statusPage.enabled && !config.console.hosted)
      ctx.addIssue({
        code: 'custom',
        path: ['statusPage', 'enabled'],
        message: "the status page is served by the console's distribution: console.hosted must stay on",
      });
    for (const tier of new Set(config.clusters.map((c) => c.slaTier))) {
      if (!escalationOf(config).slaTiers[tier])
        ctx.addIssue({
          code: 'custom',
          path: ['clusters'],
          message: `SLA tier "${tier}" has no timeoutFactor in escalation.slaTiers`,
        });
    }
  });

/** The complete escalation settings of a configuration: defaults, teams from contacts, cluster SLA tiers. */
export function escalationOf(config: {
  escalation: Partial<z.infer<typeof EscalationConfigSchema>>;
  contacts: Record<string, unknown>;
  clusters: Array<{ name: string; slaTier: string; account?: string; region?: string }>;
  collaboration?: z.infer<typeof CollaborationConfigSchema>;
  account?: string;
  region?: string;
}) {
  const collaboration = config.collaboration ?? NO_COLLABORATION;
  const merged = {
    ...DEFAULT_ESCALATION,
    ...config.escalation,
    tickets: Object.fromEntries(Object.entries(collaboration.trackers).map(([team, t]) => [team, t.tickets])),
    chatTeams: Object.keys(collaboration.chat),
  };
  const teams = [...new Set([...merged.teams, ...Object.keys(config.contacts)])];
  return EscalationConfigSchema.parse({
    ...merged,
    teams,
    clusterSlaTiers: Object.fromEntries(
      config.clusters.map((c) => [configuredClusterId(c, homeOf(config)), c.slaTier]),
    ),
  });
}

/** Validated configuration. */
export type WatchkeeperConfig = z.infer<typeof WatchkeeperConfigSchema>;

/** The grouping policies of a configuration, compiled as the functions run them. */
export function groupingOf(config: Pick<WatchkeeperConfig, 'grouping'>): GroupingConfig {
  return compileGrouping(config.grouping);
}
