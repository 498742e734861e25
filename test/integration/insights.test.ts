import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { CROWDED_CLUSTER, crowdedScenario } from '../../local/demo/crowded-scenario.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { request } from '../helpers/http.ts';

// Insights over real HTTP, from what acknowledging and resolving left in the table, with the pages
// the synthesized state machine counted.
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3_600_000;
let now = T0;
let runtime: LocalRuntime;
let server: ApiServer;
beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), clock: () => now });
  server = await runtime.serve({ port: 0 });
  for (const input of crowdedScenario(T0)) await runtime.deliver(input);
  await runtime.settle();
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

const post = (path: string, body: unknown) => request(server.url, 'POST', path, body);

describe('GET /insights', () => {
  it('gives MTTA and MTTR per team from acknowledgements and resolutions, and pages per incident', async () => {
    const incidents = (await runtime.currentIncidents()).filter((i) => i.cluster === CROWDED_CLUSTER && !i.mergedInto);
    expect(incidents).toHaveLength(5);
    // Every incident is acknowledged 4 minutes in and resolved 20 minutes in; the security ones 10 and 60.
    for (const incident of incidents) {
      const security = incident.team === 'security';
      now = Date.parse(incident.startedAt) + (security ? 10 : 4) * 60_000;
      expect((await post(`/incidents/${incident.id}/acknowledge`, {})).status).toBe(200);
      now = Date.parse(incident.startedAt) + (security ? 60 : 20) * 60_000;
      expect((await post(`/incidents/${incident.id}/resolve`, { resolution: 'handled' })).status).toBe(200);
    }
    now = T0 + 2 * 3_600_000;

    const { status, json } = await request(server.url, 'GET', '/insights');

    expect(status).toBe(200);
    expect(json.truncated).toBe(false);
    expect(json.overall.incidents).toBe(5);
    const teams = Object.fromEntries(
      (json.byTeam as Array<{ team: string; mtta: { median: number }; mttr: { median: number } }>).map((t) => [
        t.team,
        [t.mtta.median, t.mttr.median],
      ]),
    );
    expect(Object.keys(teams)).toContain('security');
    for (const [team, times] of Object.entries(teams))
      expect([team, times]).toEqual([team, team === 'security' ? [10, 60] : [4, 20]]);
    // The state machine paged each incident (tier 1 at least) before anyone acknowledged.
    expect(json.overall.pagesPerIncident).toBeGreaterThanOrEqual(1);
    expect(json.byCluster).toEqual([expect.objectContaining({ cluster: CROWDED_CLUSTER, incidents: 5 })]);
    expect(json.noisiestRules[0]).toEqual(
      expect.objectContaining({ rule: expect.any(String), occurrences: expect.any(Number) }),
    );
  });

  it('gives the status history of the cluster: unavailable while etcd was critical, degraded while the rest was open', async () => {
    // All five started together; the critical one was resolved after 20 minutes, the security ones after 60.
    const { json } = await request(server.url, 'GET', '/summary');
    const history = (json.history as Array<{ cluster: string }>).find((h) => h.cluster === CROWDED_CLUSTER);
    expect(history).toEqual({
      cluster: CROWDED_CLUSTER,
      days7: { unavailableMinutes: 20, degradedMinutes: 40 },
      days30: { unavailableMinutes: 20, degradedMinutes: 40 },
    });
  });

  it('counts a resolution once, however often the incident is resolved again or re-read', async () => {
    const again = await request(server.url, 'GET', '/insights');
    expect(again.json.overall.incidents).toBe(5);
  });

  it('answers 400 for a period it will not read', async () => {
    const { status, json } = await request(server.url, 'GET', '/insights?since=1970-01-01');
    expect(status).toBe(400);
    expect(json.message).toContain('query.since');
    expect((await request(server.url, 'GET', '/insights?since=2026-12-01&until=2026-11-01')).status).toBe(400);
    expect((await request(server.url, 'GET', '/insights?team=x')).status).toBe(400);
  });
});
