import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { parseAlertId } from '../core/alerts/lifecycle.ts';
import { logger } from '../shared/powertools.ts';
import { escapeHtml } from '../core/escape-html.ts';
import { ackPage } from './ack-page.ts';
import { actionDecidedPage, actionLinkPage } from './action-page.ts';
import { httpError, parseOr400 } from '../shared/http-errors.ts';
import type { Api } from '../operations/api-deps.ts';
import { callerOf, html, json, jsonBody, pathParameter } from './request.ts';
import type { ParsedRequest, RouteKey, RouteSpec } from './route-table.ts';
import { ROUTE_TABLE, routeKey } from './route-table.ts';
import { parseIncidentId } from '../core/incidents/ids.ts';

/** What serves a route: HTTP in, the API's operation, HTTP out. */
export type RouteHandler = (event: APIGatewayProxyEvent, api: Api) => Promise<APIGatewayProxyResult>;

/** What serves one route: the request, what the router parsed of it with the route's schemas, the API. */
type Handler<K extends RouteKey> = (
  event: APIGatewayProxyEvent,
  parsed: ParsedRequest<K>,
  api: Api,
) => Promise<APIGatewayProxyResult>;

/** A route with its handler, as the router takes it. */
export interface Route extends RouteSpec {
  readonly handler: RouteHandler;
}

/** The incident id of the path; one that cannot be an id is unknown (404), logged as the correlation key. */
const incidentId = (event: APIGatewayProxyEvent): string => {
  const id = pathParameter(event, 'id');
  if (!parseIncidentId(id)) throw httpError(404, `no incident ${id.slice(0, 100)}`);
  logger.appendKeys({ incidentId: id });
  return id;
};

/** The alert id of the path; one that cannot be an id is unknown (404). */
const alertId = (event: APIGatewayProxyEvent): string => {
  const id = pathParameter(event, 'id');
  if (!parseAlertId(id)) throw httpError(404, `no alert ${id.slice(0, 100)}`);
  logger.appendKeys({ alertId: id });
  return id;
};

/** Action ids are `a1` … `a20`: anything else is unknown (404). */
const actionId = (event: APIGatewayProxyEvent): string => {
  const id = pathParameter(event, 'actionId');
  if (!/^a\d{1,3}$/.test(id)) throw httpError(404, `no action ${id.slice(0, 100)}`);
  return id;
};

/** Silence ids are UUIDs: anything else is unknown (404) without a store call (a key may not exceed 1 KB). */
const SILENCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const silenceId = (event: APIGatewayProxyEvent): string => {
  const id = pathParameter(event, 'id');
  if (!SILENCE_ID.test(id)) throw httpError(404, `no silence ${id.slice(0, 100)}`);
  return id;
};

/** Every route's handler; the type makes a route without one (or a handler without a route) a compile error. */
const HANDLERS: { readonly [K in RouteKey]: Handler<K> } = {
  'GET /incidents': async (_event, parsed, api) => json(200, await api.incidents.list(parsed.query)),
  'GET /incidents/{id}': async (event, _parsed, api) => json(200, await api.incidents.get(incidentId(event))),
  'GET /incidents/{id}/timeline': async (event, _parsed, api) =>
    json(200, await api.incidents.timeline(incidentId(event))),
  'GET /incidents/{id}/alerts': async (event, _parsed, api) => json(200, await api.incidents.alerts(incidentId(event))),
  'GET /incidents/{id}/review': async (event, _parsed, api) => json(200, await api.reviews.get(incidentId(event))),
  'GET /incidents/{id}/actions': async (event, _parsed, api) => json(200, await api.actions.list(incidentId(event))),
  'GET /incidents/{id}/actions/{actionId}/plan': async (event, _parsed, api) =>
    json(200, await api.actions.plan(incidentId(event), actionId(event))),
  'POST /incidents/{id}/actions/{actionId}/approve': async (event, _parsed, api) =>
    json(200, await api.actions.decide(incidentId(event), actionId(event), 'approve', callerOf(event))),
  'POST /incidents/{id}/actions/{actionId}/reject': async (event, _parsed, api) =>
    json(200, await api.actions.decide(incidentId(event), actionId(event), 'reject', callerOf(event))),
  'POST /incidents/{id}/review/ticket': async (event, _parsed, api) => {
    const { status, body } = await api.reviews.file(incidentId(event), callerOf(event));
    return json(status, body);
  },
  'POST /incidents/{id}/acknowledge': async (event, parsed, api) => {
    return json(200, await api.incidents.acknowledge(incidentId(event), callerOf(event), parsed.body.comment));
  },
  'POST /incidents/{id}/resolve': async (event, parsed, api) => {
    return json(200, await api.incidents.resolve(incidentId(event), callerOf(event), parsed.body.resolution));
  },
  'POST /incidents/{id}/notes': async (event, parsed, api) => {
    return json(201, await api.incidents.note(incidentId(event), callerOf(event), parsed.body.text));
  },
  'POST /incidents/{id}/merge': async (event, parsed, api) => {
    const { body } = parsed;
    if (!parseIncidentId(body.into)) throw httpError(404, `no incident ${body.into}`);
    return json(200, await api.incidents.merge(incidentId(event), body.into, callerOf(event)));
  },
  'POST /incidents/{id}/split': async (event, parsed, api) => {
    const { body } = parsed;
    if (!parseAlertId(body.alert)) throw httpError(404, `no alert ${body.alert}`);
    return json(201, await api.incidents.split(incidentId(event), body.alert, callerOf(event)));
  },
  'GET /alerts': async (_event, parsed, api) => json(200, await api.alerts.list(parsed.query)),
  'GET /alerts/{id}': async (event, _parsed, api) => json(200, await api.alerts.get(alertId(event))),
  'GET /alerts/{id}/timeline': async (event, _parsed, api) => json(200, await api.alerts.timeline(alertId(event))),
  'GET /silences': async (_event, _parsed, api) => json(200, await api.silences.list()),
  'POST /silences': async (event, parsed, api) => json(201, await api.silences.create(parsed.body, callerOf(event))),
  'DELETE /silences/{id}': async (event, _parsed, api) => {
    await api.silences.delete(silenceId(event));
    return { statusCode: 204, body: '' };
  },
  'GET /rules': async (_event, _parsed, api) => json(200, await api.catalogue.rules()),
  'GET /incidents/counts': async (_event, parsed, api) => json(200, await api.incidents.counts(parsed.query)),
  'GET /summary': async (_event, _parsed, api) => json(200, await api.catalogue.summary()),
  'GET /insights': async (_event, parsed, api) => json(200, await api.insights.get(parsed.query)),
  'GET /ack/{token}': async (event) =>
    html(
      200,
      ackPage(
        'Acknowledge incident',
        'Acknowledge this incident? Escalation to the next tier stops.',
        `<form method="post" action="${escapeHtml(event.requestContext?.path ?? event.path)}"><button type="submit">Acknowledge</button></form>`,
      ),
    ),
  'POST /ack/{token}': async (event, _parsed, api) => {
    const incident = await api.incidents.acknowledgeByLink(pathParameter(event, 'token'));
    const by = incident.acknowledgedBy ? ` (by ${escapeHtml(incident.acknowledgedBy)})` : '';
    const text = `${escapeHtml(incident.title)} on ${escapeHtml(incident.cluster)} is ${incident.status}${by}.`;
    if (/json/.test(event.headers?.accept ?? ''))
      return json(200, { id: incident.id, status: incident.status, acknowledgedBy: incident.acknowledgedBy });
    const link = api.incidents.consoleLinkOf(incident.id);
    const more = link ? `<p><a href="${escapeHtml(link)}">Open the incident in the console</a></p>` : undefined;
    return html(200, ackPage('Acknowledged', text, more));
  },
  'GET /act/{token}': async (event, _parsed, api) =>
    html(
      200,
      actionLinkPage(await api.actions.byLink(pathParameter(event, 'token')), event.requestContext?.path ?? event.path),
    ),
  'POST /act/{token}/approve': (event, _parsed, api) => decideByLink(event, api, 'approve'),
  'POST /act/{token}/reject': (event, _parsed, api) => decideByLink(event, api, 'reject'),
};

/** Approve or reject through an action link: a page for people, JSON for `Accept: application/json`. */
async function decideByLink(
  event: APIGatewayProxyEvent,
  api: Api,
  decision: 'approve' | 'reject',
): Promise<APIGatewayProxyResult> {
  const view = await api.actions.decideByLink(pathParameter(event, 'token'), decision);
  if (/json/.test(event.headers?.accept ?? '')) return json(200, view.action);
  return html(200, actionDecidedPage(view, api.incidents.consoleLinkOf(view.incident.id)));
}

/**
 * Every route of the incident API with its handler. The router validates a route's query and body
 * with the route's own schemas, once, before its handler (a 400 that names the field).
 */
export const ROUTES: readonly Route[] = ROUTE_TABLE.map((spec: RouteSpec) => {
  const handler = HANDLERS[routeKey(spec) as RouteKey] as Handler<RouteKey>;
  return {
    ...spec,
    handler: (event: APIGatewayProxyEvent, api: Api) =>
      handler(
        event,
        {
          query: spec.query ? parseOr400(spec.query, event.queryStringParameters ?? {}, 'query') : undefined,
          body: spec.body ? parseOr400(spec.body, jsonBody(event), 'body') : undefined,
        } as ParsedRequest<RouteKey>,
        api,
      ),
  };
});
