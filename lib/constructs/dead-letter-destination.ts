import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { DestinationConfig, IDestination, IEventSourceDlq, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

/**
 * An on-failure destination on an encrypted SQS queue, of asynchronous invocations or of an event
 * source mapping (a stream), that grants only `sqs:SendMessage` and the two KMS actions sending
 * needs (the stock SqsDestination and SqsDlq grant `kms:ReEncrypt*` and `kms:GenerateDataKey*`
 * through the queue's grant helper).
 */
export class DeadLetterDestination implements IDestination, IEventSourceDlq {
  public constructor(
    private readonly queue: IQueue,
    private readonly key: IKey,
  ) {}

  public bind(_scope: unknown, fn: IFunction): DestinationConfig {
    fn.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
      }),
    );
    return { destination: this.queue.queueArn };
  }
}
