import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signAckToken } from '../../functions/core/escalation/ack-token.ts';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { assertContract } from '../helpers/contract.ts';
import { request } from '../helpers/http.ts';
import { signal } from '../helpers/signal.ts';
import { groupOf } from '../../functions/core/incidents/ids.ts';

let runtime: LocalRuntime;
let server: ApiServer;
const now = Date.parse('2026-11-24T10:00:00Z');
const TOKEN = 'local-secret';
/** Grouping is off here: the alert is the one alert of incident ID. */
const ID = `${groupOf('alert|fpHardening0000000001')}.1`;
const auth = { authorization: `Bearer ${TOKEN}` };
const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => {
  const answer = await request(server.url, method, path, body, headers);
  if (answer.json !== undefined) assertContract(method, path, answer.status, answer.json);
  return answer;
};

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: parseConfig({ grouping: { enabled: false } }),
    clock: () => now,
    escalation: false,
  });
  server = await runtime.serve({ port: 0, token: TOKEN, identity: 'jane' });
  await storeSignals([signal({ fingerprint: 'fpHardening0000000001' })], runtime.deps);
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

describe('list time filters are bounded', () => {
  it.each([
    ['since=99999', 'query.since: an ISO 8601 time'],
    ['since=%2B275760-09-13T00:00:00.000Z', 'query.since: an ISO 8601 time'],
    ['until=9999-12-31T00:00:00Z', 'query.until: must lie between'],
    ['since=1970-01-01', 'query.since: must lie between'],
    ['since=2026-11-24T00:00:00Z&until=2026-11-20T00:00:00Z', 'query.since: must not be after query.until'],
    ['since=2025-01-01&until=2026-11-24', 'at most 400 days before query.until'],
  ])('answers %s with 400 and the reason, at once', async (query, message) => {
    // Act
    const started = Date.now();
    const { status, json } = await call('GET', `/incidents?${query}`);

    // Assess
    expect(status).toBe(400);
    expect(json.message).toContain(message);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('walks at most 16 month partitions for one page over an empty window', async () => {
    // Prepare
    runtime.dynamo.counter.reset();

    // Act
    const { status, json } = await call('GET', '/incidents?since=2025-11-01&until=2026-11-24&status=resolved&team=x');
    const listed = await call('GET', '/incidents?since=2025-11-01T00:00:00Z&until=2026-11-25T00:00:00Z');

    // Assess
    expect(status).toBe(200);
    expect(json.items).toEqual([]);
    expect(listed.json.items.map((i: { id: string }) => i.id)).toEqual([ID]);
    expect(runtime.dynamo.counter.byOperation.get('Query')).toBeLessThanOrEqual(17);
  });
});

describe('paths, methods, bodies and content types', () => {
  it.each([
    ['GET', '/incidents/%ZZ'],
    ['POST', '/incidents/%ZZ/notes'],
    ['DELETE', '/silences/%ZZ'],
  ])('answers malformed percent-encoding in %s %s with 400', async (method, path) => {
    const { status, json } = await call(method, path, method === 'GET' ? undefined : { text: 'x' });
    expect(status).toBe(400);
    expect(json.message).toContain('not valid percent-encoding');
  });

  it('refuses a forged or malformed acknowledgement link before showing the button', async () => {
    const forged = signAckToken(ID, 'ops', Math.floor(now / 1000) + 600, 'not-the-key');
    for (const path of [`/ack/${forged}`, '/ack/%ZZ', '/ack/garbage']) {
      const page = await call('GET', path, undefined, {});
      expect(page.status).toBe(403);
      expect(page.text).not.toContain('<form');
    }
    const genuine = await call('GET', `/ack/${signAckToken(ID, 'ops', Math.floor(now / 1000) + 600, runtime.ackKey)}`);
    expect(genuine.status).toBe(200);
    expect(genuine.text).toContain('<form method="post"');
  });

  it('answers a wrong method with 405 and the methods allowed', async () => {
    const { status, json, headers } = await call('PUT', `/incidents/${ID}/resolve`, { resolution: 'x' });
    expect(status).toBe(405);
    expect(headers.get('allow')).toBe('POST');
    expect(json.message).toContain('PUT is not allowed');
    expect((await call('DELETE', '/incidents')).status).toBe(405);
    expect((await call('GET', '/no-such-route')).status).toBe(404);
  });

  it('answers a body over 1 MB with 413 and one over 10 MB with 413 too, without resetting the connection', async () => {
    const big = { text: 'x'.repeat(1_100_000) };
    const huge = JSON.stringify({ text: 'x'.repeat(10_600_000) });
    const first = await call('POST', `/incidents/${ID}/notes`, big);
    const second = await call('POST', `/incidents/${ID}/notes`, huge, { ...auth, 'content-type': 'application/json' });
    expect(first.status).toBe(413);
    expect(first.json.message).toContain('the limit is 1048576');
    expect(second.status).toBe(413);
  });

  it.each([
    ['text/plain', '{"text":"hi"}'],
    ['application/x-www-form-urlencoded', 'text=hi'],
    [undefined, ''],
  ])('refuses a body sent as %s with 415 (no cross-site form can post)', async (type, body) => {
    const { status, json } = await call('POST', `/incidents/${ID}/notes`, body, {
      ...auth,
      ...(type ? { 'content-type': type } : {}),
    });
    expect(status).toBe(415);
    expect(json.message).toContain('Content-Type: application/json');
  });

  it('keeps one canonical incident id: a generation with a leading zero is unknown', async () => {
    expect((await call('GET', `/incidents/${ID}`)).status).toBe(200);
    expect((await call('GET', ID.replace('.1', '.01').replace(/^/, '/incidents/'))).status).toBe(404);
  });

  it.each([
    ['DELETE', `/silences/${'x'.repeat(3000)}`, 'no silence xxx'],
    ['DELETE', '/silences/not-a-silence', 'no silence not-a-silence'],
    ['GET', `/incidents/${'a'.repeat(3000)}.1`, 'no incident aaa'],
    ['POST', `/incidents/${'a'.repeat(3000)}.1/notes`, 'no incident aaa'],
  ])(
    'answers %s of an id no item can have (over the 1 KB key limit) with 404, found by the fuzz suite',
    async (method, path, message) => {
      const { status, json } = await call(method, path, method === 'POST' ? { text: 'x' } : undefined);
      expect(status).toBe(404);
      expect(json.message).toContain(message);
      expect(json.message.length).toBeLessThan(200);
    },
  );
});

describe('the local token', () => {
  it.each([
    ['GET', '/incidents/'],
    ['GET', `/incidents/${ID}/`],
    ['POST', `/incidents/${ID}/resolve/`],
    ['GET', '/silences/'],
    ['GET', '//incidents'],
    ['GET', '/openapi.json'],
    ['GET', '/no-such-route/'],
  ])('is required on %s %s (a trailing slash does not skip it)', async (method, path) => {
    const { status } = await call(method, path, method === 'POST' ? { resolution: 'done now' } : undefined, {});
    expect(status).toBe(403);
  });

  it('routes a trailing slash like the path without it once the token is given', async () => {
    expect((await call('GET', '/incidents/')).status).toBe(200);
  });
});

describe('free text people write', () => {
  it('strips control and bidirectional-override characters from notes before storing and echoing them', async () => {
    const { status, json } = await call('POST', `/incidents/${ID}/notes`, {
      text: 'rolled\u202e back\u0007 to v41\u2066',
    });
    expect(status).toBe(201);
    expect(json.text).toBe('rolled back to v41');
    const timeline = await call('GET', `/incidents/${ID}/timeline`);
    for (const unsafe of ['\u202e', '\u0007', '\u2066']) expect(timeline.text).not.toContain(unsafe);
  });

  it.each([
    [{ endsAt: '+275760-09-13T00:00:00.000Z' }, 'body.endsAt: an ISO 8601 time'],
    [{ endsAt: new Date(Date.now() + 91 * 86_400_000).toISOString() }, 'a silence lasts at most 90 days'],
    [
      {
        startsAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 401 * 86_400_000).toISOString(),
      },
      'startsAt may be at most a year ahead',
    ],
    [{ endsAt: new Date(Date.now() + 3_600_000).toISOString(), matchers: { cluster: ['a\u202eb'] } }, 'a name'],
  ])('refuses the silence %j with 400', async (fields, message) => {
    const { status, json } = await call('POST', '/silences', {
      matchers: { cluster: ['prod-eu-1'] },
      comment: 'upgrade',
      ...fields,
    });
    expect(status).toBe(400);
    expect(json.message).toContain(message);
  });
});
