import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { AckKeyProvider } from '../adapters/ack-key.ts';
import { AckTokenError, verifyAckToken } from '../core/escalation/ack-token.ts';
import { env } from '../shared/env.ts';
import { lambdaHandler } from '../shared/middleware.ts';
import { once } from '../shared/once.ts';
import { logger, traced } from '../shared/powertools.ts';

/**
 * Decide whether a request to `/ack/{token}` or `/act/{token}…` may reach the API: the token's signature and expiry
 * are checked here; single use is enforced by the API when it acknowledges.
 */
export function authorizeAckLink(
  event: APIGatewayRequestAuthorizerEvent,
  key: string,
  nowSeconds: number,
): APIGatewayAuthorizerResult {
  try {
    const claims = verifyAckToken(tokenOf(event), key, nowSeconds);
    return policy('Allow', `link:${claims.audience}`, event.methodArn, { incidentId: claims.incidentId });
  } catch (error) {
    if (!(error instanceof AckTokenError)) throw error;
    logger.info('acknowledgement link refused', { reason: error.message });
    return policy('Deny', 'link', event.methodArn);
  }
}

/** The token of the path (`/ack/{token}`, `/act/{token}…`); malformed percent-encoding is a refused link, not an error. */
function tokenOf(event: APIGatewayRequestAuthorizerEvent): string {
  const raw = event.pathParameters?.token ?? event.path?.match(/\/(?:ack|act)\/([^/]+)/)?.[1] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AckTokenError('malformed acknowledgement token');
  }
}

function policy(
  effect: 'Allow' | 'Deny',
  principalId: string,
  resource: string,
  context?: Record<string, string>,
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...(context ? { context } : {}),
  };
}

const ackKey = /* @__PURE__ */ once(() => new AckKeyProvider(traced(new SecretsManagerClient({})), env.ackSecretArn()));

/** The Lambda entry point (a REQUEST authorizer). */
export const handler = lambdaHandler<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult>().handler(
  async (event) => authorizeAckLink(event, await ackKey().key(), Math.floor(Date.now() / 1000)),
);
