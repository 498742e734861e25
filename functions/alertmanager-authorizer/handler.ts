import { timingSafeEqual } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: ok ? 'Allow' : 'Deny', Resource: event.methodArn }] },
  };
}

let secret: AckKeyProvider | undefined;

/** The Lambda entry point (a TOKEN authorizer). */
export const handler = async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  secret ??= new AckKeyProvider(new SecretsManagerClient({}), env.alertmanagerSecretArn());
  return authorizeBearer(event, await secret.key());
};
