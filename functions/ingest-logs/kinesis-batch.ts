import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { deliveryId } from '../core/ingest/delivery-id.ts';
import type { IngestDeps, IngestSummary } from '../core/ingest/ingest.ts';
import { ingestDelivery } from '../core/ingest/ingest.ts';
import { decodeSafely } from '../core/sources/decode-input.ts';
import { logger } from '../shared/powertools.ts';

/** A batch's summary with Lambda's partial batch response for Kinesis. */
export interface KinesisBatchResult extends IngestSummary {
  /** Records Lambda must deliver again (it resumes from the lowest sequence number listed). */
  readonly batchItemFailures: ReadonlyArray<{ readonly itemIdentifier: string }>;
}

/** Two summaries as one: counts added, touched alerts listed together. */
function plus(a: IngestSummary, b: IngestSummary): IngestSummary {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b))
    out[key] = typeof value === 'number' ? ((a as unknown as Record<string, number>)[key] ?? 0) + value : value;
  return { ...(out as unknown as IngestSummary), touchedAlerts: [...a.touchedAlerts, ...b.touchedAlerts] };
}

/** The summary of a batch none of whose records could be stored. */
const NOTHING: IngestSummary = {
  events: 0,
  signals: 0,
  fingerprints: 0,
  created: 0,
  updated: 0,
  reopened: 0,
  duplicates: 0,
  late: 0,
  incidentsCreated: 0,
  incidentsTouched: 0,
  escalations: 0,
  deferredEscalations: 0,
  quarantined: 0,
  conflicts: 0,
  resolved: 0,
  incidentsResolved: 0,
  changes: 0,
  touchedAlerts: [],
};

/** Failures in a row after which the rest of a batch is not tried. */
const FAILURES_IN_A_ROW = 3;

const ingestRecords = (records: readonly KinesisStreamRecord[], deps: IngestDeps): Promise<IngestSummary> => {
  const event = { Records: records };
  return ingestDelivery(
    decodeSafely(event, { file: 'kinesis' }, { file: 'kinesis' }),
    deliveryId(JSON.stringify(event)),
    deps,
  );
};

/**
 * A Kinesis batch: ingested as one delivery (one write per fingerprint for the whole batch). When
 * the store fails, record by record, and those that still fail are reported as the batch's failures:
 * Lambda delivers them (and what follows them in the shard) again, and ingestion counts nothing twice.
 * A corrupt record is quarantined like any unreadable input and never reported: it would block its
 * shard until it expired.
 */
export async function ingestKinesisBatch(event: KinesisStreamEvent, deps: IngestDeps): Promise<KinesisBatchResult> {
  try {
    return { ...(await ingestRecords(event.Records, deps)), batchItemFailures: [] };
  } catch (error) {
    logger.warn('batch not stored as a whole: record by record', { error, records: event.Records.length });
  }
  let total = NOTHING;
  const failures: Array<{ itemIdentifier: string }> = [];
  let inARow = 0;
  for (const record of event.Records) {
    // The store is down rather than one record bad: report the rest untried, Lambda sends them again.
    if (inARow >= FAILURES_IN_A_ROW) {
      failures.push({ itemIdentifier: record.kinesis.sequenceNumber });
      continue;
    }
    try {
      const summary = await ingestRecords([record], deps);
      total = plus(total, summary);
      inARow = 0;
    } catch (error) {
      inARow++;
      logger.error('record not stored: reported for redelivery', {
        error,
        sequenceNumber: record.kinesis.sequenceNumber,
      });
      failures.push({ itemIdentifier: record.kinesis.sequenceNumber });
    }
  }
  return { ...total, batchItemFailures: failures };
}
