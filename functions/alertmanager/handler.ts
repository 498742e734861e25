import type { APIGatewayProxyEvent } from 'aws-lambda';
import { deliveryId } from '../core/ingest/delivery-id.ts';
import type { IngestDeps } from '../core/ingest/ingest.ts';
import { ingestDelivery } from '../core/ingest/ingest.ts';
import { isAlertmanagerPayload, MAX_ALERTS_PER_PAYLOAD } from '../core/sources/alertmanager.ts';
import { decodeSafely } from '../core/sources/decode-input.ts';
import { httpError } from '../shared/http-errors.ts';
import { lambdaIngestDeps } from '../shared/ingest-deps.ts';
import type { Settings } from '../shared/settings.ts';
import { lambdaSettings } from '../shared/settings.ts';
import { reportIngest } from '../shared/ingest-telemetry.ts';
import { httpHandler } from '../shared/http-middleware.ts';
import { webhookJsonBody } from './webhook-body.ts';
import { once } from '../shared/once.ts';

/** Largest webhook body: {@link MAX_ALERTS_PER_PAYLOAD} alerts of a few KB each. */
export const MAX_WEBHOOK_BODY_BYTES = 5 * 1_048_576;

/**
 * `POST /alertmanager`: an Alertmanager webhook (payload version 4; 3 tolerated). Every alert is one
 * signal keyed by its fingerprint; `resolved` alerts resolve their incident. The cluster comes from the
 * `cluster` label, else the configuration's `alertmanagerDefaultCluster`. An alert that cannot be read is quarantined with its reason
 * and the others are kept; only a payload that is not one at all is refused.
 */
export function createAlertmanagerHandler(deps: () => IngestDeps, settings: () => Settings) {
  return httpHandler({ maxBodyBytes: MAX_WEBHOOK_BODY_BYTES, metrics: true })
    .use(webhookJsonBody())
    .handler(async (event: APIGatewayProxyEvent) => {
      const payload: unknown = event.body;
      if (!isAlertmanagerPayload(payload))
        throw httpError(
          400,
          'body: not an Alertmanager webhook payload (needs alerts[] and version, groupKey or receiver)',
        );
      if (payload.version !== undefined && !['3', '4'].includes(String(payload.version)))
        throw httpError(
          400,
          `body.version: ${JSON.stringify(payload.version).slice(0, 40)} is not a supported payload version (3 or 4)`,
        );
      const alerts = payload.alerts.length;
      if (alerts > MAX_ALERTS_PER_PAYLOAD)
        throw httpError(
          413,
          `body.alerts: ${alerts} alerts; the limit is ${MAX_ALERTS_PER_PAYLOAD} per payload (set max_alerts in the webhook_config)`,
        );
      const decoded = decodeSafely(
        payload,
        { file: 'alertmanager' },
        { file: 'alertmanager', cluster: settings().config.alertmanagerDefaultCluster },
      );
      const summary = await ingestDelivery(decoded, deliveryId(`alertmanager:${JSON.stringify(payload)}`), deps());
      reportIngest(summary, 'alertmanager webhook', { receiver: payload.receiver, alerts });
      return {
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ alerts, ...summary }),
      };
    });
}

/** The Lambda entry point (behind the bearer-token authorizer). */
export const handler = createAlertmanagerHandler(
  once(() => lambdaIngestDeps()),
  lambdaSettings,
);
