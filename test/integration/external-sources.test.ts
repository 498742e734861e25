import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../lib/load-config.ts';
import type { ApiServer } from '../../local/api-server.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { auditEvent } from '../helpers/audit-event.ts';
import {
  alarmEvent,
  alertmanagerPayload,
  cloudTrailRecord,
  eventBridgeCloudTrail,
  guardDutyEvent,
} from '../helpers/external-events.ts';

const TUESDAY_1000 = Date.parse('2026-11-24T10:00:00Z');
let now = TUESDAY_1000;
let runtime: LocalRuntime;
let server: ApiServer;

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: parseConfig({ clusters: [{ name: 'prod-eu-1' }, { name: 'quiet-1', silenceMinutes: 30 }] }),
    clock: () => now,
  });
  server = await runtime.serve({ port: 0, alertmanagerToken: 'am-token' });
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

const deliver = async (name: string, event: unknown) => runtime.deliver({ file: name, text: JSON.stringify(event) });
const current = async (rule: string, cluster = 'prod-eu-1') => {
  const found = [...runtime.alerts.values()].filter((i) => i.rule === rule && i.cluster === cluster);
  return found.length ? (await runtime.store.getCurrent(found[0].fingerprint))! : undefined;
};

describe('CloudWatch alarms', () => {
  it('opens on ALARM, pages, resolves on OK and tells everyone paged', async () => {
    // Act
    await deliver(
      'alarm',
      alarmEvent('ALARM', { description: '[watchkeeper severity=high team=platform component=node]' }),
    );
    await runtime.settle();
    const open = (await current('cloudwatch-alarm'))!;
    expect(open).toMatchObject({ status: 'open', severity: 'high', team: 'platform', component: 'node' });
    expect((await runtime.incidentStore.get(open.incidentId ?? '')).pagedTeams).toEqual(['operations', 'platform']);
    now += 600_000;
    const summary = await deliver(
      'ok',
      alarmEvent('OK', {
        description: '[watchkeeper severity=high team=platform component=node]',
        timestamp: '2026-11-24T02:30:00.000',
      }),
    );
    // Assess
    expect(summary.resolved).toBe(1);
    const resolved = (await current('cloudwatch-alarm'))!;
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedBy: 'cloudwatch-alarm',
      resolution: expect.stringContaining('Alarm returned to OK'),
    });
    const notes = runtime.outbox.entries
      .filter((e) => e.incidentId === resolved.incidentId && e.kind === 'resolved')
      .map((e) => e.team);
    expect(notes.sort()).toEqual(['operations', 'platform']);
    // A redelivered OK changes nothing and notifies no one again.
    expect(
      (
        await deliver(
          'ok-again',
          alarmEvent('OK', {
            description: '[watchkeeper severity=high team=platform component=node]',
            timestamp: '2026-11-24T02:30:00.000',
          }),
        )
      ).resolved,
    ).toBe(0);
  });

  it('records INSUFFICIENT_DATA on an open incident without opening one', async () => {
    await deliver('alarm-b', alarmEvent('ALARM', { name: 'queue depth', timestamp: '2026-11-24T03:00:00.000' }));
    await deliver(
      'alarm-b-data',
      alarmEvent('INSUFFICIENT_DATA', { name: 'queue depth', timestamp: '2026-11-24T03:05:00.000' }),
    );
    await deliver(
      'alarm-c-data',
      alarmEvent('INSUFFICIENT_DATA', { name: 'never fired', timestamp: '2026-11-24T03:05:00.000' }),
    );
    const incident = [...runtime.alerts.values()].find((i) => i.resource.name === 'queue depth')!;
    expect((await runtime.store.timeline(incident.id)).map((e) => e.kind)).toContain('note');
    expect([...runtime.alerts.values()].some((i) => i.resource.name === 'never fired')).toBe(false);
  });
});

describe('Alertmanager webhook', () => {
  const post = (body: unknown, token = 'am-token') =>
    fetch(`${server.url}/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it('opens incidents for firing alerts and resolves them when Alertmanager says resolved', async () => {
    const firing = await post(
      alertmanagerPayload([
        {
          name: 'KubePodCrashLooping',
          labels: { severity: 'critical', namespace: 'payments', pod: 'api-1' },
          fingerprint: 'fpCrash',
        },
        { name: 'CoreDNSDown', fingerprint: 'fpDns' },
      ]),
    );
    expect(firing.status).toBe(200);
    expect(await firing.json()).toMatchObject({
      alerts: 2,
      events: 2,
      signals: 2,
      created: 2,
      resolved: 0,
      quarantined: 0,
    });
    expect((await current('alertmanager-alert'))!.status).toBe('open');
    const resolved = await post(
      alertmanagerPayload([
        {
          name: 'KubePodCrashLooping',
          status: 'resolved',
          labels: { severity: 'critical', namespace: 'payments', pod: 'api-1' },
          fingerprint: 'fpCrash',
        },
      ]),
    );
    expect(((await resolved.json()) as { resolved: number }).resolved).toBe(1);
    const crash = [...runtime.alerts.values()].find((i) => i.title.startsWith('KubePodCrashLooping'))!;
    expect((await runtime.store.getCurrent(crash.fingerprint))!).toMatchObject({
      status: 'resolved',
      resolvedBy: 'alertmanager',
    });
  });

  it('refuses a wrong token and a body that is not a webhook payload', async () => {
    expect((await post(alertmanagerPayload([{ name: 'X' }]), 'wrong')).status).toBe(403);
    const bad = await post({ hello: 'world' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('Alertmanager');
  });
});

describe('GuardDuty findings', () => {
  it('dedupes a finding and its updates onto one incident', async () => {
    await deliver('gd-1', guardDutyEvent({ id: 'finding-abc', count: 1, severity: 8 }));
    const update = guardDutyEvent({ id: 'finding-abc', count: 2, severity: 8 });
    await deliver('gd-2', update);
    await deliver('gd-2-again', update);
    const incident = (await current('guardduty-finding'))!;
    expect(incident).toMatchObject({ count: 2, severity: 'high', category: 'security', generation: 1 });
  });
});

describe('cluster onboarding: log silence', () => {
  it('raises a watchkeeper incident for a silent cluster and resolves it when logs flow again', async () => {
    // prod-eu-1 delivers logs; quiet-1 never did.
    await deliver(
      'logs',
      subscriptionEvent('prod-eu-1', 'kube-apiserver-1', [{ timestamp: now - 60_000, message: 'I1124 ok' }]),
    );
    expect((await runtime.checkLogSilence(now)).silent).toEqual(['quiet-1']);
    await runtime.settle();
    const silent = (await current('cluster-logs-silent', 'quiet-1'))!;
    expect(silent).toMatchObject({ status: 'open', component: 'watchkeeper', severity: 'high' });
    expect(runtime.outbox.entries.some((e) => e.incidentId === silent.incidentId && e.kind === 'page')).toBe(true);
    // Logs arrive: the next check resolves it.
    now += 120_000;
    await deliver(
      'quiet-logs',
      subscriptionEvent('quiet-1', 'kube-apiserver-audit-1', [
        { timestamp: now - 10_000, message: JSON.stringify(auditEvent()) },
      ]),
    );
    expect((await runtime.checkLogSilence(now)).silent).toEqual([]);
    expect((await runtime.store.getCurrent(silent.fingerprint))!.status).toBe('resolved');
  });
});

describe('change context', () => {
  it('shows the changes to the cluster in the 30 minutes before an incident started', async () => {
    // Prepare: a person patches a deployment, an admin disables audit logging, then pods crash-loop.
    const patch = auditEvent({
      verb: 'patch',
      objectRef: { resource: 'deployments', namespace: 'checkout', name: 'api', apiGroup: 'apps' },
      responseStatus: { code: 200 },
      stageTimestamp: '2026-11-24T04:00:00.000000Z',
    });
    await deliver(
      'patch',
      subscriptionEvent('ctx-1', 'kube-apiserver-audit-1', [{ timestamp: now, message: JSON.stringify(patch) }], 9000n),
    );
    await deliver(
      'trail',
      eventBridgeCloudTrail(
        cloudTrailRecord(
          'UpdateClusterConfig',
          { name: 'ctx-1', logging: { clusterLogging: [{ types: ['audit'], enabled: false }] } },
          { eventTime: '2026-11-24T04:05:00Z' },
        ),
      ),
    );
    const crash = auditEvent({
      objectRef: { resource: 'events', namespace: 'checkout' },
      stageTimestamp: '2026-11-24T04:10:00.000000Z',
      requestReceivedTimestamp: '2026-11-24T04:10:00.000000Z',
      user: { username: 'system:node:n1', groups: ['system:nodes'] },
      requestObject: {
        kind: 'Event',
        reason: 'BackOff',
        message: 'Back-off restarting failed container api',
        involvedObject: { kind: 'Pod', namespace: 'checkout', name: 'api-5d9f8c6b5-x2kqp' },
      },
    });
    await deliver(
      'crash',
      subscriptionEvent('ctx-1', 'kube-apiserver-audit-1', [{ timestamp: now, message: JSON.stringify(crash) }], 9100n),
    );
    const incident = (await current('crash-loop-backoff', 'ctx-1'))!;
    // Act
    const detail = (await (await fetch(`${server.url}/alerts/${incident.id}`)).json()) as {
      changes: Array<{ rule: string; actor: string; what: string }>;
    };
    const ofIncident = (await (await fetch(`${server.url}/incidents/${incident.incidentId}`)).json()) as {
      changes: unknown[];
    };
    expect(ofIncident.changes).toEqual(detail.changes);
    // Assess
    expect(detail.changes.map((c: { rule: string; actor: string; what: string }) => [c.rule, c.actor, c.what])).toEqual(
      [
        ['human-change', 'arn:aws:sts::111122223333:assumed-role/dev/jane', 'patch deployments checkout/api'],
        [
          'eks-control-plane-logging-disabled',
          'arn:aws:sts::111122223333:assumed-role/platform-admin/jane',
          'UpdateClusterConfig eks ctx-1',
        ],
      ],
    );
  });
});
