import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { IngestSummary, TouchedAlert } from '../core/ingest/ingest.ts';
import { logger, metrics } from './powertools.ts';

/**
 * One line per alert a delivery changed, with its `incidentId`: the key that follows an incident
 * through ingestion, paging (escalation-page) and the API in CloudWatch Logs Insights.
 */
export function logAlerts(alerts: readonly TouchedAlert[]): void {
  for (const alert of alerts) logger.info(`alert ${alert.outcome}`, { ...alert });
}

/**
 * The EMF metrics of one delivery (the dashboard's events in, signals, alerts and incidents opened
 * and resolved, the quarantine alarm), its alert lines and its summary line. Every ingest handler
 * reports alike.
 */
export function reportIngest(summary: IngestSummary, message: string, context: Record<string, unknown> = {}): void {
  metrics.addMetric('EventsIn', MetricUnit.Count, summary.events);
  metrics.addMetric('Signals', MetricUnit.Count, summary.signals);
  metrics.addMetric('AlertsCreated', MetricUnit.Count, summary.created);
  metrics.addMetric('AlertsReopened', MetricUnit.Count, summary.reopened);
  metrics.addMetric('AlertsResolved', MetricUnit.Count, summary.resolved);
  metrics.addMetric('IncidentsCreated', MetricUnit.Count, summary.incidentsCreated);
  metrics.addMetric('IncidentsResolved', MetricUnit.Count, summary.incidentsResolved);
  metrics.addMetric('Quarantined', MetricUnit.Count, summary.quarantined);
  metrics.addMetric('DuplicateDeliveries', MetricUnit.Count, summary.duplicates);
  logAlerts(summary.touchedAlerts);
  const { touchedAlerts, ...counts } = summary;
  logger.info(message, {
    ...context,
    ...counts,
    incidentIds: [...new Set(touchedAlerts.flatMap((a) => (a.incidentId ? [a.incidentId] : [])))],
  });
}
