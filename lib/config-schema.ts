import { z } from 'zod';
import { RuleOverridesSchema } from '../functions/core/rules/rule-schema.ts';

/** A cluster Watchkeeper watches. */
export const ClusterSchema = z.object({
  /** EKS cluster name; its control-plane logs are in `/aws/eks/<name>/cluster`. */
  name: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'an EKS cluster name'),
  /** SLA tier of the cluster. @default 'standard' */
  slaTier: z.enum(['gold', 'standard', 'bronze']).default('standard'),
}).strict();

/** Incident lifecycle parameters. */
export const IncidentPolicySchema = z.object({
  /** A signal within this many minutes after resolution reopens the incident. @default 60 */
  reopenWindowMinutes: z.number().int().min(0).max(10_080).default(60),
  /** How long redelivered input is recognised. @default 360 */
  dedupeWindowMinutes: z.number().int().min(5).max(2_880).default(360),
  /** Delivery tokens remembered per incident. @default 256 */
  maxDeliveryTokens: z.number().int().min(16).max(1024).default(256),
  /** "Occurred again" timeline entries at most this often. @default 30 */
  recurrenceNoteMinutes: z.number().int().min(1).default(30),
  /** Days resolved incidents are kept. @default 400 */
  retentionDays: z.number().int().min(1).max(3650).default(400),
  /** Evidence samples per incident. @default 5 */
  maxSamples: z.number().int().min(1).max(20).default(5),
  /** Distinct actors per incident. @default 10 */
  maxActors: z.number().int().min(1).max(50).default(10),
}).strict();

/** The whole Watchkeeper configuration (`watchkeeper.config.json`), validated once. */
export const WatchkeeperConfigSchema = z.object({
  /** Clusters whose control-plane log groups are subscribed. @default [] */
  clusters: z.array(ClusterSchema).default([]),
  /** Changes to the rule catalogue. @default {} */
  rules: RuleOverridesSchema.default({ add: [], override: {}, disable: [] }),
  /** Incident lifecycle. @default the documented defaults */
  incidents: IncidentPolicySchema.default(IncidentPolicySchema.parse({})),
  /** Days quarantined input is kept. @default 30 */
  quarantineDays: z.number().int().min(1).max(365).default(30),
}).strict();

/** Validated configuration. */
export type WatchkeeperConfig = z.infer<typeof WatchkeeperConfigSchema>;
