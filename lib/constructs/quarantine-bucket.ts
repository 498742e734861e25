import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Properties of {@link QuarantineBucket}. */
export interface QuarantineBucketProps {
  readonly key: IKey;
  /** Days quarantined input is kept. @default 30 */
  readonly expirationDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Where unreadable input is kept with its reason (already redacted): private, encrypted, expiring. */
export class QuarantineBucket extends Construct {
  public readonly bucket: Bucket;
  private readonly key: IKey;

  public constructor(scope: Construct, id: string, props: QuarantineBucketProps) {
    super(scope, id);
    this.key = props.key;
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [
        {
          id: 'expire-quarantine',
          expiration: Duration.days(props.expirationDays ?? 30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Only the ingest functions write here (PutObject under quarantine/, redacted excerpts); access is recorded by CloudTrail. A second bucket for server access logs would need the same exception.',
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
