import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Bucket, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeControl, CONTROL_EXCEPTIONS } from '../control-tower.ts';
import { logAccess } from './access-logs.ts';
import { houseBucketProps, notifyEventBridge } from './house-bucket.ts';

/** Properties of {@link QuarantineBucket}. */
export interface QuarantineBucketProps {
  readonly key: IKey;
  /** Days quarantined input is kept. @default 30 */
  readonly expirationDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Object Lock (governance) for the expiry period: kept input cannot be altered. @default false */
  readonly objectLock?: boolean;
}

/**
 * Where unreadable input is kept with its reason (already redacted): private, encrypted, versioned,
 * expiring, with server access logs and EventBridge notifications (Control Tower CT.S3.PR.2, .4, .11),
 * and optionally Object Lock (CT.S3.PR.9).
 */
export class QuarantineBucket extends Construct {
  public readonly bucket: Bucket;
  /** The server access logs of {@link bucket}, encrypted with the deployment's key like everything else. */
  public readonly accessLogs: Bucket;
  private readonly key: IKey;

  public constructor(scope: Construct, id: string, props: QuarantineBucketProps) {
    super(scope, id);
    this.key = props.key;
    const days = Duration.days(props.expirationDays ?? 30);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const expiring = (ruleId: string) => ({
      id: ruleId,
      expiration: days,
      // Versioned: what expires becomes a noncurrent version, removed a day later (once any lock has passed).
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    });
    // Both buckets: private, encrypted with the deployment's key, versioned, TLS only, expiring.
    const common = houseBucketProps(props.key, removalPolicy);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...common,
      // Log delivery refuses a destination with a default retention: Object Lock is on, without one.
      objectLockEnabled: props.objectLock ?? false,
      lifecycleRules: [expiring('expire-access-logs')],
    });
    this.bucket = new Bucket(this, 'Bucket', {
      ...common,
      ...(props.objectLock
        ? { objectLockEnabled: true, objectLockDefaultRetention: ObjectLockRetention.governance(days) }
        : {}),
      lifecycleRules: [expiring('expire-quarantine')],
    });
    logAccess(this.bucket, this.accessLogs, 'quarantine', 'S3ServerAccessLogsOfTheQuarantine');
    // The logging service encrypts what it delivers with the key, for this account's buckets only (the
    // bucket's own ARN would make the key depend on the bucket that depends on the key).
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'S3ServerAccessLogDelivery',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    // EventBridge then carries "Object Created" of quarantined input to any rule that wants it.
    for (const bucket of [this.bucket, this.accessLogs]) notifyEventBridge(bucket);
    if (!props.objectLock) {
      acknowledgeControl(this.bucket, CONTROL_EXCEPTIONS.objectLock);
      acknowledgeControl(this.accessLogs, CONTROL_EXCEPTIONS.objectLock);
    }
    acknowledgeControl(this.accessLogs, CONTROL_EXCEPTIONS.accessLogDestination);
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: CONTROL_EXCEPTIONS.accessLogDestination.reason,
    });
  }

  /** Allow writing quarantine objects only (PutObject under `quarantine/` and the key's data keys). */
  public grantWrite(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('quarantine/*')],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:GenerateDataKey'],
        resources: [this.key.keyArn],
      }),
    );
    const logicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as never);
    Validations.of(grantee.grantPrincipal as never).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/quarantine/*]`,
      reason:
        'One object per delivery under the quarantine/ prefix, named by the delivery id: the key is not known in advance.',
    });
  }
}
