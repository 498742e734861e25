import { Duration } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { STATUS_PAGE_PREFIX } from '../../functions/adapters/s3-status-page.ts';
import type { ScheduledFunctionProps } from './scheduled-function.ts';
import { scheduledFunction } from './scheduled-function.ts';
import { STATUS_PAGE_CONCURRENCY } from '../concurrency.ts';
import type { WatchkeeperFunction } from './watchkeeper-function.ts';

/** Properties of {@link statusPageFunction}. */
export interface StatusPageProps extends Omit<ScheduledFunctionProps, 'every' | 'description' | 'entryFolder'> {
  /** The console's bucket: the page goes under `status/`, served by the console's distribution. */
  readonly bucket: IBucket;
  /** The business topic: each status message rewrites the page at once. */
  readonly businessTopic: ITopic;
  /** Where business messages the function could not take end up. */
  readonly deadLetters: IQueue;
  readonly key: IKey;
}

/**
 * The business status page function: subscribed to the business topic (a component degraded or
 * restored) and run every five minutes, it writes `status/index.html`, `status.json` and `style.css`
 * to the console's bucket. It may read and write those keys only.
 */
export function statusPageFunction(scope: Construct, id: string, props: StatusPageProps): WatchkeeperFunction {
  const { bucket, businessTopic, ...rest } = props;
  const fn = scheduledFunction(scope, id, {
    ...rest,
    // One writer at a time: the page is read, merged and written, and two at once could drop a note.
    extra: { ...rest.extra, reservedConcurrentExecutions: STATUS_PAGE_CONCURRENCY },
    entryFolder: 'status-page',
    every: Duration.minutes(5),
    description: 'Rewrite the business status page from the open alerts',
    environment: { ...props.environment, statusPageBucket: bucket.bucketName },
  });
  const files = ['index.html', 'status.json', 'style.css'].map((name) =>
    bucket.arnForObjects(`${STATUS_PAGE_PREFIX}${name}`),
  );
  fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:PutObject'], resources: files }));
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(`${STATUS_PAGE_PREFIX}status.json`)],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [props.key.keyArn],
    }),
  );
  businessTopic.addSubscription(new LambdaSubscription(fn, { deadLetterQueue: props.deadLetters }));
  return fn;
}
