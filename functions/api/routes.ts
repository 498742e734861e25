import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type * as z from 'zod/mini';
import { ListIncidentsQuerySchema } from '../core/api/list-query.ts';
import { parseIncidentId } from '../core/incidents/lifecycle.ts';
import { parseOr400, httpError } from './http-errors.ts';
import type { IncidentApi } from './incident-api.ts';
import { logger } from '../shared/powertools.ts';
import {
  AcknowledgeBodySchema,
  CreateSilenceBodySchema,
  IncidentDetailSchema,
  IncidentPageSchema,
  IncidentSummarySchema,
  NoteBodySchema,
  ResolveBodySchema,
  RuleListSchema,
  SilenceListSchema,
  SilenceSchema,
  SummarySchema,
  TimelineEntrySchema,
  TimelineSchema,
} from './schemas.ts';

/** How a route is authorized in API Gateway. */
export type RouteAuth = 'iam' | 'ack-link' | 'none';

/** One route: the single source for the router, API Gateway's methods and the OpenAPI document. */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly summary: string;
  readonly auth: RouteAuth;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  readonly status: number;
  /** JSON response schema; HTML routes have none. */
  readonly response?: z.ZodMiniType;
  readonly handler: (event: APIGatewayProxyEvent, api: IncidentApi) => Promise<APIGatewayProxyResult>;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** The caller: the IAM principal API Gateway verified, or the local identity. */
export function callerOf(event: APIGatewayProxyEvent): string {
  const identity = event.requestContext?.identity;
  return (
    identity?.userArn ??
    identity?.caller ??
    (event.requestContext?.authorizer?.principalId as string | undefined) ??
    'anonymous'
  );
}

const incidentId = (event: APIGatewayProxyEvent): string => {
  const id = decodeURIComponent(event.pathParameters?.id ?? '');
  if (!parseIncidentId(id)) throw httpError(404, `no incident ${id}`);
  logger.appendKeys({ incidentId: id });
  return id;
};

/** The parsed JSON body (the body parser has run when the content type said JSON). */
const bodyOf = (event: APIGatewayProxyEvent): unknown => {
  const body: unknown = event.body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    throw httpError(400, 'request body is not valid JSON');
  }
};

const page = (
  title: string,
  text: string,
  form?: string,
): string => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font-size:1.2rem;padding:.8rem 1.6rem}</style></head>
<body><h1>${title}</h1><p>${text}</p>${form ?? ''}</body></html>`;
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const html = (statusCode: number, body: string): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  body,
});

/** Every route of the incident API. */
export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/incidents',
    summary: 'List incidents, newest first, with filters and cursor pagination',
    auth: 'iam',
    query: ListIncidentsQuerySchema,
    status: 200,
    response: IncidentPageSchema,
    handler: async (event, api) =>
      json(200, await api.list(parseOr400(ListIncidentsQuerySchema, event.queryStringParameters ?? {}, 'query'))),
  },
  {
    method: 'GET',
    path: '/incidents/{id}',
    summary: 'One incident, with its runbook and earlier resolutions of the same rule on the same cluster',
    auth: 'iam',
    status: 200,
    response: IncidentDetailSchema,
    handler: async (event, api) => json(200, await api.get(incidentId(event))),
  },
  {
    method: 'GET',
    path: '/incidents/{id}/timeline',
    summary: 'Every change of an incident, oldest first',
    auth: 'iam',
    status: 200,
    response: TimelineSchema,
    handler: async (event, api) => json(200, await api.timeline(incidentId(event))),
  },
  {
    method: 'POST',
    path: '/incidents/{id}/acknowledge',
    summary: 'Acknowledge an open incident: escalation stops',
    auth: 'iam',
    body: AcknowledgeBodySchema,
    status: 200,
    response: IncidentSummarySchema,
    handler: async (event, api) => {
      const body = parseOr400(AcknowledgeBodySchema, bodyOf(event), 'body');
      return json(200, await api.acknowledge(incidentId(event), callerOf(event), body.comment));
    },
  },
  {
    method: 'POST',
    path: '/incidents/{id}/resolve',
    summary: 'Resolve an incident with what fixed it (it enters the knowledge base)',
    auth: 'iam',
    body: ResolveBodySchema,
    status: 200,
    response: IncidentSummarySchema,
    handler: async (event, api) => {
      const body = parseOr400(ResolveBodySchema, bodyOf(event), 'body');
      return json(200, await api.resolve(incidentId(event), callerOf(event), body.resolution));
    },
  },
  {
    method: 'POST',
    path: '/incidents/{id}/notes',
    summary: 'Add a note to the timeline',
    auth: 'iam',
    body: NoteBodySchema,
    status: 201,
    response: TimelineEntrySchema,
    handler: async (event, api) => {
      const body = parseOr400(NoteBodySchema, bodyOf(event), 'body');
      return json(201, await api.note(incidentId(event), callerOf(event), body.text));
    },
  },
  {
    method: 'GET',
    path: '/silences',
    summary: 'Silences (maintenance windows), current and scheduled',
    auth: 'iam',
    status: 200,
    response: SilenceListSchema,
    handler: async (_event, api) => json(200, await api.listSilences()),
  },
  {
    method: 'POST',
    path: '/silences',
    summary: 'Create a silence; it may start in the future',
    auth: 'iam',
    body: CreateSilenceBodySchema,
    status: 201,
    response: SilenceSchema,
    handler: async (event, api) =>
      json(201, await api.createSilence(parseOr400(CreateSilenceBodySchema, bodyOf(event), 'body'), callerOf(event))),
  },
  {
    method: 'DELETE',
    path: '/silences/{id}',
    summary: 'End a silence',
    auth: 'iam',
    status: 204,
    handler: async (event, api) => {
      await api.deleteSilence(decodeURIComponent(event.pathParameters?.id ?? ''));
      return { statusCode: 204, body: '' };
    },
  },
  {
    method: 'GET',
    path: '/rules',
    summary: 'The rule catalogue with runbooks',
    auth: 'iam',
    status: 200,
    response: RuleListSchema,
    handler: async (_event, api) => json(200, await api.rules()),
  },
  {
    method: 'GET',
    path: '/summary',
    summary: 'Status of components per cluster (perfect, degraded, unavailable)',
    auth: 'iam',
    status: 200,
    response: SummarySchema,
    handler: async (_event, api) => json(200, await api.summary()),
  },
  {
    method: 'GET',
    path: '/ack/{token}',
    summary: 'The page behind an acknowledgement link: a button (link scanners must not acknowledge)',
    auth: 'ack-link',
    status: 200,
    handler: async (event) =>
      html(
        200,
        page(
          'Acknowledge incident',
          'Acknowledge this incident? Escalation to the next tier stops.',
          `<form method="post" action="${escape(event.requestContext?.path ?? event.path)}"><button type="submit">Acknowledge</button></form>`,
        ),
      ),
  },
  {
    method: 'POST',
    path: '/ack/{token}',
    summary: 'Acknowledge through a signed, expiring, single-use link',
    auth: 'ack-link',
    status: 200,
    handler: async (event, api) => {
      const incident = await api.acknowledgeByLink(decodeURIComponent(event.pathParameters?.token ?? ''));
      const text = `${escape(incident.title)} on ${escape(incident.cluster)} is ${incident.status}${incident.acknowledgedBy ? ` (by ${escape(incident.acknowledgedBy)})` : ''}.`;
      if (/json/.test(event.headers?.accept ?? ''))
        return json(200, { id: incident.id, status: incident.status, acknowledgedBy: incident.acknowledgedBy });
      return html(200, page('Acknowledged', text));
    },
  },
];
