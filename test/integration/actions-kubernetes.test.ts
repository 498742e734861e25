import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { EKS_TOKEN_PREFIX, EksTokens } from '../../functions/adapters/eks-token.ts';
import { KubernetesApi } from '../../functions/adapters/kubernetes-api.ts';
import type { ActionKindName } from '../../functions/core/actions/catalogue.ts';
import { executePlan } from '../../functions/core/actions/execute.ts';
import { planAction } from '../../functions/core/actions/plan.ts';
import { ActionPlanError } from '../../functions/core/actions/requests.ts';
import { startFakeKubernetesServer } from '../helpers/fake-kubernetes-server.ts';

// Actions against a Kubernetes API server over real HTTP that answers with the API reference's shapes:
// the exact requests, the bearer token's form, and what a retry does.
let fake: Awaited<ReturnType<typeof startFakeKubernetesServer>>;
let api: KubernetesApi;
const CREDENTIALS = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-example', sessionToken: 'session-example' };
const RUN = { executionId: 'fpActionTest.1-restart-1', at: '2026-12-02T10:00:00.000Z' };

beforeAll(async () => {
  fake = await startFakeKubernetesServer();
  const tokens = new EksTokens('eu-west-1', CREDENTIALS, () => Date.parse('2026-12-02T10:00:00Z'));
  api = new KubernetesApi({ endpoint: fake.url, token: () => tokens.token('prod-eu-1') });
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.cluster.requests.length = 0;
  fake.cluster.objects.clear();
  fake.cluster.pdbBlocked.clear();
});

const plan = (kind: ActionKindName, params: Record<string, string>) =>
  planAction({ kind, params, cluster: 'prod-eu-1', reader: api, run: RUN });
const transport = { kube: (r: Parameters<KubernetesApi['send']>[0]) => api.send(r), aws: async () => ({}) };
/** A field of an object the fake cluster holds now. */
const stored = (path: string, key: string) => (fake.cluster.objects.get(path)?.[key] ?? {}) as Record<string, unknown>;
const sent = () => fake.cluster.requests.map((r) => `${r.method} ${r.path}`);

const pod = (namespace: string, name: string, extra: Record<string, unknown> = {}) =>
  fake.cluster.put(`/api/v1/namespaces/${namespace}/pods/${name}`, {
    metadata: { name, namespace, ...((extra.metadata as object) ?? {}) },
    spec: { nodeName: 'ip-10-0-1-23.eu-west-1.compute.internal', ...((extra.spec as object) ?? {}) },
    status: { phase: 'Running', ...((extra.status as object) ?? {}) },
  });

describe('the bearer token', () => {
  it('is what aws eks get-token makes: a presigned STS GetCallerIdentity URL naming the cluster', async () => {
    fake.cluster.put('/api/v1/nodes/n1', { metadata: { name: 'n1' } });
    await api.get('/api/v1/nodes/n1');
    const auth = fake.cluster.requests[0]?.headers.authorization ?? '';
    expect(auth.startsWith(`Bearer ${EKS_TOKEN_PREFIX}`)).toBe(true);
    const encoded = auth.slice(`Bearer ${EKS_TOKEN_PREFIX}`.length);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('Version')).toBe('2011-06-15');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIAEXAMPLE\/20261202\/eu-west-1\/sts\/aws4_request$/);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('session-example');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('node actions', () => {
  it('drains a node: cordons it, evicts what may go, keeps DaemonSet and mirror pods, honours a PDB', async () => {
    const node = 'ip-10-0-1-23.eu-west-1.compute.internal';
    fake.cluster.put(`/api/v1/nodes/${node}`, { metadata: { name: node }, spec: {} });
    pod('shop', 'api-7d9f8c6b5-x2kqp');
    pod('shop', 'db-0');
    pod('kube-system', 'aws-node-abcde', {
      metadata: { ownerReferences: [{ kind: 'DaemonSet', name: 'aws-node', controller: true }] },
    });
    pod('kube-system', `kube-proxy-${node}`, { metadata: { annotations: { 'kubernetes.io/config.mirror': 'x' } } });
    fake.cluster.pdbBlocked.add('db-0');

    const drain = await plan('drain-node', { node });
    expect(drain.reads.map((r) => r.path)).toEqual([`/api/v1/pods?fieldSelector=spec.nodeName%3D${node}`]);
    expect(drain.writes).toEqual([
      {
        api: 'kubernetes',
        method: 'PATCH',
        path: `/api/v1/nodes/${node}`,
        contentType: 'application/strategic-merge-patch+json',
        body: { spec: { unschedulable: true } },
      },
      ...['api-7d9f8c6b5-x2kqp', 'db-0'].map((name) => ({
        api: 'kubernetes',
        method: 'POST',
        path: `/api/v1/namespaces/shop/pods/${name}/eviction`,
        contentType: 'application/json',
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'shop' } },
        alreadyDone: [404],
      })),
    ]);
    expect(drain.notes).toEqual(['2 pods stay (DaemonSet, mirror, finished or already leaving)']);
    // The dry run changed nothing.
    expect(sent().filter((s) => !s.startsWith('GET'))).toEqual([]);

    const first = await executePlan(drain, transport);
    expect(first.steps.map((s) => s.outcome)).toEqual(['done', 'done', 'blocked']);
    expect(first).toMatchObject({ outcome: 'failed', error: expect.stringContaining('PodDisruptionBudget') });
    expect(stored(`/api/v1/nodes/${node}`, 'spec').unschedulable).toBe(true);
    // Retried once the budget allows: planned afresh, only what is left is evicted.
    fake.cluster.pdbBlocked.clear();
    const retry = await executePlan(await plan('drain-node', { node }), transport);
    expect(retry.outcome).toBe('succeeded');
    expect(retry.steps.map((s) => s.request.api === 'kubernetes' && `${s.request.method} ${s.request.path}`)).toEqual([
      `PATCH /api/v1/nodes/${node}`,
      'POST /api/v1/namespaces/shop/pods/db-0/eviction',
    ]);
  });

  it('refuses a node name that is not a Kubernetes name before any request', async () => {
    await expect(plan('cordon-node', { node: '../../api/v1/secrets' })).rejects.toThrow(ActionPlanError);
    await expect(plan('delete-pod', { namespace: 'kube-system?x=1', pod: 'p' })).rejects.toThrow(
      'is not a Kubernetes namespace name',
    );
    expect(fake.cluster.requests).toHaveLength(0);
  });
});

describe('workload actions', () => {
  beforeEach(() => {
    pod('shop', 'api-7d9f8c6b5-x2kqp', {
      metadata: { ownerReferences: [{ kind: 'ReplicaSet', name: 'api-7d9f8c6b5', controller: true }] },
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
      spec: { replicas: 3, template: { metadata: { labels: { app: 'api' } } } },
    });
  });

  it('rollout-restarts the Deployment behind a pod, the same patch on a retry', async () => {
    const restart = await plan('restart-workload', {
      namespace: 'shop',
      workload: 'api-7d9f8c6b5-x2kqp',
      workloadKind: 'Pod',
    });
    expect(restart.notes).toEqual(['pod api-7d9f8c6b5-x2kqp belongs to Deployment api']);
    expect(restart.writes).toEqual([
      {
        api: 'kubernetes',
        method: 'PATCH',
        path: '/apis/apps/v1/namespaces/shop/deployments/api',
        contentType: 'application/strategic-merge-patch+json',
        body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': RUN.at } } } } },
      },
    ]);
    expect((await executePlan(restart, transport)).outcome).toBe('succeeded');
    const once = JSON.stringify(fake.cluster.objects.get('/apis/apps/v1/namespaces/shop/deployments/api'));
    expect((await executePlan(restart, transport)).outcome).toBe('succeeded');
    expect(JSON.stringify(fake.cluster.objects.get('/apis/apps/v1/namespaces/shop/deployments/api'))).toBe(once);
    expect(once).toContain('"app":"api"');
  });

  it('scales through the scale subresource with a merge patch', async () => {
    const scale = await plan('scale-workload', { namespace: 'shop', workload: 'api', replicas: '5' });
    expect(scale.writes).toEqual([
      {
        api: 'kubernetes',
        method: 'PATCH',
        path: '/apis/apps/v1/namespaces/shop/deployments/api/scale',
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 5 } },
      },
    ]);
    await executePlan(scale, transport);
    expect(stored('/apis/apps/v1/namespaces/shop/deployments/api', 'spec').replicas).toBe(5);
    await expect(plan('scale-workload', { namespace: 'shop', workload: 'api', replicas: '-1' })).rejects.toThrow(
      'is not a count',
    );
  });

  it("scales a Deployment back to what its previous revision ran, read from its ReplicaSets' history", async () => {
    fake.cluster.putDeployment('shop', 'cart', {
      revisions: [
        { hash: '5d4f', replicas: 2 },
        { hash: '6c7b', replicas: 4 },
        { hash: '7a8e', replicas: 1 },
      ],
      pods: [],
    });
    // Another Deployment's ReplicaSets are not this one's history.
    fake.cluster.putDeployment('shop', 'cartography', {
      revisions: [
        { hash: '1a', replicas: 9 },
        { hash: '2b', replicas: 9 },
        { hash: '3c', replicas: 9 },
      ],
      pods: [],
    });
    const scale = await plan('scale-workload', { namespace: 'shop', workload: 'cart', replicas: 'previous' });
    expect(scale.reads.map((r) => r.path)).toEqual([
      '/apis/apps/v1/namespaces/shop/deployments/cart',
      '/apis/apps/v1/namespaces/shop/replicasets?limit=500',
    ]);
    expect(scale.writes).toEqual([expect.objectContaining({ body: { spec: { replicas: 4 } } })]);
    expect(scale.notes).toContain('revision 2 of Deployment cart ran 4 replicas (now 1)');
    // A first revision has nothing before it.
    fake.cluster.putDeployment('shop', 'new', { revisions: [{ hash: '9f0a', replicas: 3 }], pods: [] });
    await expect(plan('scale-workload', { namespace: 'shop', workload: 'new', replicas: 'previous' })).rejects.toThrow(
      'no earlier revision of Deployment new says how many replicas it ran',
    );
    await expect(
      plan('scale-workload', { namespace: 'shop', workload: 'db', workloadKind: 'StatefulSet', replicas: 'previous' }),
    ).rejects.toThrow('known for Deployments only');
  });

  it('isolates a pod with a label and a deny-all NetworkPolicy; a retry finds the policy made', async () => {
    const isolate = await plan('isolate-pod', { namespace: 'shop', pod: 'api-7d9f8c6b5-x2kqp' });
    const first = await executePlan(isolate, transport);
    expect(first.steps.map((s) => s.outcome)).toEqual(['done', 'done']);
    const policy = [...fake.cluster.objects.entries()].find(([p]) => p.includes('/networkpolicies/'))?.[1];
    expect(policy?.spec).toEqual({
      podSelector: { matchLabels: { 'watchkeeper.io/isolated': 'fpactiontest1restart' } },
      policyTypes: ['Ingress', 'Egress'],
    });
    const labels = stored('/api/v1/namespaces/shop/pods/api-7d9f8c6b5-x2kqp', 'metadata').labels;
    expect(labels).toEqual({ 'watchkeeper.io/isolated': 'fpactiontest1restart' });
    const again = await executePlan(isolate, transport);
    expect(again).toMatchObject({ outcome: 'succeeded' });
    expect(again.steps.map((s) => s.outcome)).toEqual(['done', 'already-done']);
  });
});

describe('removing a binding', () => {
  it('keeps its manifest, deletes exactly the object it read, and leaves one recreated since', async () => {
    const path = '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/backdoor';
    const binding = fake.cluster.put(path, {
      metadata: { name: 'backdoor', managedFields: [{ manager: 'kubectl' }] },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', name: 'mallory' }],
    });
    const remove = await plan('remove-binding', { binding: 'backdoor' });
    expect(remove.kept?.manifest).toMatchObject({
      roleRef: { name: 'cluster-admin' },
      subjects: [{ name: 'mallory' }],
    });
    expect(JSON.stringify(remove.kept)).not.toContain('managedFields');
    expect(remove.writes).toEqual([
      {
        api: 'kubernetes',
        method: 'DELETE',
        path,
        contentType: 'application/json',
        body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: binding.metadata.uid } },
        alreadyDone: [404],
      },
    ]);
    // Recreated under the same name after the plan: the precondition keeps the new one.
    fake.cluster.objects.delete(path);
    fake.cluster.put(path, { metadata: { name: 'backdoor' }, roleRef: { name: 'view' } });
    const refused = await executePlan(remove, transport);
    expect(refused).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Precondition failed') });
    expect(fake.cluster.objects.has(path)).toBe(true);
  });
});

describe('collecting evidence', () => {
  it('keeps the pod’s state and events, never its environment values', async () => {
    pod('shop', 'api-7d9f8c6b5-x2kqp', {
      spec: {
        containers: [
          { name: 'api', image: 'shop/api:1.4.3', env: [{ name: 'DB_PASSWORD', value: 'hunter2-very-secret' }] },
        ],
      },
      status: {
        containerStatuses: [
          { name: 'api', ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    });
    fake.cluster.put('/api/v1/namespaces/shop/events/e1', {
      metadata: { name: 'e1', namespace: 'shop' },
      involvedObject: { kind: 'Pod', name: 'api-7d9f8c6b5-x2kqp' },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container api',
      count: 12,
      lastTimestamp: '2026-12-02T09:59:00Z',
    });
    const evidence = await plan('collect-evidence', { name: 'api-7d9f8c6b5-x2kqp', namespace: 'shop' });
    expect(evidence.writes).toEqual([]);
    expect(evidence.kept?.object).toMatchObject({
      name: 'api-7d9f8c6b5-x2kqp',
      containers: [{ name: 'api', image: 'shop/api:1.4.3' }],
      containerStatuses: [{ name: 'api', restartCount: 7, state: 'waiting' }],
    });
    expect(evidence.kept?.events).toEqual([
      expect.objectContaining({ reason: 'BackOff', count: 12, message: 'Back-off restarting failed container api' }),
    ]);
    expect(JSON.stringify(evidence.kept)).not.toContain('hunter2');
    expect(fake.cluster.requests.every((r) => r.method === 'GET')).toBe(true);
  });
});
