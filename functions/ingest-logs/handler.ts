import type { CloudWatchLogsEvent, KinesisStreamEvent } from 'aws-lambda';
import { deliveryId } from '../core/ingest/delivery-id.ts';
import type { IngestDeps, IngestSummary } from '../core/ingest/ingest.ts';
import { ingestDelivery } from '../core/ingest/ingest.ts';
import { decodeSafely } from '../core/sources/decode-input.ts';
import { lambdaIngestDeps } from '../shared/ingest-deps.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { reportIngest } from '../shared/ingest-telemetry.ts';
import type { KinesisBatchResult } from './kinesis-batch.ts';
import { ingestKinesisBatch } from './kinesis-batch.ts';
import { lambdaAwsRanges } from '../shared/aws-ranges-file.ts';
import { once } from '../shared/once.ts';

/** A CloudWatch Logs subscription delivery, or Kinesis records carrying them. */
export type LogsDelivery = CloudWatchLogsEvent | KinesisStreamEvent;

/**
 * The ingest-logs handler over the given adapters: decode the delivery, classify, write each
 * fingerprint once, quarantine what cannot be read. A corrupt part never fails the rest; a store
 * failure fails a subscription delivery so that Lambda retries it (redelivery is harmless), and is
 * reported per record for a Kinesis batch (partial batch response).
 */
export function createIngestLogsHandler(deps: () => IngestDeps) {
  return lambdaHandler<LogsDelivery, IngestSummary | KinesisBatchResult>({ metrics: true }).handler(async (event) => {
    if ('Records' in event) {
      const result = await ingestKinesisBatch(event, deps());
      reportIngest(result, 'ingested Kinesis batch');
      return result;
    }
    const payload = event.awslogs.data;
    const decoded = decodeSafely(event, { file: 'subscription' }, { file: 'subscription' });
    const summary = await ingestDelivery(decoded, deliveryId(payload), deps());
    reportIngest(summary, 'ingested delivery');
    return summary;
  });
}

/** The Lambda entry point. */
// Audit records carry callers' addresses: AWS's ranges tell which are AWS's own.
export const handler = createIngestLogsHandler(once(() => lambdaIngestDeps(lambdaAwsRanges)));
