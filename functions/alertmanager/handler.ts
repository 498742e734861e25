import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { deliveryId } from '../core/ingest/delivery-id.ts';
import type { IngestDeps } from '../core/ingest/ingest.ts';
import { ingestDelivery } from '../core/ingest/ingest.ts';
import { isAlertmanagerPayload } from '../core/sources/alertmanager.ts';
import { decodeDocument } from '../core/sources/decode-input.ts';
import { domainErrors, httpError } from '../api/http-errors.ts';
import { lambdaIngestDeps } from '../shared/default-deps.ts';
import { env } from '../shared/env.ts';
import { logger, metrics, tracer } from '../shared/powertools.ts';
import { reportIngest } from '../shared/ingest-telemetry.ts';

/**
 * `POST /alertmanager`: an Alertmanager webhook (payload version 4; 3 tolerated). Every alert is one
 * signal keyed by its fingerprint; `resolved` alerts resolve their incident. The cluster comes from the
 * `cluster` label, else `defaultCluster`.
 */
export function createAlertmanagerHandler(deps: () => IngestDeps, defaultCluster: () => string) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(httpHeaderNormalizer())
    .use(httpJsonBodyParser())
    .use(httpErrorHandler({ logger: false, fallbackMessage: JSON.stringify({ message: 'internal error' }) }))
    .use(domainErrors())
    .handler(async (event) => {
      const payload: unknown = event.body;
      if (!isAlertmanagerPayload(payload))
        throw httpError(
          400,
          'body: not an Alertmanager webhook payload (needs alerts[] and version, groupKey or receiver)',
        );
      if (payload.version !== undefined && !['3', '4'].includes(String(payload.version)))
        throw httpError(
          400,
          `body.version: ${JSON.stringify(payload.version)} is not a supported payload version (3 or 4)`,
        );
      const decoded = decodeDocument(
        payload,
        { file: 'alertmanager' },
        { file: 'alertmanager', cluster: defaultCluster() },
      );
      const summary = await ingestDelivery(decoded, deliveryId(`alertmanager:${JSON.stringify(payload)}`), deps());
      reportIngest(summary, 'alertmanager webhook', { receiver: payload.receiver, alerts: payload.alerts?.length });
      return {
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ alerts: payload.alerts?.length ?? 0, ...summary }),
      };
    });
}

/** The Lambda entry point (behind the bearer-token authorizer). */
export const handler = createAlertmanagerHandler(lambdaIngestDeps, () => env.alertmanagerCluster());
