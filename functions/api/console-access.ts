import type { APIGatewayProxyEvent } from 'aws-lambda';
import { httpError } from '../shared/http-errors.ts';
import type { ConsoleRole, RouteSpec } from './route-table.ts';
import { CONSOLE_ROLES } from './route-table.ts';

/**
 * Where the console reaches the API in AWS: every IAM route again under this prefix, behind the
 * Cognito user pool authorizer (CloudFront forwards `/api/*` of the console's origin to it).
 */
export const CONSOLE_API_PREFIX = '/api';

/** The Cognito claims API Gateway verified, when the request came through the user pool authorizer. */
type Claims = Record<string, unknown>;
const claimsOf = (event: APIGatewayProxyEvent): Claims | undefined =>
  event.requestContext?.authorizer?.claims as Claims | undefined;

/**
 * The groups of a `cognito:groups` claim, however API Gateway wrote it: a list, `a,b`, or `[a b]`
 * (REST and HTTP APIs serialise the list differently).
 */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The highest console role among the groups, if any is one. */
export function roleOf(groups: readonly string[]): ConsoleRole | undefined {
  return [...CONSOLE_ROLES].reverse().find((role) => groups.includes(role));
}

/** Who a signed-in person is in timelines: the e-mail the user pool verified, else the user name. */
export function consoleCaller(event: APIGatewayProxyEvent): string | undefined {
  const claims = claimsOf(event);
  if (!claims) return undefined;
  const name = claims.email ?? claims['cognito:username'];
  return typeof name === 'string' && name ? name : undefined;
}

/**
 * Let a console request through to its route, or refuse it: 401 without a verified identity (the
 * authorizer should have refused it already), 403 when the person's groups do not reach the role the
 * route asks for, with the role it needs in the message.
 */
export function admitConsoleRequest(event: APIGatewayProxyEvent, route: Pick<RouteSpec, 'role' | 'summary'>): void {
  const claims = claimsOf(event);
  if (!claims || !consoleCaller(event)) throw httpError(401, 'sign in to the console: this request has no identity');
  const needed = route.role ?? 'viewer';
  const role = roleOf(groupsOf(claims['cognito:groups']));
  if (role === undefined || CONSOLE_ROLES.indexOf(role) < CONSOLE_ROLES.indexOf(needed)) {
    const have = role ? `you are a ${role}` : 'you are in none of the groups viewer, responder, admin';
    const article = needed === 'admin' ? 'an' : 'a';
    throw httpError(
      403,
      `only ${article} ${needed} may do this (${route.summary.split(':')[0].toLowerCase()}); ${have}`,
    );
  }
}
