import { z } from 'zod';
import { RuleOverridesSchema } from '../functions/core/rules/rule-schema.ts';

/** A cluster Watchkeeper watches. */
export const ClusterSchema = z.object({
  /** EKS cluster name; its control-plane logs are in `/aws/eks/<name>/cluster`. */
  name: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'an EKS cluster name'),
  /** SLA tier of the cluster. @default 'standard' */
  slaTier: z.enum(['gold', 'standard', 'bronze']).default('standard'),
}).strict();

/** The whole Watchkeeper configuration (`watchkeeper.config.json`), validated once. */
export const WatchkeeperConfigSchema = z.object({
  /** Clusters whose control-plane log groups are subscribed. @default [] */
  clusters: z.array(ClusterSchema).default([]),
  /** Changes to the rule catalogue. @default {} */
  rules: RuleOverridesSchema.default({ add: [], override: {}, disable: [] }),
}).strict();

/** Validated configuration. */
export type WatchkeeperConfig = z.infer<typeof WatchkeeperConfigSchema>;
