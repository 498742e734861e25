import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpRouterHandler from '@middy/http-router';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
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
import { logger, traced, tracer } from '../shared/powertools.ts';
import { domainErrors } from './http-errors.ts';
import type { IncidentApiDeps } from './incident-api.ts';
import { IncidentApi } from './incident-api.ts';
import { openApiDocument } from './openapi.ts';
import { ROUTES } from './routes.ts';

/**
 * The API Lambda over the given adapters: middy's header normalizer, JSON body parser, security
 * headers and error handler around the router; one route table drives routing and OpenAPI.
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
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    .use(httpJsonBodyParser({ disableContentTypeError: true }))
    .use(httpSecurityHeaders())
    .use(httpErrorHandler({ logger: logServerErrors, fallbackMessage: JSON.stringify({ message: 'internal error' }) }))
    .use(domainErrors())
    .handler(httpRouterHandler({ routes: routes as never }) as never);
}

/** Bad requests are the caller's business; only server-side failures are logged as errors. */
function logServerErrors(error: unknown): void {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === undefined || status >= 500) logger.error('request failed', { error: error as Error });
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
