import * as z from 'zod/mini';
import type { RouteSpec } from './route-table.ts';
import { ErrorSchema } from '../operations/schemas.ts';

const schemaOf = (schema: z.ZodMiniType): Record<string, unknown> =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

const ERRORS: Record<string, string> = {
  400: 'Bad input: the message names the field and what is wrong with it',
  403: 'Not allowed (IAM), or an acknowledgement link that is invalid, expired or already used',
  404: 'Unknown id',
  409: 'Transition not allowed (for example acknowledging a resolved incident)',
};

/** The OpenAPI 3.0 document of the API, generated from the route table and its zod schemas. */
export function openApiDocument(routes: readonly RouteSpec[], serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (route.query) {
      const shape = route.query.shape as Record<string, z.ZodMiniType>;
      for (const [name, schema] of Object.entries(shape)) {
        parameters.push({
          name,
          in: 'query',
          required: !schema.safeParse(undefined).success,
          schema: schemaOf(schema),
        });
      }
    }
    const errors = Object.fromEntries(
      Object.entries(ERRORS).map(([code, description]) => [
        code,
        { description, content: { 'application/json': { schema: schemaOf(ErrorSchema) } } },
      ]),
    );
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${route.path
        .replace(/[{}]/g, '')
        .split('/')
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join('')}`,
      security: route.auth === 'iam' ? [{ sigv4: [] }] : [],
      parameters,
      ...(route.body
        ? {
            requestBody: {
              required: route.method === 'POST' && !route.body.safeParse({}).success,
              content: { 'application/json': { schema: schemaOf(route.body) } },
            },
          }
        : {}),
      responses: {
        [route.status]: route.response
          ? { description: 'OK', content: { 'application/json': { schema: schemaOf(route.response) } } }
          : { description: route.status === 204 ? 'No content' : 'An HTML page' },
        ...errors,
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Watchkeeper incident API',
      version: '1.0.0',
      description: 'Incidents, timelines, acknowledgements, resolutions, silences, rules and the business summary.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: {
        sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
      },
    },
    paths,
  };
}
