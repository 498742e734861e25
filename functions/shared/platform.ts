import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { AckKeyProvider } from '../adapters/ack-key.ts';
import { SnsNotifier } from '../adapters/sns-notifier.ts';
import type { AlertPolicy } from '../core/alerts/policy.ts';
import type { GroupingConfig } from '../core/incidents/correlation.ts';
import { documentClient } from './clients.ts';
import { env } from './env.ts';
import { DEFAULT_ALERT_POLICY } from '../core/alerts/policy.ts';
import { compileGrouping } from '../core/incidents/compile-grouping.ts';
import { lambdaSettings, topicArns } from './settings.ts';
import { once } from './once.ts';
import { traced } from './powertools.ts';
import type { Notifier } from '../core/notifications/ports.ts';

/**
 * What every function's dependencies are built from, and all that differs between Lambda and the
 * local runtime: the table (client and name), the alert lifecycle policy, how alerts are grouped into
 * incidents, and the clock.
 */
export interface Platform {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly policy: AlertPolicy;
  readonly grouping: GroupingConfig;
  readonly clock: () => number;
}

/** The platform in Lambda: the traced DynamoDB client and the table of the environment. */
export const lambdaPlatform = /* @__PURE__ */ once(
  (): Platform => ({
    doc: documentClient(),
    tableName: env.tableName(),
    policy: { ...DEFAULT_ALERT_POLICY, ...lambdaSettings().alerts },
    grouping: compileGrouping(lambdaSettings().grouping),
    clock: Date.now,
  }),
);

/** The SNS notifier over the team topics. */
export const lambdaNotifier = /* @__PURE__ */ once(
  (): Notifier => new SnsNotifier(traced(new SNSClient({})), topicArns(lambdaSettings(), env.topicArnPrefix())),
);

/** The HMAC key of acknowledgement links (and cursors), from Secrets Manager, cached. */
export const lambdaAckKey = /* @__PURE__ */ once(() => {
  const provider = new AckKeyProvider(traced(new SecretsManagerClient({})), env.ackSecretArn());
  return () => provider.key();
});
