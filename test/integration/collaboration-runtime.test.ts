import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Incident } from '../../functions/core/incidents/types.ts';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { DEMO_COLLABORATION, DEMO_SECRETS } from '../../local/demo/collaboration.ts';
import { demoScenario } from '../../local/demo/scenario.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { assertContract } from '../helpers/contract.ts';
import { request } from '../helpers/http.ts';

// The whole path as `npm start` runs it: the demo's bad night through ingestion and the synthesized
// escalation workflow, the collaboration function on the team topics (tickets filed with the local
// GitHub and Jira), and the API over HTTP showing, closing and filing them.
const TUESDAY_1000 = Date.parse('2026-12-01T10:00:00Z');
let now = TUESDAY_1000;
let runtime: LocalRuntime;
let server: ApiServer;

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: { ...parseConfig({}), collaboration: DEMO_COLLABORATION },
    secrets: DEMO_SECRETS,
    clock: () => now,
    waitMs: 0,
  });
  for (const input of demoScenario(now)) await runtime.deliver(input);
  await runtime.settle();
  server = await runtime.serve({ port: 0 });
}, 240_000);
afterAll(async () => {
  await server?.close();
  await runtime?.close();
});

const api = async (method: string, path: string, body?: unknown) => {
  const answer = await request(server.url, method, path, body);
  assertContract(method, path, answer.status, answer.json);
  return answer;
};
const services = () => {
  if (!runtime.collaboration) throw new Error('the demo configures collaboration');
  return runtime.collaboration.services;
};
const stored = async (team: string): Promise<Incident> => {
  for (const { id } of runtime.incidents.values()) {
    const incident = await runtime.incidentStore.get(id);
    if (incident.team === team && !incident.mergedInto) return incident;
  }
  throw new Error(`no incident of ${team}`);
};

describe('tickets and reviews through the API', () => {
  it('shows the ticket the workflow had filed for the owner team, with its link', async () => {
    const incident = await stored('development');
    const { status, json } = await api('GET', `/incidents/${incident.id}`);
    expect(status).toBe(200);
    expect(json.ticket).toEqual({
      team: 'development',
      tracker: 'github',
      key: 'example/shop#1',
      url: 'https://github.com/example/shop/issues/1',
    });
    expect(json.reviewTicket).toBeNull();
    expect(json.tracker).toBe(true);
    expect(services().issues.filter((i) => i.key.startsWith('example/shop#'))).toHaveLength(1);
  });

  it('files the review of a resolved incident as one ticket, however often it is asked', async () => {
    const incident = await stored('development');
    const early = await api('POST', `/incidents/${incident.id}/review/ticket`);
    expect(early.status).toBe(409);
    expect(early.json.message).toMatch(/drafted once it is resolved/);

    now += 45 * 60_000;
    const resolved = await api('POST', `/incidents/${incident.id}/resolve`, {
      resolution: 'Rolled back payments/api to v1.4.2; the new build read a config key that does not exist.',
    });
    expect(resolved.status).toBe(200);
    const ticket = services().issues.find((i) => i.key === 'example/shop#1');
    expect(ticket?.state).toBe('closed');
    expect(ticket?.comments.at(-1)).toContain('Rolled back payments/api to v1.4.2');

    now += 60_000;
    const asked = await api('POST', `/incidents/${incident.id}/review/ticket`);
    expect(asked.status).toBe(202);
    expect(asked.json).toEqual({ id: incident.id, team: 'development', status: 'requested' });
    const again = await api('POST', `/incidents/${incident.id}/review/ticket`);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({
      id: incident.id,
      team: 'development',
      status: 'filed',
      key: 'example/shop#2',
      url: 'https://github.com/example/shop/issues/2',
    });

    const reviews = services().issues.filter((i) => i.body.includes(`watchkeeper-review:${incident.id}`));
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.title).toBe(`Post-incident review: ${incident.title}`);
    for (const section of ['## Summary', '## Timeline', '## Resolution', '## Action items'])
      expect(reviews[0]?.body).toContain(section);
    expect(reviews[0]?.body).toContain('Rolled back payments/api to v1.4.2');
    expect(reviews[0]?.body).toContain(`/#/incidents/${incident.id}`);

    const detail = await api('GET', `/incidents/${incident.id}`);
    expect(detail.json.reviewTicket).toMatchObject({ key: 'example/shop#2', tracker: 'github' });
    const timeline = await api('GET', `/incidents/${incident.id}/timeline`);
    const tickets = timeline.json.items
      .filter((e: { kind: string }) => e.kind === 'ticket')
      .map((e: { text: string }) => e.text);
    expect(tickets).toEqual([
      'Opened GitHub example/shop example/shop#1 for development',
      'Closed GitHub example/shop example/shop#1',
      "Asked to file the post-incident review in development's tracker",
      'Opened GitHub example/shop example/shop#2 with the post-incident review',
    ]);
  });

  it('tells the teams paged for an incident merged into another, and its chat thread, that it is over', async () => {
    const open: Incident[] = [];
    for (const { id } of runtime.incidents.values()) {
      const incident = await runtime.incidentStore.get(id);
      if (incident.status === 'open' && !incident.mergedInto) open.push(incident);
    }
    const paged = open.find((i) => i.team === 'platform' && (i.pagedTeams ?? []).length > 0);
    const into = open.find((i) => i !== paged);
    if (!paged || !into) throw new Error('the demo pages platform and leaves other incidents open');
    const before = runtime.outbox.entries.length;
    const chatBefore = runtime.outbox.integrations.length;
    expect((await api('POST', `/incidents/${paged.id}/merge`, { into: into.id })).status).toBe(200);
    const told = runtime.outbox.entries.slice(before).filter((e) => e.incidentId === paged.id);
    expect(told.map((e) => [e.kind, e.team]).sort()).toEqual(
      (paged.pagedTeams ?? []).map((team) => ['resolved', team]).sort(),
    );
    const chat = runtime.outbox.integrations
      .slice(chatBefore)
      .filter((m) => m.via === 'amazon-q' && JSON.stringify(m.body).includes(paged.id));
    expect(chat.length).toBeGreaterThan(0);
    expect(JSON.stringify(chat[0]?.body)).toContain(`Merged into ${into.id}`);
  });

  it('answers 409 for the review of a team without a tracker, naming the setting', async () => {
    const incident = await stored('platform');
    if (incident.status !== 'resolved')
      await api('POST', `/incidents/${incident.id}/resolve`, { resolution: 'restarted the node' });
    const { status, json } = await api('POST', `/incidents/${incident.id}/review/ticket`);
    expect(status).toBe(409);
    expect(json.message).toBe('team platform has no tracker: add collaboration.trackers.platform to the configuration');
    expect((await api('GET', `/incidents/${incident.id}`)).json.tracker).toBe(false);
  });
});
