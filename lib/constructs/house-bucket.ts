import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { BucketProps, CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';

/**
 * What every Watchkeeper bucket is: private (no public access, no ACLs), encrypted with the
 * deployment's key, versioned, TLS only: what cdk-nag and the Control Tower S3 controls ask of every bucket.
 */
export function houseBucketProps(key: IKey, removalPolicy: RemovalPolicy): BucketProps {
  return {
    encryption: BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    removalPolicy,
  };
}

/**
 * Object events of a bucket to EventBridge, natively rather than through CDK's notifications custom
 * resource (a Lambda function of its own), as the Control Tower S3 controls ask.
 */
export function notifyEventBridge(bucket: IBucket): void {
  (bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
    eventBridgeConfiguration: { eventBridgeEnabled: true },
  };
}
