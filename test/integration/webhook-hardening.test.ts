import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createAlertmanagerHandler } from '../../functions/alertmanager/handler.ts';
import { logger } from '../../functions/shared/powertools.ts';
import { localLambdaContext } from '../../local/lambda-context.ts';
import { MAX_ESCALATIONS_PER_DELIVERY } from '../../functions/core/ingest/ingest.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { auditEvent } from '../helpers/audit-event.ts';
import { alertmanagerPayload } from '../helpers/external-events.ts';
import { request } from '../helpers/http.ts';

let runtime: LocalRuntime;
let server: ApiServer;
const now = Date.parse('2026-11-24T03:00:00Z');
const SECRETS = [
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlLXNlY3JldA',
  'hunter2-db-password',
  'sk_live_12345',
];

beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), clock: () => now });
  server = await runtime.serve({ port: 0 });
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

const post = (payload: unknown) => request(server.url, 'POST', '/alertmanager', payload);
const alerts = (payload: ReturnType<typeof alertmanagerPayload>) => payload.alerts as Array<Record<string, unknown>>;

describe('secrets in free text', () => {
  it('never stores, shows or pages a token or password from labels, annotations or a user agent', async () => {
    // Prepare
    const payload = alertmanagerPayload([
      {
        name: 'KubeAPIErrorBudgetBurn',
        fingerprint: 'secretfp01',
        labels: { severity: 'critical', password: SECRETS[1], endpoint: `https://x?api_key=${SECRETS[2]}` },
      },
    ]);
    const [alert] = alerts(payload);
    alert.annotations = {
      summary: `calls fail with Authorization: Bearer ${SECRETS[0]}`,
      description: `the client sends password=${SECRETS[1]}`,
    };
    const exec = auditEvent({
      objectRef: { resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web-0' },
      userAgent: `curl/8 Authorization: Bearer ${SECRETS[0]}`,
      responseStatus: { code: 101 },
    });

    // Act
    expect((await post(payload)).status).toBe(200);
    await runtime.deliver({ file: 'audit.jsonl', text: JSON.stringify(exec) });
    await runtime.settle();

    // Assess: the store, the API and every page.
    const alertIds = [...runtime.alerts.keys()];
    const incidentIds = [...runtime.incidents.keys()];
    const stored = JSON.stringify([
      ...(await Promise.all(alertIds.map((id) => runtime.store.getAlert(id)))),
      ...(await Promise.all(incidentIds.map((id) => runtime.incidentStore.get(id)))),
    ]);
    const shown = JSON.stringify([
      ...(await Promise.all(alertIds.map((id) => request(server.url, 'GET', `/alerts/${id}`)))),
      ...(await Promise.all(incidentIds.map((id) => request(server.url, 'GET', `/incidents/${id}`)))),
    ]);
    const paged = JSON.stringify(runtime.outbox.entries);
    expect(runtime.outbox.entries.length).toBeGreaterThan(0);
    for (const secret of SECRETS) {
      expect(stored).not.toContain(secret);
      expect(shown).not.toContain(secret);
      expect(paged).not.toContain(secret);
    }
    expect(stored).toContain('[REDACTED]');
  });
});

describe('one bad alert in a payload', () => {
  it.each([
    [{ severity: 5 }, 'medium'],
    [{ team: 9 }, 'medium'],
  ])('reads label %j as text and keeps the alert', async (labels, severity) => {
    const payload = alertmanagerPayload([
      { name: 'KubePodCrashLooping', labels: labels as never, fingerprint: `fp${JSON.stringify(labels)}` },
    ]);
    const { status, json } = await post(payload);
    expect(status).toBe(200);
    expect(json).toMatchObject({ alerts: 1, quarantined: 0, signals: 1 });
    const [{ alertId, incidentId }] = json.touchedAlerts;
    expect((await request(server.url, 'GET', `/alerts/${alertId}`)).json.severity).toBe(severity);
    expect((await request(server.url, 'GET', `/incidents/${incidentId}`)).json.severity).toBe(severity);
  });

  it('keeps the valid alert beside ones whose labels are objects or lists, and quarantines those with the reason', async () => {
    // Prepare
    const payload = alertmanagerPayload([
      { name: 'KubeNodeNotReady', fingerprint: 'goodfp0001', labels: { node: 'ip-10-0-1-1', namespace: 7 as never } },
      { name: 'KubeNodeNotReady', fingerprint: 'badfp0001' },
      { name: 'KubeNodeNotReady', fingerprint: 'badfp0002' },
      { name: 'x', fingerprint: 'badfp0003' },
    ]);
    const [, second, third, fourth] = alerts(payload);
    (second.labels as Record<string, unknown>).cluster = {};
    (third.labels as Record<string, unknown>).cluster = [12345];
    (fourth.labels as Record<string, unknown>).alertname = {};

    // Act
    const { status, json } = await post(payload);

    // Assess
    expect(status).toBe(200);
    expect(json).toMatchObject({ alerts: 4, signals: 1, quarantined: 3 });
    const reasons = [...runtime.quarantine.records.values()].map((r) => r.reason).join('\n');
    expect(reasons).toContain('labels.cluster is an object, not a string');
    expect(reasons).toContain('labels.cluster is a list, not a string');
    expect(reasons).toContain('labels.alertname is an object, not a string');
    const listed = await request(server.url, 'GET', '/incidents?namespace=7');
    expect(listed.json.items.map((i: { namespace: string }) => i.namespace)).toEqual(['7']);
  });

  it('quarantines the one alert whose labels use __proto__ or constructor, and keeps the others', async () => {
    // Prepare: JSON text, since an object literal cannot hold an own __proto__ key
    const payload = alertmanagerPayload([
      { name: 'KubeNodeNotReady', fingerprint: 'protofp0001', labels: { pollute: 'x' } },
      { name: 'KubeNodeNotReady', fingerprint: 'protofp0002', labels: { pollute: 'y' } },
      { name: 'KubeNodeNotReady', fingerprint: 'protogood01', labels: { node: 'ip-10-0-9-9' } },
    ]);
    const text = JSON.stringify(payload)
      .replace('"pollute":"x"', '"__proto__":{"isAdmin":true}')
      .replace('"pollute":"y"', '"constructor":{"prototype":{"isAdmin":true}}');

    // Act
    const answer = await request(server.url, 'POST', '/alertmanager', text, { 'content-type': 'application/json' });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ alerts: 3, signals: 1, quarantined: 2 });
    const reasons = [...runtime.quarantine.records.values()].map((r) => r.reason).join('\n');
    expect(reasons).toContain('labels.__proto__ is a forbidden key');
    expect(reasons).toContain('labels.constructor is a forbidden key');
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    const listed = await request(server.url, 'GET', '/alerts?cluster=prod-eu-1');
    expect(JSON.stringify(listed.json)).toContain('ip-10-0-9-9');
  });

  it('refuses more than 1,000 alerts in one payload with 413 and stores none of them', async () => {
    const payload = alertmanagerPayload(
      Array.from({ length: 10_000 }, (_, i) => ({ name: 'KubePodNotReady', fingerprint: `storm${i}` })),
    );
    const before = runtime.incidents.size;
    const { status, json } = await post(payload);
    expect(status).toBe(413);
    expect(json.message).toContain('the limit is 1000 per payload');
    expect(runtime.incidents.size).toBe(before);
  });

  it('answers a body that is not JSON with 415 or 400, never 500', async () => {
    expect(
      (await request(server.url, 'POST', '/alertmanager', 'alerts=1', { 'content-type': 'text/plain' })).status,
    ).toBe(415);
    expect(
      (await request(server.url, 'POST', '/alertmanager', '{"alerts":', { 'content-type': 'application/json' })).status,
    ).toBe(400);
    expect(
      (await request(server.url, 'POST', '/alertmanager', '[1,2]', { 'content-type': 'application/json' })).status,
    ).toBe(400);
  });
});

describe("a failure that is not the caller's", () => {
  it('is answered 500 without detail and logged as an error', async () => {
    // Prepare: a store that is down.
    const errors = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const broken = createAlertmanagerHandler(
      () => ({
        ...runtime.deps,
        alerts: {
          applyAggregates: async () => {
            throw new Error('dynamodb unreachable: secret-host.internal');
          },
          changeAlert: async () => {
            throw new Error('dynamodb unreachable: secret-host.internal');
          },
        },
      }),
      () => runtime.platform.settings,
    );
    const event = {
      httpMethod: 'POST',
      path: '/alertmanager',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alertmanagerPayload([{ name: 'KubePodCrashLooping', fingerprint: 'down0001' }])),
    };

    // Act
    const response = await broken(event as never, localLambdaContext('watchkeeper-alertmanager'));

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('{"message":"internal error"}');
    expect(errors).toHaveBeenCalledWith('request failed', expect.objectContaining({ error: expect.any(Error) }));
    errors.mockRestore();
  });
});

describe('an alert storm in one payload', () => {
  it('starts a bounded number of escalations at once and the rest soon after: every incident is paged', async () => {
    // Prepare
    const n = MAX_ESCALATIONS_PER_DELIVERY + 30;
    const payload = alertmanagerPayload(
      Array.from({ length: n }, (_, i) => ({
        name: 'KubePodNotReady',
        fingerprint: `burst${i}`,
        labels: { severity: 'low', pod: `p${i}` },
      })),
    );

    // Act
    const { json } = await post(payload);
    await runtime.settle();

    // Assess
    expect(json).toMatchObject({ created: n, escalations: MAX_ESCALATIONS_PER_DELIVERY, deferredEscalations: 30 });
    const burst = new Set(json.touchedAlerts.map((a: { incidentId: string }) => a.incidentId));
    const paged = runtime.outbox.entries.filter((e) => e.kind !== 'status' && burst.has(e.incidentId));
    expect(new Set(paged.map((e) => e.incidentId)).size).toBe(n);
  });
});

describe('out of order', () => {
  it('keeps a resolution that arrives before its firing, and the late firing never opens an incident', async () => {
    // Prepare
    const resolved = alertmanagerPayload([
      { name: 'KubeDeploymentReplicasMismatch', status: 'resolved', fingerprint: 'order0001' },
    ]);
    const firing = alertmanagerPayload([{ name: 'KubeDeploymentReplicasMismatch', fingerprint: 'order0001' }]);
    const pagesBefore = runtime.outbox.pages;

    // Act
    const first = await post(resolved);
    const late = await post(firing);
    await runtime.settle();

    // Assess
    expect(first.json).toMatchObject({ resolved: 1, created: 0 });
    expect(late.json).toMatchObject({ late: 1, created: 0, reopened: 0, escalations: 0 });
    const [{ alertId, incidentId }] = first.json.touchedAlerts;
    const { json } = await request(server.url, 'GET', `/alerts/${alertId}`);
    expect(json).toMatchObject({
      status: 'resolved',
      resolvedBy: 'alertmanager',
      firstSeen: '2026-11-24T02:40:00.000Z',
      count: 1,
    });
    expect((await request(server.url, 'GET', `/incidents/${incidentId}`)).json).toMatchObject({
      status: 'resolved',
      alertCount: 1,
    });
    expect(runtime.outbox.pages).toBe(pagesBefore);
  });
});
