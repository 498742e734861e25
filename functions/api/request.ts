import { jsonContentTypePattern } from '@middy/util';
import { LINK_PAGE_POLICY } from './ack-page.ts';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { consoleCaller } from './console-access.ts';
import { httpError } from '../shared/http-errors.ts';

/** The caller: the person signed in to the console, the IAM principal API Gateway verified, or the local identity. */
export function callerOf(event: APIGatewayProxyEvent): string {
  const identity = event.requestContext?.identity;
  return (
    consoleCaller(event) ??
    identity?.userArn ??
    identity?.caller ??
    (event.requestContext?.authorizer?.principalId as string | undefined) ??
    'anonymous'
  );
}

/** A path parameter, percent-decoded; malformed encoding (`%ZZ`) is the caller's 400, not a URIError. */
export function pathParameter(event: APIGatewayProxyEvent, name: string): string {
  const raw = event.pathParameters?.[name] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw httpError(400, `path: the ${name} is not valid percent-encoding`);
  }
}

/**
 * The JSON body of a request that takes one. The content type must say JSON, also for an empty
 * body: a web page can send a form or text/plain to any address without a CORS preflight, JSON not.
 */
export function jsonBody(event: APIGatewayProxyEvent): unknown {
  if (!jsonContentTypePattern.test(event.headers?.['content-type'] ?? '')) {
    throw httpError(415, 'send the request body as JSON with Content-Type: application/json');
  }
  const body: unknown = event.body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    throw httpError(400, 'request body is not valid JSON');
  }
}

/** A JSON response. */
export const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** A link page (acknowledge, approve or reject) that no cache keeps, under the policy that lets its forms post. */
export const html = (statusCode: number, body: string): APIGatewayProxyResult => ({
  statusCode,
  headers: {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': LINK_PAGE_POLICY,
  },
  body,
});
