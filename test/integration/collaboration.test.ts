import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { snsPublishInput } from '../../functions/adapters/sns-notifier.ts';
import { toItem } from '../../functions/adapters/incident-store.ts';
import { collaborationDeps, createCollaborateHandler } from '../../functions/collaborate/handler.ts';
import type { CollaborationDeps } from '../../functions/core/collaboration/collaborator.ts';
import { CLAIM_STALE_MS } from '../../functions/core/collaboration/collaborator.ts';
import { reviewNotification, ticketNotification } from '../../functions/core/collaboration/events.ts';
import { resolvedNotification } from '../../functions/core/escalation/messages.ts';
import { resolveIncident } from '../../functions/core/incidents/lifecycle.ts';
import type { Incident } from '../../functions/core/incidents/types.ts';
import { metrics } from '../../functions/shared/powertools.ts';
import type { Platform } from '../../functions/shared/platform.ts';
import { incidentStoreOf } from '../../functions/shared/platform.ts';
import { settingsOf } from '../../functions/shared/settings-file.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { documentClient } from '../../functions/shared/clients.ts';
import { startLocalDynamo } from '../../local/dynamodb-local.ts';
import type { LocalDynamo } from '../../local/dynamodb-local.ts';
import { localLambdaContext } from '../../local/lambda-context.ts';
import { sqsDeliveryOf } from '../../local/local-collaboration.ts';
import { FAKE_IDENTITY } from '../../local/fake-services.ts';
import { ticketMarker } from '../../functions/core/collaboration/ticket.ts';
import { startFakeServiceServer } from '../helpers/fake-service-server.ts';
import { incident as incidentWith } from '../helpers/incident.ts';
import type { Notification } from '../../functions/core/notifications/notification.ts';

let dynamo: LocalDynamo;
let fake: Awaited<ReturnType<typeof startFakeServiceServer>>;
let platform: Platform;
let now = Date.parse('2026-12-02T10:00:00Z');

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  fake = await startFakeServiceServer();
  platform = {
    doc: documentClient(dynamo.client),
    tableName: dynamo.tableName,
    settings: settingsOf(parseConfig({}), 'Watchkeeper-test'),
    clock: () => now,
  };
});
afterAll(async () => {
  await fake.close();
  await dynamo.close();
});
beforeEach(() => {
  fake.services.requests.length = 0;
  fake.services.issues.length = 0;
  fake.services.failNext = 0;
});
afterEach(() => {
  jest.restoreAllMocks();
});

const SECRETS: Record<string, Record<string, string>> = {
  'development/tracker': { token: 'gh-test-token' },
  'devops/tracker': { email: 'bot@example.com', apiToken: 'jira-test-token' },
  'development/dev-chat': { url: '' },
};

function deps(devops: Record<string, unknown> = {}): CollaborationDeps {
  const config = parseConfig({
    collaboration: {
      trackers: {
        development: { type: 'github', repository: 'example/shop', apiUrl: `${fake.url}/github` },
        devops: { type: 'jira', siteUrl: 'https://example.atlassian.net', project: 'OPS', ...devops },
      },
      chat: { development: [{ kind: 'webhook', name: 'dev-chat', app: 'slack' }] },
    },
  });
  // Jira's address is the fake's (the schema asks for https in a real configuration).
  const { trackers } = config.collaboration;
  const jira = { ...trackers.devops, siteUrl: `${fake.url}/jira` } as typeof trackers.devops;
  const collaboration = { ...config.collaboration, trackers: { ...trackers, devops: jira } };
  SECRETS['development/dev-chat'] = { url: `${fake.url}/hooks/T000/B000/XXXX` };
  const settings = settingsOf({ ...config, collaboration }, 'Watchkeeper-test');
  return collaborationDeps(
    { ...platform, settings },
    {
      chatTopics: {},
      secrets: {
        // The secrets the stack names after itself: Watchkeeper-test/<team>/<name>.
        fields: async <K extends string>(name: string, _what: string, _keys: readonly K[]) =>
          SECRETS[name.replace('Watchkeeper-test/', '')] as Record<K, string>,
      },
      publish: async () => undefined,
      consoleUrl: 'https://console.example.com',
      markerKey: async () => 'the-link-key',
    },
  );
}

/** What SQS delivers for a team topic's publication. */
const sqsEvent = (notification: Notification, messageId = 'm-1'): SQSEvent =>
  sqsDeliveryOf(snsPublishInput(notification, `arn:aws:sns:eu-west-1:111122223333:${notification.team}`), messageId);

async function stored(incident: Incident): Promise<Incident> {
  await platform.doc.send(new PutCommand({ TableName: platform.tableName, Item: toItem(incident) }));
  return incident;
}

const store = () => incidentStoreOf(platform);
const creates = (service: 'github' | 'jira') =>
  fake.services.requests.filter(
    (r) => r.service === service && r.method === 'POST' && /\/issues$|\/rest\/api\/3\/issue$/.test(r.path),
  );

describe('tickets in the owner team’s tracker', () => {
  it('files exactly one GitHub issue across triple delivery, with the documented request', async () => {
    const incident = await stored(incidentWith({ team: 'development', fingerprint: 'fp-triple', id: 'fp-triple.1' }));
    const handler = createCollaborateHandler(deps);
    for (let i = 0; i < 3; i++)
      expect(await handler(sqsEvent(ticketNotification(incident, 'development')), localLambdaContext('c'))).toEqual({
        batchItemFailures: [],
      });
    const [create, ...more] = creates('github');
    expect(more).toHaveLength(0);
    expect(create?.path).toBe('/repos/example/shop/issues');
    expect(create?.headers.authorization).toBe('Bearer gh-test-token');
    expect(create?.headers.accept).toBe('application/vnd.github+json');
    expect(create?.headers['x-github-api-version']).toBe('2022-11-28');
    const body = create?.body as { title: string; body: string; labels: string[] };
    expect(body.labels).toEqual(['incident', 'watchkeeper']);
    expect(body.title).toContain(incident.title);
    expect(body.body).toContain(`watchkeeper-incident:${incident.id}`);
    expect(body.body).toContain(`https://console.example.com`);
    const after = await store().get(incident.id);
    expect(after.ticket).toMatchObject({
      team: 'development',
      key: 'example/shop#1',
      url: 'https://github.com/example/shop/issues/1',
    });
    const timeline = await store().timeline(incident.id);
    expect(timeline.filter((e) => e.kind === 'ticket').map((e) => e.text)).toEqual([
      'Opened GitHub example/shop example/shop#1 for development',
    ]);
  });

  it('files no second issue when a try crashed between the tracker’s answer and the store write', async () => {
    const incident = await stored(incidentWith({ team: 'development', fingerprint: 'fp-crash', id: 'fp-crash.1' }));
    const crashing = deps();
    const change = crashing.incidents.change.bind(crashing.incidents);
    let calls = 0;
    const crashy: CollaborationDeps = {
      ...crashing,
      incidents: {
        ...crashing.incidents,
        find: (id) => crashing.incidents.find(id),
        addTimelineEntry: (e) => crashing.incidents.addTimelineEntry(e),
        // The second write (the ticket's key) never happens: the function died after GitHub answered.
        change: async (id, decide) => {
          if (++calls === 2) throw new Error('Runtime exited');
          return change(id, decide);
        },
      },
    };
    const event = sqsEvent(ticketNotification(incident, 'development'));
    expect(
      (await createCollaborateHandler(() => crashy)(event, localLambdaContext('c'))).batchItemFailures,
    ).toHaveLength(1);
    expect(creates('github')).toHaveLength(1);
    // A redelivery at once finds the claim held: it waits instead of filing a second.
    expect((await createCollaborateHandler(deps)(event, localLambdaContext('c'))).batchItemFailures).toHaveLength(1);
    // After the visibility timeout the claim is stale: the issue is found by its marker and adopted.
    now += CLAIM_STALE_MS;
    expect(await createCollaborateHandler(deps)(event, localLambdaContext('c'))).toEqual({ batchItemFailures: [] });
    expect(creates('github')).toHaveLength(1);
    expect((await store().get(incident.id)).ticket?.key).toBe('example/shop#1');
  });

  it("adopts no issue anyone else opened, even one that carries the incident's marker (an alert's text cannot hijack a ticket)", async () => {
    // Prepare: an attacker's issues, one with the marker the old scheme used, one with the real one.
    const incident = await stored(incidentWith({ team: 'development', fingerprint: 'fp-hijack', id: 'fp-hijack.1' }));
    const marker = ticketMarker({ incidentId: incident.id, kind: 'incident' }, 'the-link-key');
    for (const body of [`watchkeeper-incident:${incident.id}`, `<!-- ${marker} -->`])
      fake.services.issues.push({
        author: 'mallory',
        number: 90 + fake.services.issues.length,
        key: `example/shop#${90 + fake.services.issues.length}`,
        title: 'looks legitimate',
        body,
        labels: [],
        state: 'open',
        comments: [],
      });

    // Act
    await createCollaborateHandler(deps)(
      sqsEvent(ticketNotification(incident, 'development')),
      localLambdaContext('c'),
    );

    // Assess: a new issue of Watchkeeper's own, found by a search limited to its author.
    const search = fake.services.requests.find((r) => r.path.startsWith('/search/issues'));
    expect(decodeURIComponent(search?.path ?? '')).toContain(`author:${FAKE_IDENTITY}`);
    expect(creates('github')).toHaveLength(1);
    expect((await store().get(incident.id)).ticket?.key).not.toMatch(/#9\d$/);
  });

  it('closes the issue with the resolution when the incident resolves', async () => {
    const incident = await stored(incidentWith({ team: 'development', fingerprint: 'fp-close', id: 'fp-close.1' }));
    const handler = createCollaborateHandler(deps);
    await handler(sqsEvent(ticketNotification(incident, 'development')), localLambdaContext('c'));
    const resolved = await store().change(incident.id, (current) =>
      resolveIncident(current, 'alice', 'rolled back to v1.4.2', platform.settings.policy, now, 'r-1'),
    );
    await handler(sqsEvent(resolvedNotification(resolved.next, 'development'), 'm-2'), localLambdaContext('c'));
    const after = fake.services.requests.slice(-2);
    expect(after.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/repos/example/shop/issues/1/comments'],
      ['PATCH', '/repos/example/shop/issues/1'],
    ]);
    expect(((after[0]?.body ?? {}) as { body?: string }).body).toContain('Resolved by alice');
    expect(((after[0]?.body ?? {}) as { body?: string }).body).toContain('rolled back to v1.4.2');
    expect(after[1]?.body).toEqual({ state: 'closed', state_reason: 'completed' });
    expect(fake.services.issues[0]?.state).toBe('closed');
    expect((await store().get(incident.id)).ticket?.told.closed).toBe(true);
  });

  it('a tracker answering 500 three times leaves the incident intact, counted, on its timeline, and retried', async () => {
    const incident = await stored(incidentWith({ team: 'development', fingerprint: 'fp-500', id: 'fp-500.1' }));
    const counted = jest.spyOn(metrics, 'addMetric');
    fake.services.failNext = 3;
    const result = await createCollaborateHandler(deps)(
      sqsEvent(ticketNotification(incident, 'development'), 'm-500'),
      localLambdaContext('c'),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-500' }]);
    expect(fake.services.requests.filter((r) => r.service === 'github')).toHaveLength(3);
    expect(counted).toHaveBeenCalledWith('CollaborationFailures', 'Count', 1);
    const after = await store().get(incident.id);
    expect({ status: after.status, alerts: after.alerts, severity: after.severity }).toEqual({
      status: incident.status,
      alerts: incident.alerts,
      severity: incident.severity,
    });
    expect(after.ticket?.key).toBeUndefined();
    const failed = (await store().timeline(incident.id)).filter((e) => e.kind === 'ticket');
    expect(failed[0]?.text).toMatch(/GitHub example\/shop answered 500 after 3 attempt/);
  });

  it('files a Jira issue with Basic auth and closes it through the "Done" transition', async () => {
    const incident = await stored(incidentWith({ team: 'devops', fingerprint: 'fp-jira', id: 'fp-jira.1' }));
    const handler = createCollaborateHandler(deps);
    await handler(sqsEvent(ticketNotification(incident, 'devops')), localLambdaContext('c'));
    const [create] = creates('jira');
    expect(create?.headers.authorization).toBe(
      `Basic ${Buffer.from('bot@example.com:jira-test-token').toString('base64')}`,
    );
    const fields = ((create?.body ?? {}) as { fields?: Record<string, unknown> }).fields;
    expect(fields).toMatchObject({
      project: { key: 'OPS' },
      issuetype: { name: 'Bug' },
      labels: ['incident', 'watchkeeper', `wk-${incident.id}`],
      description: { type: 'doc', version: 1 },
    });
    const resolved = await store().change(incident.id, (current) =>
      resolveIncident(current, 'bob', 'fixed the registry secret', platform.settings.policy, now, 'r-2'),
    );
    await handler(sqsEvent(resolvedNotification(resolved.next, 'devops'), 'm-3'), localLambdaContext('c'));
    expect(fake.services.requests.slice(-3).map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/rest/api/3/issue/OPS-1/comment', expect.anything()],
      ['GET', '/rest/api/3/issue/OPS-1/transitions', undefined],
      ['POST', '/rest/api/3/issue/OPS-1/transitions', { transition: { id: '31' } }],
    ]);
  });
});

describe('post-incident reviews filed as tickets', () => {
  it('files the review of a resolved incident at or above fileReviewsFrom once, labelled to be found again', async () => {
    const incident = await stored(
      incidentWith({ team: 'devops', fingerprint: 'fp-review', id: 'fp-review.1', severity: 'high' }),
    );
    const handler = createCollaborateHandler(() => deps({ fileReviewsFrom: 'high' }));
    const resolved = await store().change(incident.id, (current) =>
      resolveIncident(current, 'carol', 'raised the node group’s disk size', platform.settings.policy, now, 'r-3'),
    );
    for (const id of ['m-r1', 'm-r2'])
      expect(
        await handler(sqsEvent(resolvedNotification(resolved.next, 'devops'), id), localLambdaContext('c')),
      ).toEqual({ batchItemFailures: [] });
    const [create, ...more] = creates('jira');
    expect(more).toHaveLength(0);
    const fields = ((create?.body ?? {}) as { fields?: Record<string, unknown> }).fields;
    expect(fields?.summary).toBe(`Post-incident review: ${incident.title}`);
    expect(fields?.labels).toEqual(['incident', 'watchkeeper', `wk-review-${incident.id}`]);
    expect(JSON.stringify(fields?.description)).toContain('raised the node group’s disk size');
    expect((await store().get(incident.id)).reviewTicket).toMatchObject({ team: 'devops', key: 'OPS-1' });
  });

  it('files none for a less severe incident unless asked', async () => {
    const incident = await stored(
      incidentWith({ team: 'devops', fingerprint: 'fp-review-low', id: 'fp-review-low.1', severity: 'medium' }),
    );
    const handler = createCollaborateHandler(() => deps({ fileReviewsFrom: 'high' }));
    const resolved = await store().change(incident.id, (current) =>
      resolveIncident(current, 'carol', 'cleaned up the old images', platform.settings.policy, now, 'r-4'),
    );
    await handler(sqsEvent(resolvedNotification(resolved.next, 'devops'), 'm-r3'), localLambdaContext('c'));
    expect(creates('jira')).toHaveLength(0);
    await handler(sqsEvent(reviewNotification(resolved.next), 'm-r4'), localLambdaContext('c'));
    expect(creates('jira')).toHaveLength(1);
  });
});

describe('chat through an incoming webhook', () => {
  it('posts a page once however often it is delivered, as a Slack message with blocks', async () => {
    const incident = await stored(incidentWith({ team: 'development', fingerprint: 'fp-chat', id: 'fp-chat.1' }));
    const page: Notification = {
      ...resolvedNotification(incident, 'development'),
      kind: 'page',
      bodies: {
        ...resolvedNotification(incident, 'development').bodies,
        sqs: JSON.stringify({
          kind: 'page',
          incidentId: incident.id,
          severity: 'high',
          tier: 1,
          round: 0,
          ackUrl: 'https://api.example.com/ack/t',
        }),
      },
    };
    const handler = createCollaborateHandler(deps);
    await handler(sqsEvent(page, 'p-1'), localLambdaContext('c'));
    await handler(sqsEvent(page, 'p-2'), localLambdaContext('c'));
    const posts = fake.services.requests.filter((r) => r.service === 'webhook');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.path).toBe('/T000/B000/XXXX');
    const body = posts[0]?.body as { text: string; blocks: Array<{ type: string }> };
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(body.text).toContain(incident.title);
    expect(JSON.stringify(body)).toContain('*Acknowledge:* <https://api.example.com/ack/t>');
  });
});
