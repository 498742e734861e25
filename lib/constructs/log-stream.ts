import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroupRef, ILogSubscriptionDestination, LogSubscriptionDestinationConfig } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DeadLetterDestination } from './dead-letter-destination.ts';

/** How the ingest function reads the stream (`stream` in the configuration). */
export interface StreamSettings {
  readonly parallelizationFactor: number;
  readonly batchSize: number;
  readonly maxRecordAgeHours: number;
  readonly retryAttempts: number;
}

/** Properties of {@link LogStream}. */
export interface LogStreamProps {
  readonly key: IKey;
  /** The function that reads the stream (ingest-logs). */
  readonly reader: IFunction;
  /** Where batches that keep failing, or grow too old, are described (the stream keeps the records 24 hours). */
  readonly deadLetters: IQueue;
  readonly settings: StreamSettings;
  /** A fixed name (a hub's: spokes' destinations in other regions name it). @default generated */
  readonly streamName?: string;
}

/**
 * The Kinesis path for busy clusters (`ingest: "stream"`): an on-demand data stream encrypted with
 * the stack's key, that the clusters' log groups are subscribed to, read by the ingest function with
 * partial batch responses (a record that could not be stored is retried alone; a corrupt one is
 * quarantined and never blocks its shard), bisection on error, a bounded record age and a
 * dead-letter queue. CloudWatch Logs writes with a role only log groups of EKS clusters of this
 * account and region may use.
 */
export class LogStream extends Construct {
  public readonly stream: Stream;
  /** What the clusters' subscription filters send to. */
  public readonly destination: ILogSubscriptionDestination;

  public constructor(scope: Construct, id: string, props: LogStreamProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.stream = new Stream(this, 'Stream', {
      streamName: props.streamName,
      streamMode: StreamMode.ON_DEMAND,
      encryption: StreamEncryption.KMS,
      encryptionKey: props.key,
      retentionPeriod: Duration.hours(24),
    });
    Validations.of(this.stream).acknowledge({
      id: 'AwsSolutions::AwsSolutions-KDS3',
      reason:
        "Encrypted with the stack's customer-managed key (rotated, its policy in this stack), like the table, queues and topics, instead of the AWS-managed aws/kinesis key.",
    });
    const role = new Role(this, 'LogsRole', {
      description: 'Watchkeeper: CloudWatch Logs puts the clusters control-plane logs into the stream',
      // The condition AWS documents for subscription filters to a stream: CloudWatch Logs of this
      // account and region (docs/deploy.md#trust-policies lists each key with its source).
      assumedBy: new ServicePrincipal('logs.amazonaws.com', {
        conditions: {
          StringLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:*` },
        },
      }),
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['kinesis:PutRecord', 'kinesis:PutRecords'],
        resources: [this.stream.streamArn],
      }),
    );
    role.addToPolicy(new PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [props.key.keyArn] }));
    const arn = this.stream.streamArn;
    this.destination = {
      bind: (_scope: Construct, _group: ILogGroupRef): LogSubscriptionDestinationConfig => ({ arn, role }),
    };

    // What a shared-throughput event source mapping calls (no enhanced fan-out: no consumer actions),
    // named on the stream; `grantRead` would add ListStreams and consumer actions that grant nothing here.
    props.reader.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'kinesis:DescribeStream',
          'kinesis:DescribeStreamSummary',
          'kinesis:GetRecords',
          'kinesis:GetShardIterator',
          'kinesis:ListShards',
        ],
        resources: [arn],
      }),
    );
    props.reader.addToRolePolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.key.keyArn] }));
    props.reader.addEventSourceMapping('Records', {
      eventSourceArn: arn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: props.settings.batchSize,
      maxBatchingWindow: Duration.seconds(1),
      parallelizationFactor: props.settings.parallelizationFactor,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      maxRecordAge: Duration.hours(props.settings.maxRecordAgeHours),
      retryAttempts: props.settings.retryAttempts,
      onFailure: new DeadLetterDestination(props.deadLetters, props.key),
    });
  }
}
