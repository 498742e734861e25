import { readFileSync } from 'node:fs';
import { withSettings } from '../console/page-settings.ts';
import { consoleContentSecurityPolicy } from '../console/security-headers.ts';
import { CONSOLE_API_PREFIX } from '../functions/api/console-access.ts';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authorizeAckLink } from '../functions/ack-authorizer/handler.ts';
import type { createApiHandler } from '../functions/api/handler.ts';
import { ROUTE_TABLE } from '../functions/api/route-table.ts';
import type { RouteAuth } from '../functions/api/route-table.ts';
import { localLambdaContext } from './lambda-context.ts';

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  /** @default 8080; 0 picks a free port */
  readonly port?: number;
  /**
   * When set, every route but the acknowledgement links and the webhook requires
   * `Authorization: Bearer <token>` (IAM itself exists only in AWS).
   */
  readonly token?: string;
  /** Identity recorded for acknowledgements and notes. @default 'local-user' */
  readonly identity?: string;
  /** The Alertmanager webhook handler, served on `POST /alertmanager`. */
  readonly alertmanager?: ReturnType<typeof createApiHandler>;
  /** When set, `POST /alertmanager` requires `Authorization: Bearer <token>`. */
  readonly alertmanagerToken?: string;
  /** The key of acknowledgement links: `/ack/{token}` passes the same authorizer as in AWS. */
  readonly ackKey?: string;
  /** The clock the authorizer checks link expiry against. @default Date.now */
  readonly clock?: () => number;
  /** A built console (`console/build.ts`) to serve at `/`, saying on screen that nobody signs in. */
  readonly consoleDir?: string;
  /** The business status page's folder, served at `/status/` as CloudFront serves it in AWS. */
  readonly statusPageDir?: string;
  /**
   * Sign-in as in AWS: the console sends people to `url` (a Cognito hosted UI, or a stand-in serving its
   * OAuth endpoints) and calls the API under `/api` with the ID token, which `claimsOf` checks as the
   * user pool authorizer does: the token's claims, or undefined to refuse it with 401.
   */
  readonly consoleSignIn?: {
    readonly url: string;
    readonly clientId: string;
    readonly claimsOf: (token: string) => Record<string, string> | undefined;
  };
}

/** A running local API server. */
export interface ApiServer {
  readonly url: string;
  close(): Promise<void>;
}

/** API Gateway's own payload limit: larger requests never reach a function. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1_048_576;
/** How much of an oversized body is read (and dropped) so that the client gets the 413 before the socket closes. */
const DRAIN_LIMIT_BYTES = 64 * 1_048_576;

const ROUTE_AUTH = ROUTE_TABLE.map((route) => ({
  auth: route.auth as RouteAuth,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

/** The path the router will match: no trailing slash, so auth is decided on the same path as routing. */
export function normalizePath(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/+$/, '') : collapsed;
}

/** How a path is authorized; anything that is not a link or the webhook needs the token (default deny). */
function authOf(path: string): RouteAuth | 'webhook' {
  if (path === '/alertmanager') return 'webhook';
  return ROUTE_AUTH.find((route) => route.pattern.test(path))?.auth ?? 'iam';
}

const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));

/** The body, or `undefined` (and a 413 sent) when it is larger than API Gateway would take. */
async function readBody(request: IncomingMessage, response: ServerResponse): Promise<string | undefined> {
  const declared = Number(request.headers['content-length'] ?? 0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > DRAIN_LIMIT_BYTES) break;
    if (size <= GATEWAY_MAX_BODY_BYTES && declared <= GATEWAY_MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > GATEWAY_MAX_BODY_BYTES || declared > GATEWAY_MAX_BODY_BYTES) {
    sendJson(
      response,
      413,
      { message: `request body is larger than ${GATEWAY_MAX_BODY_BYTES} bytes` },
      { Connection: 'close' },
    );
    if (size > DRAIN_LIMIT_BYTES) request.socket.destroySoon();
    return undefined;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What the console's files are served with (as CloudFront's response headers policy does). */
export const CONSOLE_HEADERS = {
  'Content-Security-Policy': consoleContentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
/** The console's headers when it signs people in at `signInUrl` (its origin may be called). */
const consoleHeaders = (signInUrl?: string) =>
  signInUrl
    ? { ...CONSOLE_HEADERS, 'Content-Security-Policy': consoleContentSecurityPolicy(new URL(signInUrl).origin) }
    : CONSOLE_HEADERS;
const CONSOLE_FILES: Readonly<Record<string, readonly [string, string]>> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/console/app.js': ['console/app.js', 'text/javascript; charset=utf-8'],
  '/console/app.css': ['console/app.css', 'text/css; charset=utf-8'],
};

const STATUS_FILES: Readonly<Record<string, readonly [string, string]>> = {
  '/status': ['index.html', 'text/html; charset=utf-8'],
  '/status/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/status/status.json': ['status.json', 'application/json'],
  '/status/style.css': ['style.css', 'text/css; charset=utf-8'],
};

/** Answer a request for a status page file; false when the path is not one. */
function serveStatusPage(dir: string, path: string, response: ServerResponse): boolean {
  const file = STATUS_FILES[path];
  if (!file) return false;
  let body: Buffer;
  try {
    body = readFileSync(join(dir, file[0]));
  } catch {
    sendJson(response, 404, { message: 'the status page has not been written yet' });
    return true;
  }
  response.writeHead(200, { 'Content-Type': file[1], 'Cache-Control': 'max-age=60', ...CONSOLE_HEADERS }).end(body);
  return true;
}

/** Answer a request for a console file; false when the path is not one (the API's, then). */
function serveConsole(dir: string, path: string, response: ServerResponse, options: ApiServerOptions): boolean {
  const file = CONSOLE_FILES[path];
  if (!file) return false;
  let body = readFileSync(join(dir, file[0]));
  const signIn = options.consoleSignIn;
  if (file[0] === 'index.html') {
    const settings = signIn ? { api: CONSOLE_API_PREFIX, signIn } : { api: '' };
    body = Buffer.from(withSettings(body.toString('utf8'), settings));
  }
  response
    .writeHead(200, { 'Content-Type': file[1], 'Cache-Control': 'no-cache', ...consoleHeaders(signIn?.url) })
    .end(body);
  return true;
}

/**
 * Serve the API Lambda handler over real HTTP on 127.0.0.1, as API Gateway would: the same
 * authorizer on acknowledgement links, a bearer token in place of IAM, the 10 MB payload limit, and
 * each request turned into the proxy event the deployed API sends.
 */
export async function startApiServer(
  handler: ReturnType<typeof createApiHandler>,
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const server: Server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const path = normalizePath(url.pathname);
      const method = request.method ?? 'GET';
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      if (
        options.statusPageDir &&
        (method === 'GET' || method === 'HEAD') &&
        serveStatusPage(options.statusPageDir, path, response)
      )
        return;
      if (
        options.consoleDir &&
        (method === 'GET' || method === 'HEAD') &&
        serveConsole(options.consoleDir, path, response, options)
      )
        return;
      // The console's routes: the user pool authorizer's part, then the handler admits the person by group.
      let claims: Record<string, string> | undefined;
      if (options.consoleSignIn && path.startsWith(`${CONSOLE_API_PREFIX}/`)) {
        claims = options.consoleSignIn.claimsOf(headers.authorization ?? '');
        if (!claims) {
          request.resume();
          sendJson(response, 401, { message: 'Unauthorized' });
          return;
        }
      }
      const auth = claims ? 'none' : authOf(path);
      const webhook = auth === 'webhook' && method === 'POST' ? options.alertmanager : undefined;
      const bearer = webhook ? options.alertmanagerToken : auth === 'iam' ? options.token : undefined;
      if (bearer && headers.authorization !== `Bearer ${bearer}`) {
        request.resume();
        sendJson(response, 403, { message: 'missing or wrong bearer token' });
        return;
      }
      let principalId: string | undefined;
      if (auth === 'ack-link' && options.ackKey) {
        const decision = authorizeAckLink(
          {
            path,
            pathParameters: { token: path.split('/')[2] ?? '' },
            methodArn: `local:${method}${path}`,
          } as never as APIGatewayRequestAuthorizerEvent,
          options.ackKey,
          Math.floor((options.clock ?? Date.now)() / 1000),
        );
        if (decision.policyDocument.Statement[0].Effect !== 'Allow') {
          request.resume();
          sendJson(response, 403, { message: 'this acknowledgement link is invalid or has expired' });
          return;
        }
        principalId = decision.principalId;
      }
      const body = await readBody(request, response);
      if (body === undefined) return;
      const query = Object.fromEntries(url.searchParams);
      const event = {
        httpMethod: method,
        path,
        resource: path,
        headers,
        multiValueHeaders: {},
        queryStringParameters: Object.keys(query).length ? query : null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        body: body === '' ? null : body,
        isBase64Encoded: false,
        requestContext: {
          stage: 'local',
          path,
          httpMethod: method,
          identity: { userArn: options.identity ?? 'local-user', sourceIp: request.socket.remoteAddress },
          ...(principalId ? { authorizer: { principalId } } : claims ? { authorizer: { claims } } : {}),
        },
      } as unknown as APIGatewayProxyEvent;
      const result = await (webhook ?? handler)(
        event,
        localLambdaContext(webhook ? 'watchkeeper-alertmanager' : 'watchkeeper-api'),
      );
      response.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body);
    } catch (error) {
      if (!response.headersSent) sendJson(response, 500, { message: 'internal error' });
      process.stderr.write(`watchkeeper api: ${(error as Error).stack}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
