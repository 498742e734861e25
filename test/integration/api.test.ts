import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signAckToken } from '../../functions/core/escalation/ack-token.ts';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { ROUTES } from '../../functions/api/routes.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { assertContract } from '../helpers/contract.ts';
import { signal } from '../helpers/signal.ts';

let runtime: LocalRuntime;
let server: ApiServer;
let now = Date.parse('2026-11-24T10:00:00Z');
const CLUSTERS = ['alpha', 'beta', 'gamma'];
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** Seed alert `i`: its fingerprint, and its alert id. */
const seedFp = (i: number) => `fpApiSeed${String(i).padStart(13, '0')}`;
const alertId = (i: number) => `${seedFp(i)}.1`;
/** The incident of seed alert `i` (grouping is off here: each alert is an incident of its own). */
const id = (i: number): string => runtime.alerts.get(alertId(i))?.incidentId ?? 'missing';

/** 48 incidents of one alert each, over 3 clusters, 4 severities, 2 namespaces, started a minute apart; some resolved. */
async function seed(): Promise<void> {
  for (let i = 0; i < 48; i++) {
    now += 60_000;
    await storeSignals(
      [
        signal({
          fingerprint: seedFp(i),
          cluster: CLUSTERS[i % 3],
          severity: SEVERITIES[i % 4],
          rule: i % 2 === 0 ? 'crash-loop-backoff' : 'node-not-ready',
          team: i % 2 === 0 ? 'development' : 'platform',
          resource: { kind: 'Pod', namespace: i % 4 < 2 ? 'payments' : 'search', name: `p${i}` },
          occurredAt: new Date(now).toISOString(),
        }),
      ],
      runtime.deps,
    );
  }
  const api = runtime.api();
  for (let i = 0; i < 48; i += 5) await api.incidents.resolve(id(i), 'seed', `fixed number ${i}`);
}

const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: responses are asserted field by field
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // Every answer is checked against the documented contract (OpenAPI schemas).
  if (json !== undefined) assertContract(method, path, response.status, json);
  return { status: response.status, json, text, headers: response.headers };
};

async function listAll(query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const { status, json } = await api(
      'GET',
      `/incidents?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(status).toBe(200);
    ids.push(...json.items.map((i: { id: string }) => i.id));
    cursor = json.nextCursor;
    if (++pages > 100) throw new Error('pagination does not end');
  } while (cursor);
  return ids;
}

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: parseConfig({
      clusters: [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }, { name: 'delta' }],
      grouping: { enabled: false },
    }),
    clock: () => now,
    escalation: false,
  });
  server = await runtime.serve({ port: 0, identity: 'arn:aws:iam::111122223333:user/jane' });
  await seed();
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

describe('GET /incidents', () => {
  it('lists newest first with the contract shape and the default limit of 25', async () => {
    const { status, json } = await api('GET', '/incidents');
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(['items', 'nextCursor']);
    expect(json.items).toHaveLength(25);
    const started = json.items.map((i: { startedAt: string }) => i.startedAt);
    expect([...started].sort().reverse()).toEqual(started);
    expect(json.items[0]).not.toHaveProperty('seen');
  });

  it.each([
    ['status=resolved', (i: number) => i % 5 === 0],
    ['cluster=beta', (i: number) => i % 3 === 1],
    ['severity=critical', (i: number) => i % 4 === 0],
    ['team=platform', (i: number) => i % 2 === 1],
    ['cluster=alpha&rule=crash-loop-backoff', (i: number) => i % 3 === 0 && i % 2 === 0],
    ['cluster=gamma&status=open', (i: number) => i % 3 === 2 && i % 5 !== 0],
    ['namespace=search&severity=medium', (i: number) => i % 4 >= 2 && i % 4 === 2],
    ['component=workload&team=development', (i: number) => i % 2 === 0],
  ])('pages through all of %s without duplicates or gaps', async (query, expected) => {
    const ids = await listAll(`${query}&limit=4`);
    const want = Array.from({ length: 48 }, (_, i) => i)
      .filter(expected)
      .reverse()
      .map(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(want);
  });

  it('filters by start time', async () => {
    const all = (await api('GET', '/incidents?limit=100')).json.items as Array<{ startedAt: string }>;
    const since = all[10].startedAt;
    const until = all[2].startedAt;
    const ids = await listAll(`since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&limit=3`);
    expect(ids).toHaveLength(8);
  });

  it.each([
    ['limit=0', 'query.limit: Too small: expected number to be >=1'],
    ['limit=101', 'query.limit: Too big'],
    ['limit=ten', 'query.limit: Invalid input: expected number'],
    ['status=sleeping', 'query.status: Invalid option: expected one of "open"'],
    ['since=yesterday', 'query.since: an ISO 8601 time'],
    ['colour=red', 'Unrecognized key: "colour"'],
    ['account=1234', 'query.account: a 12-digit AWS account id'],
    ['region=../../etc', 'query.region: an AWS region such as eu-west-1'],
  ])('answers %s with 400 naming the field and what is wrong', async (query, message) => {
    const { status, json } = await api('GET', `/incidents?${query}`);
    expect(status).toBe(400);
    expect(json.message).toContain(message);
  });

  it('rejects a forged, altered or reused cursor with 400', async () => {
    const { json } = await api('GET', '/incidents?cluster=alpha&limit=2');
    const cursor: string = json.nextCursor;
    const [payload, signature] = cursor.split('.');
    const altered = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), index: 'byStatus' })).toString('base64url')}.${signature}`;
    for (const bad of [altered, `${payload}.AAAA${signature.slice(4)}`, 'garbage']) {
      expect((await api('GET', `/incidents?cluster=alpha&limit=2&cursor=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    expect((await api('GET', `/incidents?cluster=beta&limit=2&cursor=${encodeURIComponent(cursor)}`)).status).toBe(400);
  });

  it('answers every list with DynamoDB Query: no Scan, one request per page', async () => {
    runtime.dynamo.counter.reset();
    await listAll('cluster=beta&limit=5');
    await listAll('status=open&team=platform&limit=5');
    await api('GET', '/summary');
    expect(runtime.dynamo.counter.byOperation.get('Scan')).toBeUndefined();
    const queries = runtime.dynamo.counter.byOperation.get('Query')!;
    runtime.dynamo.counter.reset();
    await api('GET', '/incidents?cluster=beta&limit=5');
    expect(runtime.dynamo.counter.byOperation.get('Query')).toBe(1);
    expect(queries).toBeGreaterThan(0);
  });
});

describe('one incident', () => {
  it('gets an incident with its runbook; unknown and malformed ids are 404', async () => {
    const { status, json } = await api('GET', `/incidents/${id(7)}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      id: id(7),
      rule: 'node-not-ready',
      policy: 'alert',
      alertCount: 1,
      runbook: { path: 'rules/runbooks/crash-loop-backoff.md' },
    });
    expect(json.alerts.map((a: { id: string }) => a.id)).toEqual([alertId(7)]);
    expect(json.runbook.markdown).toContain('# Node not ready');
    expect((await api('GET', '/incidents/fpNoSuchIncident00000.1')).status).toBe(404);
    expect((await api('GET', '/incidents/not-an-id')).json).toEqual({ message: 'no incident not-an-id' });
  });

  it('shows earlier resolutions of the same rule on the same cluster, most recent first', async () => {
    // Incidents 0, 30 (resolved) and 6, 12, 18, 24, 36, 42 share cluster alpha and rule crash-loop-backoff.
    const { json } = await api('GET', `/incidents/${id(42)}`);
    expect(json.previousResolutions.map((p: { resolution: string }) => p.resolution)).toEqual([
      'fixed number 30',
      'fixed number 0',
    ]);
  });

  it('acknowledges, records who and when, then refuses a second acknowledgement with 409', async () => {
    const ack = await api('POST', `/incidents/${id(1)}/acknowledge`, { comment: 'looking into it' });
    expect(ack.status).toBe(200);
    const { json } = await api('GET', `/incidents/${id(1)}`);
    expect(json).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'arn:aws:iam::111122223333:user/jane',
      acknowledgedAt: new Date(now).toISOString(),
    });
    const again = await api('POST', `/incidents/${id(1)}/acknowledge`, {});
    expect(again.status).toBe(409);
    expect(again.json.message).toContain('only an open incident can be acknowledged');
  });

  it('requires a resolution to resolve, then resolves and refuses to resolve again', async () => {
    expect((await api('POST', `/incidents/${id(2)}/resolve`, {})).json.message).toContain('body.resolution');
    expect((await api('POST', `/incidents/${id(2)}/resolve`, {})).status).toBe(400);
    expect((await api('POST', `/incidents/${id(2)}/resolve`, '{not json')).status).toBe(400);
    const done = await api('POST', `/incidents/${id(2)}/resolve`, { resolution: 'raised the memory limit to 512Mi' });
    expect(done.json).toMatchObject({
      status: 'resolved',
      resolution: 'raised the memory limit to 512Mi',
      resolvedBy: 'arn:aws:iam::111122223333:user/jane',
    });
    expect((await api('POST', `/incidents/${id(2)}/resolve`, { resolution: 'again' })).status).toBe(409);
  });

  it('adds notes and shows the timeline oldest first', async () => {
    expect((await api('POST', `/incidents/${id(3)}/notes`, { text: 'rolled back to v41' })).status).toBe(201);
    expect((await api('POST', `/incidents/${id(3)}/notes`, { text: '' })).status).toBe(400);
    const { json } = await api('GET', `/incidents/${id(3)}/timeline`);
    // Its rule's fixes are proposed too (`action` entries); the note follows the creation.
    const entries = json.items.filter((e: { kind: string }) => e.kind !== 'action');
    expect(entries.map((e: { kind: string }) => e.kind)).toEqual(['created', 'note']);
    expect(entries[1]).toMatchObject({ by: 'arn:aws:iam::111122223333:user/jane', text: 'rolled back to v41' });
  });
});

describe('alerts, and people correcting the grouping', () => {
  it('lists alerts with their incident, shows one with its samples, and its timeline', async () => {
    const list = await api('GET', '/alerts?cluster=beta&limit=5');
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(5);
    for (const a of list.json.items) expect(a.incidentId).toBe(runtime.alerts.get(a.id)?.incidentId);
    const one = await api('GET', `/alerts/${alertId(4)}`);
    expect(one.json).toMatchObject({ id: alertId(4), incidentId: id(4), rule: 'crash-loop-backoff', count: 1 });
    expect((await api('GET', `/alerts/${alertId(4)}/timeline`)).json.items[0].kind).toBe('created');
    expect((await api('GET', '/alerts/not-an-id')).json).toEqual({ message: 'no alert not-an-id' });
    expect((await api('GET', `/incidents/${id(4)}/alerts`)).json.items.map((a: { id: string }) => a.id)).toEqual([
      alertId(4),
    ]);
  });

  it('merges an incident into another: one incident, both alerts, the earliest start; the other closes', async () => {
    const [earlier, later] = [id(22), id(23)];
    const started = (await api('GET', `/incidents/${earlier}`)).json.startedAt;
    const merged = await api('POST', `/incidents/${later}/merge`, { into: earlier });
    expect(merged.status).toBe(200);
    expect(merged.json).toMatchObject({ id: earlier, alertCount: 2, startedAt: started, severity: 'medium' });
    expect((await api('GET', `/incidents/${later}`)).json).toMatchObject({
      status: 'resolved',
      mergedInto: earlier,
      resolution: `Merged into ${earlier}`,
    });
    expect((await api('GET', `/incidents/${earlier}/alerts`)).json.items.map((a: { id: string }) => a.id)).toEqual([
      alertId(22),
      alertId(23),
    ]);
    // The merged alert names the incident that took it.
    expect((await api('GET', `/alerts/${alertId(23)}`)).json.incidentId).toBe(earlier);
    expect(
      (await api('GET', `/incidents/${earlier}/timeline`)).json.items.map((e: { kind: string }) => e.kind),
    ).toContain('merged');
    expect((await api('POST', `/incidents/${later}/merge`, { into: earlier })).status).toBe(409);
    expect((await api('POST', `/incidents/${earlier}/merge`, { into: earlier })).status).toBe(409);
    expect((await api('POST', `/incidents/${earlier}/merge`, { into: 'fpNoSuchIncident00000.1' })).status).toBe(404);
    expect((await api('POST', `/incidents/${earlier}/merge`, { into: id(20) })).json.message).toContain(
      'merge into an open incident',
    );
  });

  it('splits an alert out into an incident of its own; the last alert cannot be split', async () => {
    const from = id(22);
    const split = await api('POST', `/incidents/${from}/split`, { alert: alertId(23) });
    expect(split.status).toBe(201);
    expect(split.json).toMatchObject({ policy: 'split', alertCount: 1, status: 'open' });
    expect(split.json.id).not.toBe(from);
    expect((await api('GET', `/alerts/${alertId(23)}`)).json.incidentId).toBe(split.json.id);
    expect((await api('GET', `/incidents/${from}`)).json.alertCount).toBe(1);
    const last = await api('POST', `/incidents/${from}/split`, { alert: alertId(22) });
    expect(last.status).toBe(409);
    expect(last.json.message).toContain('nothing to split');
    expect((await api('POST', `/incidents/${from}/split`, { alert: alertId(33) })).status).toBe(409);
  });
});

describe('acknowledgement links', () => {
  const link = (id: string, expiresAt = Math.floor(now / 1000) + 3600) =>
    `/ack/${signAckToken(id, 'operations tier 1', expiresAt, runtime.ackKey)}`;

  it('shows a button on GET (link scanners must not acknowledge) and acknowledges once on POST', async () => {
    const path = link(id(9));
    const page = await api('GET', path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post"');
    expect((await api('GET', `/incidents/${id(9)}`)).json.status).toBe('open');
    const ack = await api('POST', path, undefined, { accept: 'application/json' });
    expect(ack.json).toEqual({ id: id(9), status: 'acknowledged', acknowledgedBy: 'link (operations tier 1)' });
    // The incident and the page after a link lead to the incident's console page.
    const consolePage = `${server.url}/#/incidents/${id(9)}`;
    expect((await api('GET', `/incidents/${id(9)}`)).json.consoleUrl).toBe(consolePage);
    const acked = await api('POST', link(id(10)));
    expect(acked.text).toContain(`<a href="${server.url}/#/incidents/${id(10)}">Open the incident in the console</a>`);
    // Its alert is acknowledged with it.
    expect((await api('GET', `/alerts/${alertId(9)}`)).json.status).toBe('acknowledged');
  });

  it('refuses a used, expired or forged link with 403', async () => {
    const used = link(id(11));
    expect((await api('POST', used)).status).toBe(200);
    await runtime.incidentStore.change(id(11), (c) => ({
      outcome: 'updated',
      next: { ...c, status: 'open', version: c.version + 1 },
      timeline: [],
      escalate: false,
    }));
    expect((await api('POST', used)).status).toBe(403);
    expect((await api('POST', link(id(13), Math.floor(now / 1000) - 1))).status).toBe(403);
    expect(
      (await api('POST', `/ack/${signAckToken(id(13), 'x', Math.floor(now / 1000) + 60, 'wrong-key')}`)).status,
    ).toBe(403);
  });
});

describe('silences, rules, summary, OpenAPI', () => {
  it('creates, lists and deletes silences, with 400 for bad input and 404 for an unknown id', async () => {
    const created = await api('POST', '/silences', {
      matchers: { cluster: ['beta'], severity: ['low'] },
      startsAt: new Date(now + 3_600_000).toISOString(),
      endsAt: new Date(now + 7_200_000).toISOString(),
      comment: 'node group upgrade',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ active: false, createdBy: 'arn:aws:iam::111122223333:user/jane' });
    expect((await api('GET', '/silences')).json.items.map((s: { id: string }) => s.id)).toContain(created.json.id);
    expect(
      (await api('POST', '/silences', { matchers: {}, endsAt: new Date(now + 60_000).toISOString(), comment: 'x' }))
        .status,
    ).toBe(400);
    expect(
      (
        await api('POST', '/silences', {
          matchers: { cluster: ['a'] },
          endsAt: '2020-01-01T00:00:00Z',
          comment: 'too late',
        })
      ).status,
    ).toBe(400);
    expect((await api('DELETE', `/silences/${created.json.id}`)).status).toBe(204);
    expect((await api('DELETE', `/silences/${created.json.id}`)).status).toBe(404);
  });

  it('serves the rule catalogue with runbooks', async () => {
    const { json } = await api('GET', '/rules');
    expect(json.items.length).toBeGreaterThan(70);
    expect(json.items.find((r: { id: string }) => r.id === 'cluster-admin-binding').runbook.markdown).toContain(
      '## How to fix',
    );
  });

  it('counts incidents per status under the list filters, as many as the list pages through', async () => {
    for (const filter of ['', 'cluster=alpha', 'severity=critical']) {
      const { status, json } = await api('GET', `/incidents/counts${filter ? `?${filter}` : ''}`);
      expect(status).toBe(200);
      for (const state of ['open', 'acknowledged', 'resolved']) {
        const listed = await api('GET', `/incidents?limit=100&status=${state}${filter ? `&${filter}` : ''}`);
        expect([filter, state, json[state]]).toEqual([
          filter,
          state,
          { count: listed.json.items.length, atLeast: false },
        ]);
      }
    }
    expect((await api('GET', '/incidents/counts?cluster=alpha')).json.open.count).toBeGreaterThan(0);
    expect((await api('GET', '/incidents/counts?since=99999')).status).toBe(400);
  });

  it('summarises component status per cluster, configured clusters included', async () => {
    const { json } = await api('GET', '/summary');
    const byCluster = Object.fromEntries(
      json.clusters.map((c: { cluster: string; status: string }) => [c.cluster, c.status]),
    );
    expect(byCluster).toMatchObject({ alpha: 'unavailable', delta: 'perfect' });
  });

  it('publishes an OpenAPI document with every route', async () => {
    const { status, json } = await api('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(json.openapi).toBe('3.0.3');
    for (const route of ROUTES) expect(json.paths[route.path][route.method.toLowerCase()]).toBeDefined();
    expect(json.paths['/incidents'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'cluster', 'limit', 'cursor', 'since']),
    );
    expect(json.paths['/incidents/{id}/resolve'].post.requestBody.required).toBe(true);
  });

  it('answers unknown routes with a JSON 404 and sets security headers', async () => {
    const response = await api('GET', '/nope');
    expect(response.status).toBe(404);
    expect(response.json).toHaveProperty('message');
    expect((await api('GET', '/rules')).headers.get('strict-transport-security')).toBeTruthy();
  });
});
