import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { AckKeyProvider } from '../adapters/ack-key.ts';
import { AlertStore } from '../adapters/alert-store.ts';
import { IncidentStore } from '../adapters/incident-store.ts';
import { SnsNotifier } from '../adapters/sns-notifier.ts';
import { documentClient } from './clients.ts';
import { env } from './env.ts';
import type { Settings } from './settings.ts';
import { lambdaSettings } from './settings.ts';
import { once } from './once.ts';
import { traced } from './powertools.ts';
import type { Notifier } from '../core/notifications/ports.ts';

/**
 * What every function's dependencies are built from, and all that differs between Lambda and the
 * local runtime: the table (client and name), the settings (the configuration), and the clock.
 */
export interface Platform {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly settings: Settings;
  readonly clock: () => number;
}

/** The alert store of a platform. */
export const alertStoreOf = (platform: Platform): AlertStore =>
  new AlertStore(platform.doc, platform.tableName, platform.settings.policy, platform.clock);

/** The incident store of a platform. */
export const incidentStoreOf = (platform: Platform): IncidentStore =>
  new IncidentStore(platform.doc, platform.tableName, platform.settings.policy, platform.clock);

/** The platform in Lambda: the traced DynamoDB client and the table of the environment. */
export const lambdaPlatform = /* @__PURE__ */ once(
  (): Platform => ({
    doc: documentClient(),
    tableName: env.tableName(),
    settings: lambdaSettings(),
    clock: Date.now,
  }),
);

/** The SNS notifier over the team topics. */
export const lambdaNotifier = /* @__PURE__ */ once(
  (): Notifier => new SnsNotifier(traced(new SNSClient({})), lambdaSettings().topicArns(env.topicArnPrefix())),
);

/** The HMAC key of acknowledgement links (and cursors), from Secrets Manager, cached. */
export const lambdaAckKey = /* @__PURE__ */ once(() => {
  const provider = new AckKeyProvider(traced(new SecretsManagerClient({})), env.ackSecretArn());
  return () => provider.key();
});
