import type * as z from 'zod/mini';
import { InsightsQuerySchema, ListIncidentsQuerySchema } from '../core/api/list-query.ts';
import {
  AcknowledgeBodySchema,
  AlertDetailSchema,
  AlertPageSchema,
  MergeBodySchema,
  SplitBodySchema,
  CreateSilenceBodySchema,
  IncidentCountsSchema,
  IncidentDetailSchema,
  IncidentPageSchema,
  IncidentSummarySchema,
  InsightsSchema,
  NoteBodySchema,
  ResolveBodySchema,
  ReviewFilingSchema,
  ActionListSchema,
  ActionPlanSchema,
  ActionSchema,
  ReviewSchema,
  RuleListSchema,
  SilenceListSchema,
  SilenceSchema,
  SummarySchema,
  TimelineEntrySchema,
  TimelineSchema,
} from '../operations/schemas.ts';

/** How a route is authorized in API Gateway. */
export type RouteAuth = 'iam' | 'ack-link' | 'none';

/**
 * What a person signed in to the console may do, by Cognito group: viewers read, responders also
 * acknowledge, note and resolve, admins also silence, merge and split. Each role includes the ones before it.
 */
export const CONSOLE_ROLES = ['viewer', 'responder', 'admin'] as const;

/** One of {@link CONSOLE_ROLES}. */
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/**
 * One route as data: the single source for API Gateway's methods (the CDK app imports only this
 * file), the router (with the handlers in `routes.ts`) and the OpenAPI document.
 */
export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly summary: string;
  readonly auth: RouteAuth;
  /** The least console role that may call it (IAM routes are also served to the console under `/api`). @default 'viewer' */
  readonly role?: ConsoleRole;
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
    summary: 'List incidents (what people are paged for), newest first, with filters and cursor pagination',
    auth: 'iam',
    query: ListIncidentsQuerySchema,
    status: 200,
    response: IncidentPageSchema,
  },
  {
    method: 'GET',
    path: '/incidents/counts',
    summary: 'How many incidents are open, acknowledged and resolved under the filters of the list',
    auth: 'iam',
    query: ListIncidentsQuerySchema,
    status: 200,
    response: IncidentCountsSchema,
  },
  {
    method: 'GET',
    path: '/incidents/{id}',
    summary:
      'One incident, with its alerts, probable cause, runbook and earlier resolutions of the same rule on the same cluster',
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
    method: 'GET',
    path: '/incidents/{id}/alerts',
    summary: 'Every alert of an incident (those of incidents merged into it included), oldest first',
    auth: 'iam',
    status: 200,
    response: AlertPageSchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/acknowledge',
    summary: 'Acknowledge an open incident: escalation stops',
    auth: 'iam',
    role: 'responder',
    body: AcknowledgeBodySchema,
    status: 200,
    response: IncidentSummarySchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/resolve',
    summary: 'Resolve an incident with what fixed it (it enters the knowledge base)',
    auth: 'iam',
    role: 'responder',
    body: ResolveBodySchema,
    status: 200,
    response: IncidentSummarySchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/notes',
    summary: 'Add a note to the timeline',
    auth: 'iam',
    role: 'responder',
    body: NoteBodySchema,
    status: 201,
    response: TimelineEntrySchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/merge',
    summary:
      'Merge this incident into another: the other takes its alerts, keeps the earliest start and the highest severity',
    auth: 'iam',
    role: 'admin',
    body: MergeBodySchema,
    status: 200,
    response: IncidentSummarySchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/split',
    summary: 'Move an alert out of this incident into an incident of its own',
    auth: 'iam',
    role: 'admin',
    body: SplitBodySchema,
    status: 201,
    response: IncidentSummarySchema,
  },
  {
    method: 'GET',
    path: '/incidents/{id}/review',
    summary:
      'A post-incident review draft in Markdown (summary, impact, response times against the usual, timeline, resolution, action items); 409 until the incident is resolved',
    auth: 'iam',
    status: 200,
    response: ReviewSchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/review/ticket',
    summary:
      "File the review as one ticket of the owner team's tracker: 202 when asked (the collaboration function files it), 200 with the ticket once filed; 409 until resolved or without a tracker",
    auth: 'iam',
    role: 'responder',
    status: 202,
    response: ReviewFilingSchema,
  },
  {
    method: 'GET',
    path: '/incidents/{id}/actions',
    summary: "The actions its alerts' rules propose: what each does, its mode and status, who decided, the run's name",
    auth: 'iam',
    status: 200,
    response: ActionListSchema,
  },
  {
    method: 'GET',
    path: '/incidents/{id}/actions/{actionId}/plan',
    summary: 'A dry run: the reads it made and exactly the requests a run would send now; nothing is changed',
    auth: 'iam',
    status: 200,
    response: ActionPlanSchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/actions/{actionId}/approve',
    summary:
      'Approve an action: the remediation workflow runs it once (approving again changes nothing); 409 when it cannot run',
    auth: 'iam',
    role: 'responder',
    status: 200,
    response: ActionSchema,
  },
  {
    method: 'POST',
    path: '/incidents/{id}/actions/{actionId}/reject',
    summary: 'Reject a suggested or waiting action: it never runs',
    auth: 'iam',
    role: 'responder',
    status: 200,
    response: ActionSchema,
  },
  {
    method: 'GET',
    path: '/alerts',
    summary: 'List alerts (one per fingerprint and generation), newest first, with the same filters',
    auth: 'iam',
    query: ListIncidentsQuerySchema,
    status: 200,
    response: AlertPageSchema,
  },
  {
    method: 'GET',
    path: '/alerts/{id}',
    summary: 'One alert, with its samples, actors, runbook and earlier resolutions of its rule on its cluster',
    auth: 'iam',
    status: 200,
    response: AlertDetailSchema,
  },
  {
    method: 'GET',
    path: '/alerts/{id}/timeline',
    summary: 'Every change of an alert, oldest first',
    auth: 'iam',
    status: 200,
    response: TimelineSchema,
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
    role: 'admin',
    body: CreateSilenceBodySchema,
    status: 201,
    response: SilenceSchema,
  },
  { method: 'DELETE', path: '/silences/{id}', summary: 'End a silence', auth: 'iam', role: 'admin', status: 204 },
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
    path: '/insights',
    summary:
      'MTTA and MTTR (median, p90) per team, cluster and rule, pages per incident, incidents per week and the noisiest rules, over the incidents resolved that started in a period (30 days unless since/until say otherwise)',
    auth: 'iam',
    query: InsightsQuerySchema,
    status: 200,
    response: InsightsSchema,
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
  {
    method: 'GET',
    path: '/act/{token}',
    summary:
      'The page behind an action link in a page: the action, the requests a run would send now, Approve and Reject buttons',
    auth: 'ack-link',
    status: 200,
  },
  {
    method: 'POST',
    path: '/act/{token}/approve',
    summary: 'Approve an action through a signed, expiring, single-use link from a page',
    auth: 'ack-link',
    status: 200,
  },
  {
    method: 'POST',
    path: '/act/{token}/reject',
    summary: 'Reject an action through a signed, expiring, single-use link from a page',
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

/** The route of a key. */
type RouteOf<K extends RouteKey> = (typeof ROUTE_TABLE)[number] extends infer R
  ? R extends unknown
    ? KeyOf<R> extends K
      ? R
      : never
    : never
  : never;

/** What the router parsed of a request for a route, with the route's own schemas (none: `undefined`). */
export interface ParsedRequest<K extends RouteKey> {
  readonly query: RouteOf<K> extends { readonly query: infer Q extends z.ZodMiniType } ? z.infer<Q> : undefined;
  readonly body: RouteOf<K> extends { readonly body: infer B extends z.ZodMiniType } ? z.infer<B> : undefined;
}

/** The key of a route. */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;
