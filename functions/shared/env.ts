import type { CollaborationConfig } from '../core/collaboration/config.ts';
import type { RemediationConfig } from '../core/actions/remediation-config.ts';
import { DEFAULT_REMEDIATION } from '../core/actions/remediation-config.ts';
import type { EscalationConfig } from '../core/escalation/config.ts';
import type { RuleOverrides } from '../core/rules/rule-schema.ts';
import { DEFAULT_ALERT_POLICY } from '../core/alerts/policy.ts';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import type { GroupingConfig } from '../core/incidents/correlation.ts';
import { DEFAULT_GROUPING } from '../core/incidents/correlation.ts';
import { compileGrouping } from '../core/incidents/compile-grouping.ts';
import type { BaselineSettings } from '../core/baseline/first-seen.ts';
import { DEFAULT_BASELINE } from '../core/baseline/first-seen.ts';
import type { GroupingSettings } from '../core/incidents/grouping-config.ts';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

/** The only module that reads `process.env` in the functions. */
export const env = {
  /** JSON rule overrides validated at synth time (`watchkeeper.config.json` → `rules`). */
  /** The baseline of first-seen rules (`baseline`). */
  baselineSettings: (): BaselineSettings =>
    process.env.BASELINE_SETTINGS ? (JSON.parse(process.env.BASELINE_SETTINGS) as BaselineSettings) : DEFAULT_BASELINE,
  /** Your own public addresses (CIDRs): what makes a request's source "ours". */
  /** The region the function runs in (Lambda sets it): whose AWS addresses count as `aws` in `source.scope`. */
  awsRegion: (): string | undefined => process.env.AWS_REGION || undefined,
  /** The account the hub runs in: its clusters (and its region's) keep their bare names. */
  homeAccount: (): string | undefined => process.env.HOME_ACCOUNT || undefined,
  trustedNetworks: (): string[] =>
    process.env.TRUSTED_NETWORKS ? (JSON.parse(process.env.TRUSTED_NETWORKS) as string[]) : [],
  ruleOverrides: (): RuleOverrides | undefined =>
    process.env.RULE_OVERRIDES ? (JSON.parse(process.env.RULE_OVERRIDES) as RuleOverrides) : undefined,
  /** Lifecycle parameters validated at synth time (`incidents`). */
  incidentPolicy: (): AlertPolicy => ({
    ...DEFAULT_ALERT_POLICY,
    ...(process.env.INCIDENT_POLICY ? JSON.parse(process.env.INCIDENT_POLICY) : {}),
  }),
  /** Grouping of alerts into incidents, validated at synth time (`grouping`). */
  grouping: (): GroupingConfig =>
    process.env.GROUPING_SETTINGS
      ? compileGrouping(JSON.parse(process.env.GROUPING_SETTINGS) as GroupingSettings)
      : DEFAULT_GROUPING,
  tableName: (): string => required('TABLE_NAME'),
  quarantineBucket: (): string => required('QUARANTINE_BUCKET'),
  /** Escalation settings, validated at synth time (no schema library in the functions). */
  escalationConfig: (): EscalationConfig => JSON.parse(required('ESCALATION_CONFIG')) as EscalationConfig,
  /** Team name → SNS topic ARN (and `business`). */
  topicArns: (): Record<string, string> => JSON.parse(required('TOPIC_ARNS')) as Record<string, string>,
  stateMachineArn: (): string => required('STATE_MACHINE_ARN'),
  ackSecretArn: (): string => required('ACK_SECRET_ARN'),
  apiUrl: (): string => required('API_URL'),
  /** The console's address, where incident links in pages lead (the API's when no console is hosted). */
  consoleUrl: (): string | undefined => process.env.CONSOLE_URL || undefined,
  /** Folder of the runbooks copied into the bundle. */
  runbookDir: (): string => process.env.RUNBOOK_DIR ?? `${process.env.LAMBDA_TASK_ROOT ?? '.'}/runbooks`,
  /** Cluster of Alertmanager alerts without a `cluster` label. */
  alertmanagerCluster: (): string => process.env.ALERTMANAGER_DEFAULT_CLUSTER ?? 'unknown',
  alertmanagerSecretArn: (): string => required('ALERTMANAGER_SECRET_ARN'),
  /** Clusters and their silence thresholds, for the log-silence check. */
  silenceWatches: (): Array<{ name: string; silenceMinutes: number }> =>
    JSON.parse(required('SILENCE_WATCHES')) as Array<{ name: string; silenceMinutes: number }>,
  /** Name of the role each spoke lets the hub's silence check assume, before `-<region>` (`hubNames(stage).silenceReader`). */
  spokeReaderRole: (): string => required('SPOKE_READER_ROLE'),
  /** The business status page: its title and the clusters that opted in. */
  statusPage: (): { title: string; clusters: string[] } =>
    JSON.parse(required('STATUS_PAGE')) as { title: string; clusters: string[] },
  /** The bucket the status page is written to (the console's, under `status/`). */
  statusPageBucket: (): string => required('STATUS_PAGE_BUCKET'),
  /** Remediation settings, validated at synth time (`remediation`). */
  remediation: (): RemediationConfig =>
    process.env.REMEDIATION ? (JSON.parse(process.env.REMEDIATION) as RemediationConfig) : DEFAULT_REMEDIATION,
  /**
   * The roles actions act as, one per family (`reader`, `kubernetes`, `aws`); the function's own
   * role where one is absent (locally).
   */
  actionRoles: (): Partial<Record<'reader' | 'kubernetes' | 'aws', string>> =>
    JSON.parse(process.env.ACTION_ROLES ?? '{}') as Partial<Record<'reader' | 'kubernetes' | 'aws', string>>,
  /** The remediation state machine: ingestion and the API start its executions. */
  remediationArn: (): string | undefined => process.env.REMEDIATION_ARN || undefined,
  /** Chat channels and trackers per team, validated at synth time (`collaboration`). */
  collaboration: (): CollaborationConfig => JSON.parse(required('COLLABORATION')) as CollaborationConfig,
  /** `<team>/<name>` → secret ARN of each tracker and webhook channel. */
  collaborationSecrets: (): Record<string, string> =>
    JSON.parse(process.env.COLLABORATION_SECRETS ?? '{}') as Record<string, string>,
  /** Team → chat topic ARN (Amazon Q Developer channels). */
  chatTopicArns: (): Record<string, string> =>
    JSON.parse(process.env.CHAT_TOPIC_ARNS ?? '{}') as Record<string, string>,
  serviceName: (): string => process.env.POWERTOOLS_SERVICE_NAME ?? 'watchkeeper',
  metricsNamespace: (): string => process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Watchkeeper',
};
