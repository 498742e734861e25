import httpRouterHandler from '@middy/http-router';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { AckKeyProvider } from '../adapters/ack-key.ts';
import { AckNonceStore } from '../adapters/ack-nonce-store.ts';
import { IncidentLister } from '../adapters/incident-list.ts';
import { IncidentStore } from '../adapters/incident-store.ts';
import { FileRunbooks } from '../adapters/runbooks.ts';
import { ChangeStore } from '../adapters/change-store.ts';
import { SilenceStore } from '../adapters/silence-store.ts';
import { loadRules } from '../core/rules/catalogue.ts';
import { documentClient } from '../shared/clients.ts';
import { lambdaNotifier } from '../shared/default-deps.ts';
import { env } from '../shared/env.ts';
import { traced } from '../shared/powertools.ts';
import type { IncidentApiDeps } from './incident-api.ts';
import { IncidentApi } from './incident-api.ts';
import { openApiDocument } from './openapi.ts';
import { routeNotFound } from './route-not-found.ts';
import { ROUTES } from './routes.ts';
import { MAX_API_BODY_BYTES } from '../shared/http-limits.ts';
import { httpHandler } from '../shared/middleware.ts';

/**
 * The API Lambda over the given adapters: the shared HTTP stack (headers, body limit, security
 * headers, JSON errors) around middy's router; one route table drives routing and OpenAPI.
 */
export function createApiHandler(deps: () => IncidentApiDeps) {
  let api: IncidentApi | undefined;
  const current = (): IncidentApi => (api ??= new IncidentApi(deps()));
  const routes = [
    ...ROUTES.map((route) => ({
      method: route.method,
      path: route.path,
      handler: (event: APIGatewayProxyEvent) => route.handler(event, current()),
    })),
    {
      method: 'GET' as const,
      path: '/openapi.json',
      handler: async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => ({
        statusCode: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(
          openApiDocument(
            ROUTES,
            event.headers?.host
              ? `https://${event.headers.host}/${event.requestContext?.stage ?? ''}`.replace(/\/$/, '')
              : undefined,
          ),
        ),
      }),
    },
  ];
  return httpHandler({ maxBodyBytes: MAX_API_BODY_BYTES }).handler(
    httpRouterHandler({ routes: routes as never, notFoundResponse: routeNotFound(routes) }) as never,
  );
}

let deps: IncidentApiDeps | undefined;

/** The Lambda entry point. */
export const handler = createApiHandler(() => {
  if (!deps) {
    const client = documentClient();
    const policy = env.incidentPolicy();
    const keys = new AckKeyProvider(traced(new SecretsManagerClient({})), env.ackSecretArn());
    deps = {
      store: new IncidentStore(client, env.tableName(), policy),
      lister: new IncidentLister(client, env.tableName()),
      silences: new SilenceStore(client, env.tableName()),
      nonces: new AckNonceStore(client, env.tableName()),
      runbooks: new FileRunbooks(env.runbookDir()),
      changes: new ChangeStore(client, env.tableName()),
      notifier: lambdaNotifier(),
      rules: loadRules(env.ruleOverrides()),
      clusters: Object.keys(env.escalationConfig().clusterSlaTiers),
      policy,
      ackKey: () => keys.key(),
      clock: Date.now,
    };
  }
  return deps;
});
