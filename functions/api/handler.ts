import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Api, ApiDeps } from './api-deps.ts';
import { apiOf, lambdaApiDeps } from './api-deps.ts';
import { openApiDocument } from './openapi.ts';
import { routeNotFound } from './route-not-found.ts';
import { ROUTES } from './routes.ts';
import { MAX_API_BODY_BYTES } from '../shared/http-limits.ts';
import { httpHandler } from '../shared/http-middleware.ts';

/**
 * The API Lambda over the given adapters: the shared HTTP stack (headers, body limit, security
 * headers, JSON errors) around middy's router; one route table drives routing and OpenAPI.
 */
export function createApiHandler(deps: () => ApiDeps) {
  let api: Api | undefined;
  const current = (): Api => (api ??= apiOf(deps()));
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

/** The Lambda entry point. */
export const handler = createApiHandler(lambdaApiDeps);
