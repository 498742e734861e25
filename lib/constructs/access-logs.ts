import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';

/**
 * S3 server access logs of `bucket`, delivered under `<prefix>/` of `destination` by the logging
 * service under a bucket policy (no ACLs: object ownership is enforced), for that bucket and account only.
 */
export function logAccess(bucket: IBucket, destination: IBucket, prefix: string, sid: string): void {
  (bucket.node.defaultChild as CfnBucket).loggingConfiguration = {
    destinationBucketName: destination.bucketName,
    logFilePrefix: `${prefix}/`,
  };
  destination.addToResourcePolicy(
    new PolicyStatement({
      sid,
      effect: Effect.ALLOW,
      principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [destination.arnForObjects(`${prefix}/*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account },
      },
    }),
  );
}
