import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { createApiHandler } from '../functions/api/handler.ts';
import { ROUTES } from '../functions/api/routes.ts';
import { localLambdaContext } from './lambda-context.ts';

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  /** @default 8080; 0 picks a free port */
  readonly port?: number;
  /** When set, every IAM route requires `Authorization: Bearer <token>` (IAM itself exists only in AWS). */
  readonly token?: string;
  /** Identity recorded for acknowledgements and notes. @default 'local-user' */
  readonly identity?: string;
  /** The Alertmanager webhook handler, served on `POST /alertmanager`. */
  readonly alertmanager?: ReturnType<typeof createApiHandler>;
  /** When set, `POST /alertmanager` requires `Authorization: Bearer <token>`. */
  readonly alertmanagerToken?: string;
}

/** A running local API server. */
export interface ApiServer {
  readonly url: string;
  close(): Promise<void>;
}

const IAM_ROUTES = ROUTES.filter((r) => r.auth === 'iam').map((r) => ({
  method: r.method,
  pattern: new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serve the API Lambda handler over real HTTP on 127.0.0.1: each request becomes the API Gateway
 * proxy event the deployed API would send, and the handler's response is written back.
 */
export async function startApiServer(
  handler: ReturnType<typeof createApiHandler>,
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const server: Server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const method = request.method ?? 'GET';
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      if (
        options.token &&
        IAM_ROUTES.some((r) => r.method === method && r.pattern.test(url.pathname)) &&
        headers.authorization !== `Bearer ${options.token}`
      ) {
        response
          .writeHead(403, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ message: 'missing or wrong bearer token' }));
        return;
      }
      const webhook = method === 'POST' && url.pathname === '/alertmanager' ? options.alertmanager : undefined;
      if (webhook && options.alertmanagerToken && headers.authorization !== `Bearer ${options.alertmanagerToken}`) {
        response
          .writeHead(403, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ message: 'missing or wrong bearer token' }));
        return;
      }
      const query = Object.fromEntries(url.searchParams);
      const body = await readBody(request);
      const event = {
        httpMethod: method,
        path: url.pathname,
        resource: url.pathname,
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
          path: url.pathname,
          httpMethod: method,
          identity: { userArn: options.identity ?? 'local-user', sourceIp: request.socket.remoteAddress },
        },
      } as unknown as APIGatewayProxyEvent;
      const result = await (webhook ?? handler)(
        event,
        localLambdaContext(webhook ? 'watchkeeper-alertmanager' : 'watchkeeper-api'),
      );
      response.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body);
    } catch (error) {
      response
        .writeHead(500, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ message: 'internal error' }));
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
