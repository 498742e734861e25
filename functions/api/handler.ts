import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Api } from '../operations/api-deps.ts';
import { apiOf, lambdaApiDeps } from '../operations/api-deps.ts';
import { admitConsoleRequest, CONSOLE_API_PREFIX } from './console-access.ts';
import { openApiDocument } from './openapi.ts';
import { routeNotFound } from './route-not-found.ts';
import { ROUTES } from './routes.ts';
import { MAX_API_BODY_BYTES } from '../shared/http-limits.ts';
import { httpHandler } from '../shared/http-middleware.ts';
import { API_ERRORS } from './error-statuses.ts';
import type { ApiDeps } from '../operations/deps.ts';

/**
 * The API Lambda over the given adapters: the shared HTTP stack (headers, body limit, security
 * headers, JSON errors) around middy's router; one route table drives routing and OpenAPI.
 */
export function createApiHandler(deps: () => ApiDeps) {
  let api: Api | undefined;
  const current = (): Api => (api ??= apiOf(deps()));
  const served = [
    ...ROUTES.map((route) => ({ ...route, serve: (event: APIGatewayProxyEvent) => route.handler(event, current()) })),
    {
      method: 'GET' as const,
      path: '/openapi.json',
      summary: 'The OpenAPI document',
      auth: 'iam' as const,
      serve: async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => ({
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
  const routes = [
    ...served.map(({ method, path, serve }) => ({ method, path, handler: serve })),
    // The console's way in (Cognito in AWS): the same routes, each admitted by the person's group first.
    ...served
      .filter((route) => route.auth === 'iam')
      .map((route) => ({
        method: route.method,
        path: `${CONSOLE_API_PREFIX}${route.path}`,
        handler: (event: APIGatewayProxyEvent) => {
          admitConsoleRequest(event, route);
          return route.serve(event);
        },
      })),
  ];
  return httpHandler({ maxBodyBytes: MAX_API_BODY_BYTES, errors: API_ERRORS }).handler(
    httpRouterHandler({ routes: routes as never, notFoundResponse: routeNotFound(routes) }) as never,
  );
}

/** The Lambda entry point. */
export const handler = createApiHandler(lambdaApiDeps);
