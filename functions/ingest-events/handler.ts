import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EventBridgeEvent } from 'aws-lambda';
import { AlarmTagLookup } from '../adapters/alarm-tags.ts';
import { deliveryId } from '../core/ingest/delivery-id.ts';
import type { AlarmTags } from '../core/ingest/enrich-alarms.ts';
import { enrichAlarmTags } from '../core/ingest/enrich-alarms.ts';
import type { IngestDeps, IngestSummary } from '../core/ingest/ingest.ts';
import { ingestDelivery } from '../core/ingest/ingest.ts';
import { decodeSafely } from '../core/sources/decode-input.ts';
import { lambdaAwsRanges } from '../shared/aws-ranges-file.ts';
import { lambdaIngestDeps } from '../shared/ingest-deps.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { once } from '../shared/once.ts';
import { traced } from '../shared/powertools.ts';
import { reportIngest } from '../shared/ingest-telemetry.ts';

/**
 * The ingest-events handler over the given adapters: one EventBridge event (CloudTrail API call,
 * alarm state change, GuardDuty finding), deduplicated on the event's own id.
 */
export function createIngestEventsHandler(deps: () => IngestDeps & { alarmTags?: AlarmTags }) {
  return lambdaHandler<EventBridgeEvent<string, unknown>, IngestSummary>({ metrics: true }).handler(async (event) => {
    const d = deps();
    const decoded = await enrichAlarmTags(
      decodeSafely(event, { file: 'eventbridge' }, { file: 'eventbridge' }),
      d.alarmTags,
    );
    const summary = await ingestDelivery(decoded, deliveryId(`eventbridge:${event.id ?? JSON.stringify(event)}`), d);
    reportIngest(summary, 'ingested event', { source: event.source, detailType: event['detail-type'] });
    return summary;
  });
}

/** The Lambda entry point (EventBridge rules target it asynchronously). CloudTrail and GuardDuty carry callers' addresses. */
export const handler = createIngestEventsHandler(
  once(() => ({
    ...lambdaIngestDeps(lambdaAwsRanges),
    alarmTags: new AlarmTagLookup(traced(new CloudWatchClient({}))),
  })),
);
