import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { storeSignals } from '../../functions/core/ingest/ingest.ts';
import { parseConfig } from '../../lib/load-config.ts';
import { LocalRuntime } from '../../local/runtime.ts';
import { signal } from '../helpers/signal.ts';

// A correlation policy's actions: proposed once on each of its incidents, bound from the alert that
// started it, beside the actions of its alerts' rules; through ingestion as deployed.
const POLICY = {
  name: 'payments-workloads',
  match: { namespace: ['payments'] },
  groupBy: ['cluster', 'namespace'],
  title: 'payments on {cluster}: {lead}',
  actions: [
    {
      kind: 'collect-evidence',
      mode: 'auto',
      params: { objectKind: 'Deployment', name: 'api', namespace: '{namespace}' },
    },
    { kind: 'restart-workload', params: { namespace: '{namespace}', workload: 'api' } },
  ],
};

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await LocalRuntime.start({
    config: parseConfig({ grouping: { policies: [POLICY] } }),
    escalation: false,
  });
  runtime.kubernetes.putDeployment('payments', 'api', { revisions: [{ hash: '7d9f8c6b5', replicas: 2 }], pods: [] });
}, 120_000);
afterAll(async () => {
  await runtime?.close();
});

const unschedulable = (n: number) =>
  signal({
    rule: 'pod-unschedulable',
    fingerprint: `fpPolicyActions${n}`,
    resource: { kind: 'Pod', namespace: 'payments', name: `api-7d9f8c6b5-p${n}` },
    occurredAt: new Date(Date.now() - (10 - n) * 60_000).toISOString(),
  });

describe("a correlation policy's actions", () => {
  it('are proposed once on its incident, whatever joins it later, and the safe one runs at once', async () => {
    // Act: two alerts of a rule without actions join the policy's incident, in two deliveries, one redelivered.
    await storeSignals([unschedulable(1)], runtime.deps);
    await storeSignals([unschedulable(2)], runtime.deps);
    await storeSignals([unschedulable(2)], runtime.deps);
    await runtime.settle();

    // Assess
    const incidents = (await runtime.currentIncidents()).filter((i) => i.policy === 'payments-workloads');
    expect(incidents).toHaveLength(1);
    const incident = await runtime.incidentStore.get(incidents[0]?.id ?? '');
    expect(incident.alerts).toHaveLength(2);
    expect(incident.actions?.map((a) => [a.rule, a.kind, a.status])).toEqual([
      ['policy:payments-workloads', 'collect-evidence', 'succeeded'],
      ['policy:payments-workloads', 'restart-workload', 'suggested'],
    ]);
    expect(incident.actions?.[0]?.params).toEqual({ objectKind: 'Deployment', name: 'api', namespace: 'payments' });
    expect(runtime.kubernetes.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'GET /apis/apps/v1/namespaces/payments/deployments/api',
      'GET /api/v1/namespaces/payments/events',
    ]);
  });

  it('are refused at configuration load when a destructive one is automatic', () => {
    expect(() =>
      parseConfig({
        grouping: {
          policies: [
            { ...POLICY, actions: [{ kind: 'restart-workload', mode: 'auto', params: POLICY.actions[1]?.params }] },
          ],
        },
      }),
    ).toThrow(/restart-workload changes the cluster: it cannot run without a person/);
  });
});
