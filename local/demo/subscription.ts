import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';

/** A log line to deliver, with its time. */
export interface LogLine {
  readonly timestamp: number;
  readonly message: string;
}

/**
 * Build a CloudWatch Logs subscription delivery exactly as CloudWatch sends it to Lambda:
 * `{"awslogs":{"data": base64(gzip(DATA_MESSAGE))}}`, with 56-digit event ids.
 */
export function subscriptionEvent(
  cluster: string,
  logStream: string,
  lines: readonly LogLine[],
  firstId = 0n,
): CloudWatchLogsEvent {
  const message = {
    messageType: 'DATA_MESSAGE',
    owner: '111122223333',
    logGroup: `/aws/eks/${cluster}/cluster`,
    logStream,
    subscriptionFilters: ['watchkeeper'],
    logEvents: lines.map((line, index) => ({
      id: (36n * 10n ** 54n + firstId + BigInt(index)).toString(),
      timestamp: line.timestamp,
      message: line.message,
    })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(message)).toString('base64') } };
}
