import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import { loadRules } from '../core/rules/catalogue.ts';
import { Classifier } from '../core/rules/classifier.ts';
import { decodeDocument } from '../core/sources/decode-input.ts';
import { classifyBatch } from '../core/ingest/process-records.ts';
import type { BatchResult } from '../core/ingest/process-records.ts';
import { env } from '../shared/env.ts';
import { logger, metrics } from '../shared/powertools.ts';

/** Built once per execution environment: the indexed catalogue. */
const classifier = new Classifier(loadRules(env.ruleOverrides()));

/** Summary returned to the caller (and logged). */
export interface IngestSummary {
  readonly events: number;
  readonly signals: number;
  readonly quarantined: number;
  readonly byRule: Record<string, number>;
}

/**
 * Decode and classify one CloudWatch Logs subscription delivery (or Kinesis-wrapped records).
 * Malformed parts are reported and counted; they never fail the rest of the batch.
 */
export async function ingestLogs(event: CloudWatchLogsEvent, _context?: Context): Promise<IngestSummary> {
  const decoded = decodeDocument(event, { file: 'subscription' }, { file: 'subscription' });
  const result: BatchResult = classifyBatch(decoded, classifier, 'subscription');
  const byRule: Record<string, number> = {};
  for (const signal of result.signals) byRule[signal.rule ?? 'none'] = (byRule[signal.rule ?? 'none'] ?? 0) + 1;
  for (const problem of result.problems) logger.warn('quarantined input', { reason: problem.reason, excerpt: problem.excerpt });
  metrics.addMetric('EventsIn', MetricUnit.Count, result.events);
  metrics.addMetric('Signals', MetricUnit.Count, result.signals.length);
  metrics.addMetric('Quarantined', MetricUnit.Count, result.problems.length);
  const summary = { events: result.events, signals: result.signals.length, quarantined: result.problems.length, byRule };
  logger.info('classified batch', { ...summary });
  return summary;
}

/** The Lambda entry point. */
export const handler = middy<CloudWatchLogsEvent, IngestSummary>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(ingestLogs);
