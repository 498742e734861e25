import { timingSafeEqual } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lambdaHandler } from '../shared/middleware.ts';
import { once } from '../shared/once.ts';
import { logger, traced } from '../shared/powertools.ts';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { AckKeyProvider } from '../adapters/ack-key.ts';
import { env } from '../shared/env.ts';

/** Allow the request when its `Authorization: Bearer <token>` matches the webhook token. */
export function authorizeBearer(event: APIGatewayTokenAuthorizerEvent, token: string): APIGatewayAuthorizerResult {
  const given = Buffer.from((event.authorizationToken ?? '').replace(/^Bearer\s+/i, ''));
  const expected = Buffer.from(token);
  const ok = given.length === expected.length && timingSafeEqual(given, expected);
  return {
    principalId: 'alertmanager',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: ok ? 'Allow' : 'Deny', Resource: event.methodArn }],
    },
  };
}

const webhookToken = /* @__PURE__ */ once(
  () => new AckKeyProvider(traced(new SecretsManagerClient({})), env.alertmanagerSecretArn()),
);

/** The Lambda entry point (a TOKEN authorizer). */
export const handler = lambdaHandler<APIGatewayTokenAuthorizerEvent, APIGatewayAuthorizerResult>().handler(
  async (event) => {
    const result = authorizeBearer(event, await webhookToken().key());
    if (result.policyDocument.Statement[0].Effect === 'Deny') logger.warn('webhook token refused');
    return result;
  },
);
