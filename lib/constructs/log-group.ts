import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeControl, CONTROL_EXCEPTIONS } from '../control-tower.ts';

/** How every log group of the deployment is kept. */
export interface LogSettings {
  /** The deployment's key: log groups are encrypted at rest with it (CT.CLOUDWATCH.PR.3). */
  readonly key: IKey;
  /** @default RetentionDays.ONE_YEAR (CT.CLOUDWATCH.PR.2) */
  readonly retention?: RetentionDays;
}

/**
 * The house log group: encrypted with the deployment's key, kept for the stage's retention. A
 * retention under a year is acknowledged here, against the control it breaks, with the reason.
 */
export function houseLogGroup(scope: Construct, id: string, settings: LogSettings): LogGroup {
  const retention = settings.retention ?? RetentionDays.ONE_YEAR;
  const logGroup = new LogGroup(scope, id, { retention, encryptionKey: settings.key });
  if (retention < RetentionDays.ONE_YEAR) acknowledgeControl(logGroup, CONTROL_EXCEPTIONS.logRetention);
  return logGroup;
}
