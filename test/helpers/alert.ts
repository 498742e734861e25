import type { Alert } from '../../functions/core/alerts/types.ts';

/** An open alert with overrides. */
export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'fpIncident00000001.1',
    fingerprint: 'fpIncident00000001',
    generation: 1,
    status: 'open',
    severity: 'critical',
    rule: 'etcd-request-timeout',
    title: 'etcd requests timing out',
    summary: 'The API server reports etcd requests timing out.',
    runbook: 'rules/runbooks/etcd-request-timeout.md',
    category: 'reliability',
    component: 'etcd',
    team: 'platform',
    source: 'eks-apiserver',
    cluster: 'prod-eu-1',
    resource: { kind: 'Pod', namespace: 'kube-system', name: 'etcd' },
    count: 42,
    firstSeen: '2026-11-24T02:15:01.000Z',
    lastSeen: '2026-11-24T02:19:00.000Z',
    startedAt: '2026-11-24T02:15:02.000Z',
    flaps: 0,
    samples: [],
    actors: [{ username: 'system:apiserver' }],
    seen: {},
    version: 1,
    ...overrides,
  };
}
