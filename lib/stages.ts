import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** What differs between deployments of the same configuration. */
export interface StageSettings {
  readonly name: 'dev' | 'prod';
  /** Table, quarantine bucket and key on stack deletion. */
  readonly removalPolicy: RemovalPolicy;
  /** Alarms notify the operations topic (otherwise they only show in the console). */
  readonly alarmActions: boolean;
  /** API Gateway stage throttling. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** How long every log group keeps its logs (Control Tower wants a year: CT.CLOUDWATCH.PR.2). */
  readonly logRetention: RetentionDays;
  /**
   * S3 Object Lock (governance mode, for the expiry period) on the quarantine and its access logs
   * (CT.S3.PR.9): kept input cannot be changed or deleted before it expires, nor the bucket with the stack.
   */
  readonly objectLock: boolean;
  /** Reserved concurrency of the ingest functions: a burst of deliveries cannot starve the account. */
  readonly ingestConcurrency: number;
  /**
   * Ship source maps and run with `--enable-source-maps`: stack traces name our files and lines, but
   * Node reads and decodes the map on every cold start (measured: +35–40 ms on a 780 KB bundle).
   */
  readonly sourceMaps: boolean;
}

/** `-c stage=dev` for a disposable deployment; `prod` (the default) keeps data and pages on alarms. */
export const STAGES: Readonly<Record<StageSettings['name'], StageSettings>> = {
  dev: {
    name: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    alarmActions: false,
    throttle: { rateLimit: 50, burstLimit: 100 },
    logRetention: RetentionDays.ONE_WEEK,
    objectLock: false,
    ingestConcurrency: 5,
    sourceMaps: true,
  },
  prod: {
    name: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    alarmActions: true,
    throttle: { rateLimit: 20, burstLimit: 40 },
    logRetention: RetentionDays.ONE_YEAR,
    objectLock: true,
    ingestConcurrency: 20,
    sourceMaps: false,
  },
};

/** The stage named by `-c stage=…`; an unknown name is an error, not a silent default. */
export function stageOf(name: unknown): StageSettings {
  if (name === undefined) return STAGES.prod;
  if (name !== 'dev' && name !== 'prod') throw new Error(`-c stage=${String(name)}: the stage is dev or prod`);
  return STAGES[name];
}
