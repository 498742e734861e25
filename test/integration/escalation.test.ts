import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { acknowledgeIncident, resolveIncident } from '../../functions/core/incidents/lifecycle.ts';
import type { Incident } from '../../functions/core/incidents/types.ts';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { signal } from '../helpers/signal.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { subscriptionEvent } from '../../local/demo/subscription.ts';
import type { OutboxEntry } from '../../local/outbox.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { auditEvent } from '../helpers/audit-event.ts';

const TUESDAY_1000 = Date.parse('2026-11-24T10:00:00Z');
let now = TUESDAY_1000;
let runtime: LocalRuntime;
let seq = 0;

beforeAll(async () => {
  runtime = await LocalRuntime.start({ config: parseConfig({}), clock: () => now });
});
afterAll(async () => runtime.close());
beforeEach(() => {
  now = TUESDAY_1000;
  runtime.outbox.listeners.length = 0;
});

/** A delivery that opens one incident of the given kind on a fresh cluster; returns the incident. */
async function open(kind: 'critical' | 'high' | 'medium'): Promise<Incident> {
  const cluster = `esc-${++seq}`;
  const lines = {
    critical: {
      stream: 'kube-apiserver-1',
      message: 'E1124 02:15:01.114213 11 status.go:71] etcdserver: request timed out',
    },
    high: {
      stream: 'kube-apiserver-audit-1',
      message: JSON.stringify(
        auditEvent({
          objectRef: { resource: 'clusterrolebindings', name: `b${seq}` },
          requestObject: {
            roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
            subjects: [{ kind: 'User', name: 'x' }],
          },
        }),
      ),
    },
    medium: {
      stream: 'kube-apiserver-audit-1',
      message: JSON.stringify(
        auditEvent({
          objectRef: { resource: 'services', namespace: 'a', name: `s${seq}` },
          requestObject: { spec: { type: 'NodePort' } },
        }),
      ),
    },
  }[kind];
  await runtime.deliver({
    file: `${cluster}.json`,
    text: JSON.stringify(
      subscriptionEvent(cluster, lines.stream, [{ timestamp: now, message: lines.message }], BigInt(seq) * 100n),
    ),
  });
  const found = [...runtime.incidents.values()].find((i) => i.cluster === cluster);
  if (!found) throw new Error(`no incident on ${cluster}`);
  return found;
}

const pagesOf = (id: string): OutboxEntry[] =>
  runtime.outbox.entries.filter((e) => e.incidentId === id && (e.kind === 'page' || e.kind === 'last-resort'));
const executionsOf = (id: string) =>
  [...runtime.workflow!.executions.values()].filter((e) => e.input.plan.incidentId === id);

describe('escalation workflow (the synthesized definition, run locally)', () => {
  it('stops when tier 1 acknowledges', async () => {
    // Prepare: the first responder acknowledges from the link as soon as they are paged.
    runtime.outbox.listeners.push(async (entry) => {
      now += 60_000;
      if (entry.kind === 'page')
        await runtime.incidentStore.change(entry.incidentId, (i) =>
          acknowledgeIncident(i, 'link (operations tier 1)', now, 'ack-1'),
        );
    });
    // Act
    const incident = await open('high');
    await runtime.settle();
    // Assess
    expect(pagesOf(incident.id).map((p) => [p.team, p.publish.MessageAttributes!.tier.StringValue])).toEqual([
      ['operations', '1'],
    ]);
    const [execution] = executionsOf(incident.id);
    expect(execution.error).toBeUndefined();
    expect(execution.status).toBe('succeeded');
    expect(execution.states.at(-1)).toBe('Acknowledged, resolved, merged or superseded');
    // The binding rule also proposes its fix (an action, on the timeline): escalation's entries are these.
    const escalationEntries = (await runtime.incidentStore.timeline(incident.id)).filter((e) => e.kind !== 'action');
    expect(escalationEntries.map((e) => e.kind)).toEqual(['created', 'paged', 'acknowledged']);
  });

  it('walks every tier, repeats, then tells the last resort when nobody acknowledges', async () => {
    const incident = await open('critical');
    await runtime.settle();
    const pages = pagesOf(incident.id);
    expect(
      pages.map(
        (p) =>
          `${p.kind}:${p.team}:${p.publish.MessageAttributes!.tier.StringValue}:${JSON.parse(p.publish.MessageAttributes!.audience.StringValue!)}`,
      ),
    ).toEqual([
      'page:operations:1:member',
      'page:platform:2:member',
      'page:platform:3:escalation',
      'page:operations:1:member',
      'page:platform:2:member',
      'page:platform:3:escalation',
      'last-resort:operations:4:escalation',
    ]);
    // The synthesized workflow wrote its pages and paged teams on the very items the store reads: the
    // plan carries the key the store built (KEYS in the table design), so a drift would lose these.
    const timeline = (await runtime.incidentStore.timeline(incident.id)).map((e) => e.kind);
    expect(timeline.filter((k) => k === 'paged')).toHaveLength(6);
    expect(timeline).toContain('exhausted');
    expect((await runtime.incidentStore.get(incident.id)).pagedTeams).toEqual(['operations', 'platform']);
    // A critical incident also tells the business topic, once.
    expect(
      runtime.outbox.entries.filter((e) => e.incidentId === incident.id && e.kind === 'status').map((e) => e.team),
    ).toEqual(['business']);
  });

  it('records who is paged now and when the next tier is due, until someone acknowledges', async () => {
    // Prepare: when tier 2 is about to be paged, look at the incident as the console does, then acknowledge.
    let seen: Awaited<ReturnType<ReturnType<typeof runtime.api>['incidents']['get']>> | undefined;
    runtime.outbox.listeners.push(async (entry) => {
      if (entry.kind !== 'page' || entry.publish.MessageAttributes?.tier.StringValue !== '2') return;
      seen = await runtime.api().incidents.get(entry.incidentId);
      await runtime.incidentStore.change(entry.incidentId, (i) => acknowledgeIncident(i, 'jane', now, 'ack-2'));
    });

    // Act
    const incident = await open('critical');
    await runtime.settle();

    // Assess
    const [execution] = executionsOf(incident.id);
    const firstWait = execution.input.plan.steps[0].waitSeconds;
    expect(seen?.paging).toEqual({
      team: 'operations',
      tier: 1,
      at: new Date(TUESDAY_1000).toISOString(),
      nextDueAt: new Date(TUESDAY_1000 + firstWait * 1000).toISOString(),
    });
    expect((await runtime.api().incidents.get(incident.id)).paging).toBeNull();
  });

  it('stops when the incident is resolved midway', async () => {
    runtime.outbox.listeners.push(async (entry) => {
      if (entry.kind === 'page' && entry.publish.MessageAttributes!.tier.StringValue === '2') {
        now += 60_000;
        await runtime.incidentStore.change(entry.incidentId, (i) =>
          resolveIncident(i, 'jane', 'rolled back', runtime.platform.settings.policy, now, 'res-1'),
        );
      }
    });
    const incident = await open('high');
    await runtime.settle();
    // cluster-admin bindings are owned by security: tier 2 is the owner team.
    expect(pagesOf(incident.id).map((p) => p.team)).toEqual(['operations', 'security']);
  });

  it('escalates once when the same incident generation is started twice', async () => {
    const incident = await open('high');
    await runtime.deps.escalation!.start(incident, 'created');
    await runtime.deps.escalation!.start(incident, 'created');
    await runtime.settle();
    expect(executionsOf(incident.id)).toHaveLength(1);
    expect(pagesOf(incident.id)).toHaveLength(4);
  });

  it('defers a medium incident at 02:00 on a Sunday until business hours', async () => {
    now = Date.parse('2026-11-22T02:00:00Z');
    const incident = await open('medium');
    await runtime.settle();
    const [execution] = executionsOf(incident.id);
    expect(execution.input.plan.deferUntil).toBe('2026-11-23T08:00:00.000Z');
    expect(execution.states.slice(0, 3)).toEqual(['Deferred?', 'Wait for business hours', 'Start']);
  });

  it('holds the first page of a new incident for the group wait, so that related alerts page once', async () => {
    const incident = await open('high');
    await runtime.settle();
    const [execution] = executionsOf(incident.id);
    expect(execution.input.plan.deferUntil).toBe(new Date(now + 30_000).toISOString());
    expect(execution.input.plan.notes).toContain('the first page waits 30 s for related alerts');
  });

  it('records and counts a silenced incident but does not page it', async () => {
    // Prepare
    const cluster = `esc-${seq + 1}`;
    await runtime.silences.put({
      id: 'maint-1',
      matchers: { cluster: [cluster] },
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      createdBy: 'jane',
      comment: 'node group upgrade',
      createdAt: new Date(now).toISOString(),
    });
    // Act
    const incident = await open('high');
    await runtime.settle();
    // Assess
    expect(incident.cluster).toBe(cluster);
    expect(pagesOf(incident.id)).toEqual([]);
    expect(incident.alerts.map((a) => a.count)).toEqual([1]);
    const timeline = await runtime.incidentStore.timeline(incident.id);
    expect(timeline.filter((e) => e.kind === 'silenced').map((e) => e.text)[0]).toContain(
      'suppressed by silence maint-1 (node group upgrade)',
    );
  });

  it('re-escalates when the severity rises: the running escalation stops and a new one starts', async () => {
    // Prepare: a medium incident whose tier 1 page is not acknowledged.
    let raised = false;
    runtime.outbox.listeners.push(async (entry) => {
      if (raised || entry.kind !== 'page') return;
      raised = true;
      const current = await runtime.incidentStore.get(entry.incidentId);
      const lead = await runtime.store.getAlert(current.leadAlertId);
      await storeSignals(
        [signal({ fingerprint: lead.fingerprint, cluster: lead.cluster, severity: 'critical', rule: lead.rule })],
        runtime.deps,
      );
    });
    // Act
    const incident = await open('medium');
    await runtime.settle();
    // Assess
    const executions = executionsOf(incident.id);
    expect(executions.map((e) => e.input.plan.incidentSeverity)).toEqual(['medium', 'critical']);
    expect(executions[0].states.at(-1)).toBe('Acknowledged, resolved, merged or superseded');
    expect(
      pagesOf(incident.id).filter((p) => p.publish.MessageAttributes!.severity.StringValue === 'critical'),
    ).toHaveLength(7);
    expect((await runtime.incidentStore.timeline(incident.id)).map((e) => e.kind)).toContain('severity-raised');
  });

  it('carries a signed acknowledgement link and the console page of the incident in every page', async () => {
    const incident = await open('high');
    await runtime.settle();
    for (const page of pagesOf(incident.id)) {
      const bodies = JSON.parse(page.publish.Message!);
      expect(JSON.parse(bodies.https).ackUrl).toMatch(/^http:\/\/127\.0\.0\.1:8080\/ack\/[\w-]+\.[\w-]+$/);
      expect(JSON.parse(bodies.https).incidentUrl).toBe(`http://127.0.0.1:8080/#/incidents/${incident.id}`);
      expect(bodies.email).toContain(`Incident:        http://127.0.0.1:8080/#/incidents/${incident.id}`);
    }
  });
});

describe('escalation workflow during a peak period', () => {
  let peak: LocalRuntime;
  beforeAll(async () => {
    peak = await LocalRuntime.start({
      config: parseConfig({
        escalation: {
          peakPeriods: [
            {
              name: 'Black Friday week',
              start: '2026-11-23',
              end: '2026-11-30',
              clusters: ['shop'],
              timeoutFactor: 0.5,
            },
          ],
        },
      }),
      clock: () => TUESDAY_1000,
    });
  });
  afterAll(async () => peak.close());

  it('waits half as long at every tier on the peak cluster, and the usual time elsewhere', async () => {
    const message = JSON.stringify(
      auditEvent({
        objectRef: { resource: 'clusterrolebindings', name: 'peak' },
        requestObject: {
          roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'User', name: 'x' }],
        },
      }),
    );
    for (const cluster of ['shop', 'back-office']) {
      await peak.deliver({
        file: cluster,
        text: JSON.stringify(
          subscriptionEvent(cluster, 'kube-apiserver-audit-1', [{ timestamp: TUESDAY_1000, message }]),
        ),
      });
    }
    await peak.settle();
    const clusterOf = (id: string): string => peak.incidents.get(id)!.cluster;
    const waits = Object.fromEntries(
      [...peak.workflow!.executions.values()].map((e) => [clusterOf(e.input.plan.incidentId), e.waits]),
    );
    expect(waits).toEqual({ shop: [450, 450, 900], 'back-office': [900, 900, 1800] });
  });
});
