import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { IncidentStore, toItem } from '../../functions/adapters/incident-store.ts';
import { KubernetesApi } from '../../functions/adapters/kubernetes-api.ts';
import { DEFAULT_ALERT_POLICY } from '../../functions/core/alerts/policy.ts';
import type { Alert } from '../../functions/core/alerts/types.ts';
import { ActionTransitionError } from '../../functions/core/actions/decisions.ts';
import type { RemediationDeps, RemediationInput } from '../../functions/core/actions/remediation.ts';
import { RemediationService } from '../../functions/core/actions/remediation.ts';
import { builtInRules } from '../../functions/core/rules/catalogue.ts';
import { documentClient } from '../../functions/shared/clients.ts';
import { startLocalDynamo } from '../../local/dynamodb-local.ts';
import type { LocalDynamo } from '../../local/dynamodb-local.ts';
import { alert } from '../helpers/alert.ts';
import { startFakeKubernetesServer } from '../helpers/fake-kubernetes-server.ts';
import { incidentOf } from '../helpers/incident.ts';

// Actions on incidents in the store (dynalite), run against a Kubernetes API server over HTTP:
// proposed from the rules, decided, run once per approval, audited on the timeline.
let dynamo: LocalDynamo;
let fake: Awaited<ReturnType<typeof startFakeKubernetesServer>>;
let now = Date.parse('2026-12-02T10:00:00Z');
let store: IncidentStore;
let started: Array<{ name: string; input: RemediationInput }>;
let switches = { enabled: true, disabledClusters: [] as string[] };
let seq = 0;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  fake = await startFakeKubernetesServer();
  store = new IncidentStore(documentClient(dynamo.client), dynamo.tableName, DEFAULT_ALERT_POLICY, () => now);
});
afterAll(async () => {
  await fake.close();
  await dynamo.close();
});
beforeEach(() => {
  started = [];
  switches = { enabled: true, disabledClusters: [] };
  fake.cluster.requests.length = 0;
  fake.cluster.objects.clear();
});

const service = () => {
  const api = new KubernetesApi({ endpoint: fake.url, token: async () => 'k8s-aws-v1.test' });
  const deps: RemediationDeps = {
    incidents: store,
    rules: new Map(builtInRules().map((r) => [r.id, r])),
    switches,
    connect: async () => ({ reader: api, transport: { kube: (r) => api.send(r), aws: async () => ({}) } }),
    launcher: {
      start: async (name, input) => {
        if (started.some((s) => s.name === name)) return false;
        started.push({ name, input });
        return true;
      },
    },
    clock: () => now,
  };
  return new RemediationService(deps);
};

/** A crash-looping pod's alert (the rule proposes collecting evidence, automatic, a restart and a scale back, suggested). */
function crashLoop(): Alert {
  const n = ++seq;
  return alert({
    id: `fpCrash${n}.1`,
    fingerprint: `fpCrash${n}`,
    rule: 'crash-loop-backoff',
    severity: 'high',
    namespace: 'shop',
    resource: { kind: 'Pod', namespace: 'shop', name: 'api-7d9f8c6b5-x2kqp' },
    samples: [
      {
        eventId: `e${n}`,
        occurredAt: '2026-12-02T09:59:00Z',
        source: 'k8s-event',
        evidence: { 'event.involvedName': 'api-7d9f8c6b5-x2kqp', 'event.reason': 'BackOff' },
      },
    ],
  });
}

async function incidentWith(a: Alert) {
  const incident = incidentOf([a], { now });
  await documentClient(dynamo.client).send(new PutCommand({ TableName: dynamo.tableName, Item: toItem(incident) }));
  return incident;
}

function cluster() {
  fake.cluster.put('/api/v1/namespaces/shop/pods/api-7d9f8c6b5-x2kqp', {
    metadata: {
      name: 'api-7d9f8c6b5-x2kqp',
      namespace: 'shop',
      ownerReferences: [{ kind: 'ReplicaSet', name: 'api-7d9f8c6b5', controller: true }],
    },
    spec: { containers: [{ name: 'api', image: 'shop/api:1.4.3' }] },
    status: { phase: 'Running' },
  });
  fake.cluster.put('/apis/apps/v1/namespaces/shop/replicasets/api-7d9f8c6b5', {
    metadata: {
      name: 'api-7d9f8c6b5',
      namespace: 'shop',
      ownerReferences: [{ kind: 'Deployment', name: 'api', controller: true }],
    },
  });
  fake.cluster.put('/apis/apps/v1/namespaces/shop/deployments/api', {
    metadata: { name: 'api', namespace: 'shop' },
    spec: { replicas: 3 },
  });
}
const writes = () => fake.cluster.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('actions on an incident', () => {
  it('proposes the rule’s actions once, starts the safe one, and waits for a person on the other', async () => {
    const a = crashLoop();
    const incident = await incidentWith(a);
    const proposed = await service().propose(incident.id, [a]);
    expect(proposed.map((p) => [p.id, p.kind, p.status])).toEqual([
      ['a1', 'collect-evidence', 'approved'],
      ['a2', 'restart-workload', 'suggested'],
      ['a3', 'scale-workload', 'suggested'],
    ]);
    expect(proposed[1]?.params).toEqual({ namespace: 'shop', workload: 'api-7d9f8c6b5-x2kqp', workloadKind: 'Pod' });
    expect(started.map((s) => s.input)).toEqual([
      { incidentId: incident.id, actionId: 'a1', executionId: proposed[0]?.executionId },
    ]);
    // The same alert again (a redelivery) proposes nothing more.
    expect(await service().propose(incident.id, [a])).toEqual([]);
    expect((await store.get(incident.id)).actions).toHaveLength(3);
  });

  it('runs a suggestion once it is approved, once however often it is approved or the run retried', async () => {
    cluster();
    const a = crashLoop();
    const incident = await incidentWith(a);
    await service().propose(incident.id, [a]);
    // Nothing is sent while it is only suggested.
    expect(writes()).toEqual([]);
    const approved = await service().decide(incident.id, 'a2', 'approve', 'jane');
    const again = await service().decide(incident.id, 'a2', 'approve', 'jane');
    expect(again.executionId).toBe(approved.executionId);
    const runs = started.filter((s) => s.input.actionId === 'a2');
    expect(runs).toHaveLength(1);
    const executionId = approved.executionId ?? '';
    const first = await service().run(incident.id, 'a2', executionId);
    const retried = await service().run(incident.id, 'a2', executionId);
    expect(first.status).toBe('succeeded');
    expect(retried.status).toBe('succeeded');
    expect(writes()).toEqual(['PATCH /apis/apps/v1/namespaces/shop/deployments/api']);
    const timeline = (await store.timeline(incident.id)).filter((e) => e.kind === 'action');
    const done = timeline.find((e) => e.text.startsWith('Done:'));
    expect(done?.text).toMatch(
      /^Done: Rollout-restart api-7d9f8c6b5-x2kqp in shop \(1 requests, \d+ ms, approved by jane\)$/,
    );
    expect(done?.data).toMatchObject({
      executionId,
      outcome: 'succeeded',
      steps: [
        {
          outcome: 'done',
          status: '200',
          request: { method: 'PATCH', path: '/apis/apps/v1/namespaces/shop/deployments/api' },
        },
      ],
      notes: ['pod api-7d9f8c6b5-x2kqp belongs to Deployment api'],
    });
    expect(timeline.map((e) => e.text)).toContain('Approved: Rollout-restart api-7d9f8c6b5-x2kqp in shop');
  });

  it('sends nothing for a rejected action, and says so; a rejected action cannot be approved', async () => {
    const a = crashLoop();
    const incident = await incidentWith(a);
    await service().propose(incident.id, [a]);
    const rejected = await service().decide(incident.id, 'a2', 'reject', 'bob');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'bob' });
    await expect(service().decide(incident.id, 'a2', 'approve', 'jane')).rejects.toThrow(ActionTransitionError);
    expect(writes()).toEqual([]);
    expect((await store.timeline(incident.id)).map((e) => e.text)).toContain(
      'Rejected: Rollout-restart api-7d9f8c6b5-x2kqp in shop',
    );
  });

  it('shows what a dry run would send without sending it', async () => {
    cluster();
    const a = crashLoop();
    const incident = await incidentWith(a);
    await service().propose(incident.id, [a]);
    const dry = await service().dryRun(incident.id, 'a2');
    expect(dry.description).toBe('Rollout-restart api-7d9f8c6b5-x2kqp in shop');
    expect(dry.plan.writes).toEqual([
      expect.objectContaining({ method: 'PATCH', path: '/apis/apps/v1/namespaces/shop/deployments/api' }),
    ]);
    expect(writes()).toEqual([]);
  });

  it('runs nothing while the kill switch is on for the cluster, and records why', async () => {
    cluster();
    const a = crashLoop();
    const incident = await incidentWith(a);
    await service().propose(incident.id, [a]);
    const approved = await service().decide(incident.id, 'a2', 'approve', 'jane');
    switches.disabledClusters = ['prod-eu-1'];
    const after = await service().run(incident.id, 'a2', approved.executionId ?? '');
    expect(after.status).toBe('approved');
    expect(writes()).toEqual([]);
    expect((await store.timeline(incident.id)).map((e) => e.text)).toContain(
      'Not run (actions are switched off on prod-eu-1): Rollout-restart api-7d9f8c6b5-x2kqp in shop',
    );
    // Proposed under the switch, actions are shown as disabled.
    const b = crashLoop();
    const other = await incidentWith(b);
    expect((await service().propose(other.id, [b])).map((p) => p.status)).toEqual(['disabled', 'disabled', 'disabled']);
  });

  it('expires an approval that did not come in time: nothing is sent', async () => {
    const a = alert({
      id: 'fpBinding1.1',
      fingerprint: 'fpBinding1',
      rule: 'cluster-admin-binding',
      category: 'security',
      resource: { resource: 'clusterrolebindings', name: 'backdoor' },
      samples: [{ eventId: 'b1', occurredAt: '2026-12-02T09:59:00Z', source: 'eks-audit', evidence: {} }],
    });
    const incident = await incidentWith(a);
    const [waiting] = await service().propose(incident.id, [a]);
    expect(waiting).toMatchObject({
      kind: 'remove-binding',
      status: 'awaiting-approval',
      dueAt: '2026-12-02T11:00:00.000Z',
    });
    expect(waiting?.params).toEqual({ binding: 'backdoor', bindingKind: 'clusterrolebindings', namespace: '' });
    expect(started.map((s) => s.input)).toEqual([{ incidentId: incident.id, actionId: 'a1' }]);
    expect((await service().check(incident.id, 'a1')).status).toBe('awaiting-approval');
    now += 61 * 60_000;
    expect((await service().check(incident.id, 'a1')).status).toBe('expired');
    await expect(service().decide(incident.id, 'a1', 'approve', 'jane')).rejects.toThrow('cannot run');
    expect((await store.timeline(incident.id)).map((e) => e.text)).toContain(
      'Not run: nobody approved Remove ClusterRoleBinding backdoor (its manifest is kept in the incident to restore it) by 2026-12-02T11:00:00.000Z',
    );
    expect(writes()).toEqual([]);
  });
});
