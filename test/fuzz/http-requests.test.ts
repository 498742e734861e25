import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { aggregateSignals } from '../../functions/core/alerts/aggregate.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { alertmanagerPayload } from '../helpers/external-events.ts';
import { FUZZ_RUNS, fuzzParams, hostileValue, mutated } from '../helpers/fuzz.ts';
import { request } from '../helpers/http.ts';
import { signal } from '../helpers/signal.ts';

// Requests go through the real local server and the same middy handlers as Lambda: request parsing,
// validation, routing and the store. A property run is one HTTP request; fewer than the decoder runs.
const params = () => ({ ...fuzzParams(), numRuns: Math.max(25, Math.round(FUZZ_RUNS / 3)) });

let runtime: LocalRuntime;
let server: ApiServer;
const now = Date.parse('2026-11-24T10:00:00Z');
const ID = 'fpFuzzHttp00000000001.1';

beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), clock: () => now, escalation: false });
  server = await runtime.serve({ port: 0 });
  await runtime.store.applyAggregates(aggregateSignals([signal({ fingerprint: 'fpFuzzHttp00000000001' })]));
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

/** Text as a path segment or query value: sometimes encoded, sometimes raw (malformed escapes included). */
const segment = fc.oneof(
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.constantFrom('%ZZ', '%', '%00', '..', '.', ID, `${ID.slice(0, -1)}01`, 'x'.repeat(3000), '%E0%A4%A'),
);

const PATHS = [
  (s: string) => `/incidents/${s}`,
  (s: string) => `/incidents/${s}/timeline`,
  (s: string) => `/incidents/${s}/acknowledge`,
  (s: string) => `/incidents/${s}/resolve`,
  (s: string) => `/incidents/${s}/notes`,
  (s: string) => `/incidents/${s}/merge`,
  (s: string) => `/incidents/${s}/split`,
  (s: string) => `/incidents/${s}/alerts`,
  (s: string) => `/alerts/${s}`,
  (s: string) => `/alerts/${s}/timeline`,
  (s: string) => `/silences/${s}`,
  (s: string) => `/ack/${s}`,
  (s: string) => `/${s}`,
  () => '/incidents',
  () => '/silences',
  () => '/summary',
  () => '/insights',
  () => '/incidents/counts',
  () => '/alerts',
  () => '/rules',
];
const QUERY_KEYS = ['status', 'severity', 'cluster', 'team', 'rule', 'since', 'until', 'limit', 'cursor', 'x'];

const query = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), segment), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

const body = fc.oneof(
  fc.constant(undefined),
  hostileValue.map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.record({ text: hostileValue, resolution: hostileValue, comment: hostileValue }).map((v) => JSON.stringify(v)),
  fc.record({ into: hostileValue, alert: hostileValue }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 500 }),
);

describe('HTTP requests of any shape', () => {
  it('are answered below 500 by the API, errors with a message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
        fc.constantFrom(...PATHS),
        segment,
        query,
        body,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
        async (method, path, seg, q, payload, contentType) => {
          const withBody = method !== 'GET' && payload !== undefined;
          const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
          const answer = await request(server.url, method, `${path(seg)}${q}`, withBody ? payload : undefined, headers);
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400 && answer.headers.get('content-type')?.includes('json'))
            expect(typeof answer.json?.message).toBe('string');
        },
      ),
      params(),
    );
  });

  it('to the webhook are answered below 500, and the valid alert beside a hostile one is kept', async () => {
    const template = (
      alertmanagerPayload([{ name: 'KubePodCrashLooping' }]).alerts as Array<Record<string, unknown>>
    )[0];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(mutated(template ?? {}), async (hostile) => {
        run++;
        const valid = alertmanagerPayload([{ name: 'KubeNodeNotReady', fingerprint: `fuzzvalid${run}` }]);
        const payload = { ...valid, alerts: [hostile, ...(valid.alerts as unknown[])] };
        const answer = await request(server.url, 'POST', '/alertmanager', payload);
        expect(answer.status).toBe(200);
        expect(answer.json.signals).toBeGreaterThanOrEqual(1);
      }),
      params(),
    );
  });

  it('to the webhook with any body are answered below 500', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('application/json', 'text/plain'), async (payload, contentType) => {
        const answer = await request(server.url, 'POST', '/alertmanager', payload ?? '', {
          'content-type': contentType,
        });
        expect(answer.status).toBeLessThan(500);
      }),
      params(),
    );
  });
});
