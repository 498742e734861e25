import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { localLambdaContext } from '../../local/lambda-context.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { signal } from '../helpers/signal.ts';

// The console's routes as API Gateway delivers them after its Cognito authorizer: the verified
// claims under requestContext.authorizer.claims, every value a string (cognito:groups too).
let runtime: LocalRuntime;
let incidentId: string;
const now = Date.parse('2026-11-24T10:00:00Z');

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: parseConfig({ clusters: [{ name: 'alpha' }] }),
    clock: () => now,
    escalation: false,
  });
  await storeSignals([signal({ fingerprint: 'fpConsoleAccess0000001', cluster: 'alpha' })], runtime.deps);
  incidentId = runtime.alerts.get('fpConsoleAccess0000001.1')?.incidentId ?? 'missing';
});
afterAll(async () => runtime.close());

/** One request to the API function, as API Gateway sends it for a console route. */
async function call(
  method: string,
  path: string,
  claims: Record<string, string> | undefined,
  body?: unknown,
): Promise<{ status: number; json: { message?: string } & Record<string, unknown> }> {
  const event = {
    httpMethod: method,
    path,
    resource: path,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    queryStringParameters: null,
    pathParameters: null,
    body: body === undefined ? null : JSON.stringify(body),
    requestContext: { stage: 'v1', identity: {}, ...(claims ? { authorizer: { claims } } : {}) },
  } as unknown as APIGatewayProxyEvent;
  const result = (await runtime.apiHandler()(event, localLambdaContext('api'))) as APIGatewayProxyResult;
  return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : {} };
}

const person = (groups: string) => ({
  email: 'jane@example.com',
  'cognito:username': 'b1f2',
  'cognito:groups': groups,
});

describe('the console routes under /api', () => {
  it('let a viewer read incidents, status and the OpenAPI document', async () => {
    // Act
    const list = await call('GET', '/api/incidents', person('viewer'));
    const summary = await call('GET', '/api/summary', person('viewer'));
    const openapi = await call('GET', '/api/openapi.json', person('viewer'));

    // Assess
    expect(list.status).toBe(200);
    expect((list.json.items as Array<{ id: string }>).map((i) => i.id)).toEqual([incidentId]);
    expect(summary.status).toBe(200);
    expect(openapi.status).toBe(200);
  });

  it('refuse a viewer who tries to acknowledge, saying which role it takes', async () => {
    // Act
    const { status, json } = await call('POST', `/api/incidents/${incidentId}/acknowledge`, person('viewer'), {});

    // Assess
    expect(status).toBe(403);
    expect(json.message).toBe('only a responder may do this (acknowledge an open incident); you are a viewer');
    expect((await call('GET', `/api/incidents/${incidentId}`, person('viewer'))).json.status).toBe('open');
  });

  it('let a responder acknowledge, with the person named in the timeline', async () => {
    // Act
    const { status } = await call('POST', `/api/incidents/${incidentId}/acknowledge`, person('[viewer responder]'), {
      comment: 'looking',
    });
    const timeline = await call('GET', `/api/incidents/${incidentId}/timeline`, person('viewer'));

    // Assess
    expect(status).toBe(200);
    expect((await call('GET', `/api/incidents/${incidentId}`, person('viewer'))).json.status).toBe('acknowledged');
    expect(JSON.stringify(timeline.json)).toContain('jane@example.com');
  });

  it('keep silences to admins', async () => {
    // Prepare
    const silence = {
      matchers: { cluster: ['alpha'] },
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: 'maintenance',
    };

    // Act
    const responder = await call('POST', '/api/silences', person('responder'), silence);
    const admin = await call('POST', '/api/silences', person('admin,viewer'), silence);

    // Assess
    expect(responder.status).toBe(403);
    expect(responder.json.message).toContain('only an admin may do this');
    expect(admin.status).toBe(201);
    expect(admin.json.createdBy).toBe('jane@example.com');
  });

  it('refuse a person in no Watchkeeper group, and a request without a verified identity', async () => {
    // Act
    const stranger = await call('GET', '/api/incidents', person('finance'));
    const nobody = await call('GET', '/api/incidents', undefined);

    // Assess
    expect(stranger.status).toBe(403);
    expect(stranger.json.message).toContain('you are in none of the groups viewer, responder, admin');
    expect(nobody.status).toBe(401);
    expect(nobody.json.message).toBe('sign in to the console: this request has no identity');
  });
});
