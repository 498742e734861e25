import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { IngestSummary, TouchedAlert } from '../core/ingest/ingest.ts';
import { logger, metrics } from './powertools.ts';

/**
 * One line per incident a delivery changed, keyed by `incidentId`: the key that follows an incident
 * through ingestion, paging (escalation-page) and the API in CloudWatch Logs Insights.
 */
export function logIncidents(incidents: readonly TouchedAlert[]): void {
  for (const incident of incidents) logger.info(`incident ${incident.outcome}`, { ...incident });
}

/**
 * The EMF metrics of one delivery (the dashboard's events in, signals, incidents opened and resolved,
 * the quarantine alarm), its incident lines and its summary line. Every ingest handler reports alike.
 */
export function reportIngest(summary: IngestSummary, message: string, context: Record<string, unknown> = {}): void {
  metrics.addMetric('EventsIn', MetricUnit.Count, summary.events);
  metrics.addMetric('Signals', MetricUnit.Count, summary.signals);
  metrics.addMetric('IncidentsCreated', MetricUnit.Count, summary.created);
  metrics.addMetric('IncidentsReopened', MetricUnit.Count, summary.reopened);
  metrics.addMetric('IncidentsResolved', MetricUnit.Count, summary.resolved);
  metrics.addMetric('Quarantined', MetricUnit.Count, summary.quarantined);
  metrics.addMetric('DuplicateDeliveries', MetricUnit.Count, summary.duplicates);
  logIncidents(summary.incidents);
  const { incidents, ...counts } = summary;
  logger.info(message, { ...context, ...counts, incidentIds: incidents.map((i) => i.incidentId) });
}
