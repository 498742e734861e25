import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent, KinesisStreamEvent } from 'aws-lambda';
import { subscriptionFilterName } from '../../functions/core/sources/origin.ts';

/** A log line to deliver, with its time. */
export interface LogLine {
  readonly timestamp: number;
  readonly message: string;
}

/** A spoke's account and region: its deliveries name the owner and a `watchkeeper-<region>` filter. */
export interface SpokePlace {
  readonly account: string;
  readonly region: string;
}

/**
 * Build a CloudWatch Logs subscription delivery exactly as CloudWatch sends it to Lambda:
 * `{"awslogs":{"data": base64(gzip(DATA_MESSAGE))}}`, with 56-digit event ids. From a spoke, the
 * owner is its account and the filter is the one a spoke stack creates (`watchkeeper-<region>`).
 */
export function subscriptionEvent(
  cluster: string,
  logStream: string,
  lines: readonly LogLine[],
  firstId = 0n,
  spoke?: SpokePlace,
): CloudWatchLogsEvent {
  const message = {
    messageType: 'DATA_MESSAGE',
    owner: spoke?.account ?? '111122223333',
    logGroup: `/aws/eks/${cluster}/cluster`,
    logStream,
    subscriptionFilters: [spoke ? subscriptionFilterName(spoke.region) : 'watchkeeper'],
    logEvents: lines.map((line, index) => ({
      id: (36n * 10n ** 54n + firstId + BigInt(index)).toString(),
      timestamp: line.timestamp,
      message: line.message,
    })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(message)).toString('base64') } };
}

/**
 * Subscription deliveries as the hub's ingest function reads them from its Kinesis stream (what a
 * spoke's log groups send through the hub's destination): one record per delivery, its data the
 * delivery's `awslogs.data`.
 */
export function kinesisEvent(deliveries: readonly CloudWatchLogsEvent[], firstSequence = 0): KinesisStreamEvent {
  return {
    Records: deliveries.map((delivery, i) => {
      const sequence = `4963${String(firstSequence + i).padStart(20, '0')}`;
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: `delivery-${firstSequence + i}`,
          sequenceNumber: sequence,
          data: delivery.awslogs.data,
          approximateArrivalTimestamp: 1_764_000_000 + i,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${sequence}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::111122223333:role/watchkeeper-ingest-logs',
        awsRegion: 'eu-west-1',
        eventSourceARN: 'arn:aws:kinesis:eu-west-1:111122223333:stream/watchkeeper-prod-logs',
      };
    }),
  };
}
