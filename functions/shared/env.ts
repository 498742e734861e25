/**
 * The environment variables of the functions: only what a deployment knows (ARNs, names, URLs), a
 * fixed set. Everything from the configuration is in the bundled settings (settings.ts). One home for
 * each name: the stack sets them by these keys (`functionEnvironment` in lib/), the functions read them
 * here; this is the only module that reads `process.env` in the functions.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  /** `arn:<partition>:sns:<region>:<account>:`, before a topic's name (TOPIC_NAMES). */
  topicArnPrefix: 'TOPIC_ARN_PREFIX',
  stateMachineArn: 'STATE_MACHINE_ARN',
  remediationArn: 'REMEDIATION_ARN',
  /** `{"reader": …, "kubernetes": …, "aws": …}`: the roles actions act as. */
  actionRoles: 'ACTION_ROLES',
  ackSecretArn: 'ACK_SECRET_ARN',
  alertmanagerSecretArn: 'ALERTMANAGER_SECRET_ARN',
  quarantineBucket: 'QUARANTINE_BUCKET',
  apiUrl: 'API_URL',
  consoleUrl: 'CONSOLE_URL',
  statusPageBucket: 'STATUS_PAGE_BUCKET',
  /** The account the hub runs in: its clusters (and its region's) keep their bare names. */
  homeAccount: 'HOME_ACCOUNT',
} as const;

/** A name of {@link ENV}. */
export type EnvKey = keyof typeof ENV;

const optional = (key: EnvKey): string | undefined => process.env[ENV[key]] || undefined;
const required = (key: EnvKey): string => {
  const value = optional(key);
  if (!value) throw new Error(`environment variable ${ENV[key]} is not set`);
  return value;
};

/** What the functions read of their environment. */
export const env = {
  tableName: (): string => required('tableName'),
  topicArnPrefix: (): string => required('topicArnPrefix'),
  stateMachineArn: (): string => required('stateMachineArn'),
  /** The remediation state machine: ingestion and the API start its executions. */
  remediationArn: (): string | undefined => optional('remediationArn'),
  /** The roles actions act as, one per family; the function's own role where one is absent (locally). */
  actionRoles: (): Partial<Record<'reader' | 'kubernetes' | 'aws', string>> =>
    JSON.parse(optional('actionRoles') ?? '{}') as Partial<Record<'reader' | 'kubernetes' | 'aws', string>>,
  ackSecretArn: (): string => required('ackSecretArn'),
  alertmanagerSecretArn: (): string => required('alertmanagerSecretArn'),
  quarantineBucket: (): string => required('quarantineBucket'),
  apiUrl: (): string => required('apiUrl'),
  /** The console's address, where incident links in pages lead (the API's when no console is hosted). */
  consoleUrl: (): string | undefined => optional('consoleUrl'),
  /** The bucket the status page is written to (the console's, under `status/`). */
  statusPageBucket: (): string => required('statusPageBucket'),
  homeAccount: (): string | undefined => optional('homeAccount'),
  /** The region the function runs in (Lambda sets it). */
  awsRegion: (): string | undefined => process.env.AWS_REGION || undefined,
  /** Where the bundle is (Lambda sets it): the settings file and the runbooks are beside the handler. */
  taskRoot: (): string => process.env.LAMBDA_TASK_ROOT ?? '.',
  /** Folder of the runbooks copied into the bundle. */
  runbookDir: (): string => process.env.RUNBOOK_DIR ?? `${process.env.LAMBDA_TASK_ROOT ?? '.'}/runbooks`,
  serviceName: (): string => process.env.POWERTOOLS_SERVICE_NAME ?? 'watchkeeper',
  metricsNamespace: (): string => process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Watchkeeper',
};
