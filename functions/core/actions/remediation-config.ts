import * as z from 'zod';

/**
 * Remediation settings: the kill switches, how often a waiting workflow looks for a decision, which
 * SSM Automation documents actions may start (its IAM policy names exactly those), and the VPC of
 * clusters whose API endpoint is private.
 */
export const RemediationConfigSchema = z
  .object({
    /** The global kill switch: false proposes actions as `disabled` and runs none. @default true */
    enabled: z.boolean().default(true),
    /** Per-cluster kill switches: no action runs on these clusters. @default [] */
    disabledClusters: z.array(z.string().min(1)).max(1000).default([]),
    /** Seconds between two looks at a pending approval. @default 60 */
    approvalPollSeconds: z.number().int().min(10).max(900).default(60),
    /** SSM Automation documents actions may start (names or ARNs). @default [] */
    ssmDocuments: z
      .array(z.string().regex(/^[a-zA-Z0-9_\-.:/]{3,256}$/))
      .max(50)
      .default([]),
    /**
     * Create the access entries of the reader and actions roles on every onboarded cluster (groups
     * `watchkeeper-reader` and `watchkeeper-actions`); the ClusterRoles are applied with kubectl. @default false
     */
    accessEntries: z.boolean().default(false),
    /**
     * Subnets and security group of the action function, for clusters whose API endpoint is private:
     * the function then runs in that VPC and reaches AWS APIs through its endpoints or NAT.
     */
    vpc: z
      .object({
        vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/),
        subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/)).min(1),
        securityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]{8,17}$/)).min(1),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Validated remediation settings. */
export type RemediationConfig = z.infer<typeof RemediationConfigSchema>;

/** Remediation on, no cluster switched off. */
export const DEFAULT_REMEDIATION: RemediationConfig = RemediationConfigSchema.parse({});
