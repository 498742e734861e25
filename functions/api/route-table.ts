import type * as z from 'zod/mini';
import { ListIncidentsQuerySchema } from '../core/api/list-query.ts';
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

/**
 * One route as data: the single source for API Gateway's methods (the CDK app imports only this
 * file), the router (with the handlers in `routes.ts`) and the OpenAPI document.
 */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly summary: string;
  readonly auth: RouteAuth;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  readonly status: number;
  /** JSON response schema; HTML routes and 204 have none. */
  readonly response?: z.ZodMiniType;
}

/** Every route of the incident API. */
export const ROUTE_TABLE = [
  {
    method: 'GET',
    path: '/incidents',
    summary: 'List incidents, newest first, with filters and cursor pagination',
    auth: 'iam',
    query: ListIncidentsQuerySchema,
    status: 200,
    response: IncidentPageSchema,
  },
  {
    method: 'GET',
    path: '/incidents/{id}',
    summary: 'One incident, with its runbook and earlier resolutions of the same rule on the same cluster',
    auth: 'iam',
    status: 200,
    response: IncidentDetailSchema,
  },
  {
    method: 'GET',
    path: '/incidents/{id}/timeline',
    summary: 'Every change of an incident, oldest first',
    auth: 'iam',
    status: 200,
    response: TimelineSchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/acknowledge',
    summary: 'Acknowledge an open incident: escalation stops',
    auth: 'iam',
    body: AcknowledgeBodySchema,
    status: 200,
    response: IncidentSummarySchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/resolve',
    summary: 'Resolve an incident with what fixed it (it enters the knowledge base)',
    auth: 'iam',
    body: ResolveBodySchema,
    status: 200,
    response: IncidentSummarySchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/notes',
    summary: 'Add a note to the timeline',
    auth: 'iam',
    body: NoteBodySchema,
    status: 201,
    response: TimelineEntrySchema,
  },
  {
    method: 'GET',
    path: '/silences',
    summary: 'Silences (maintenance windows), current and scheduled',
    auth: 'iam',
    status: 200,
    response: SilenceListSchema,
  },
  {
    method: 'POST',
    path: '/silences',
    summary: 'Create a silence (at most 90 days long); it may start in the future',
    auth: 'iam',
    body: CreateSilenceBodySchema,
    status: 201,
    response: SilenceSchema,
  },
  { method: 'DELETE', path: '/silences/{id}', summary: 'End a silence', auth: 'iam', status: 204 },
  {
    method: 'GET',
    path: '/rules',
    summary: 'The rule catalogue with runbooks',
    auth: 'iam',
    status: 200,
    response: RuleListSchema,
  },
  {
    method: 'GET',
    path: '/summary',
    summary: 'Status of components per cluster (perfect, degraded, unavailable)',
    auth: 'iam',
    status: 200,
    response: SummarySchema,
  },
  {
    method: 'GET',
    path: '/ack/{token}',
    summary: 'The page behind an acknowledgement link: a button (link scanners must not acknowledge)',
    auth: 'ack-link',
    status: 200,
  },
  {
    method: 'POST',
    path: '/ack/{token}',
    summary: 'Acknowledge through a signed, expiring, single-use link',
    auth: 'ack-link',
    status: 200,
  },
] as const satisfies readonly RouteSpec[];

/** Distributes over the routes, so each key pairs a route's own method and path. */
type KeyOf<R> = R extends { readonly method: infer M extends string; readonly path: infer P extends string }
  ? `${M} ${P}`
  : never;

/** `METHOD /path` of a route: how handlers are bound to it. */
export type RouteKey = KeyOf<(typeof ROUTE_TABLE)[number]>;

/** The key of a route. */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;
