import { RemovalPolicy } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import { acknowledgeControl, CONTROL_EXCEPTIONS } from '../control-tower.ts';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { BucketProps, CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';

/**
 * What every Watchkeeper bucket is: private (no public access, no ACLs), encrypted with the
 * deployment's key, versioned, TLS only: what cdk-nag and the Control Tower S3 controls ask of every
 * bucket. A bucket deleted with its stack (dev) is emptied first, every version of every object:
 * CloudFormation cannot delete a bucket that holds any.
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
    autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
  };
}

/** The construct id of CDK's provider that empties buckets deleted with their stack. */
const AUTO_DELETE_PROVIDER = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';

/** Acknowledge what the provider emptying a dev stack's buckets meets (call once the buckets exist). */
export function acknowledgeBucketCleanup(stack: Stack): void {
  const provider = stack.node.tryFindChild(AUTO_DELETE_PROVIDER);
  if (provider) acknowledgeControl(provider, CONTROL_EXCEPTIONS.devBucketCleanup);
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
