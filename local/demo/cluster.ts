import type { FakeKubernetes } from '../fake-kubernetes.ts';

const NODES = [
  'ip-10-0-1-23.eu-west-1.compute.internal',
  'ip-10-0-2-71.eu-west-1.compute.internal',
  'ip-10-0-3-9.eu-west-1.compute.internal',
];

/** A Warning event about a pod, as the kubelet records it. */
function podEvent(k: FakeKubernetes, namespace: string, pod: string, reason: string, message: string, at: number) {
  const name = `${pod}.17f${at.toString(16)}`;
  k.put(`/api/v1/namespaces/${namespace}/events/${name}`, {
    metadata: { name, namespace },
    involvedObject: { kind: 'Pod', namespace, name: pod },
    reason,
    message,
    type: 'Warning',
    count: 12,
    lastTimestamp: new Date(at).toISOString(),
  });
}

/**
 * What the bad night's cluster holds when its actions look (`npm start` answers them in-process):
 * the three nodes with their aws-node pods, the crash-looping payments/api after a rollout that
 * scaled it down, checkout and search, the tools/debug pods that run privileged, and the
 * cluster-admin binding a person made. Collecting evidence, a dry run or an approval in the
 * console then reads and changes these, and nothing leaves the machine.
 */
export function putDemoCluster(k: FakeKubernetes, now: number = Date.now()): void {
  for (const [i, node] of NODES.entries()) {
    k.put(`/api/v1/nodes/${node}`, { metadata: { name: node }, spec: {} });
    const pod = `aws-node-${['7xk2p', 'b9r4m', 'q2w8n'][i]}`;
    k.put(`/api/v1/namespaces/kube-system/pods/${pod}`, {
      metadata: {
        name: pod,
        namespace: 'kube-system',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'aws-node', controller: true }],
      },
      spec: { nodeName: node },
      status: { phase: 'Running' },
    });
  }
  const [, second, third] = NODES;
  k.putDeployment('payments', 'api', {
    revisions: [
      { hash: '6c5b4a3d2', replicas: 3 },
      { hash: '7d9f8c6b5', replicas: 2 },
    ],
    pods: ['x2kqp', 'q8zzt'],
    node: second,
  });
  for (const pod of ['api-7d9f8c6b5-x2kqp', 'api-7d9f8c6b5-q8zzt'])
    podEvent(k, 'payments', pod, 'BackOff', 'Back-off restarting failed container api', now - 60_000);
  k.putDeployment('checkout', 'checkout', {
    revisions: [
      { hash: '4e5f6a7b8', replicas: 3 },
      { hash: '5f6d7c8b9', replicas: 3 },
    ],
    pods: ['abcde'],
    node: third,
  });
  k.putDeployment('search', 'search', {
    revisions: [{ hash: '6c7d8e9f0', replicas: 1 }],
    pods: ['fghij'],
    node: third,
  });
  k.putDeployment('tools', 'debug', {
    revisions: [{ hash: '6b7c9d', replicas: 5 }],
    pods: ['rs', 'rt', 'ru', 'rv', 'rw'],
    node: third,
  });
  k.put('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ci-deployer-admin', {
    metadata: { name: 'ci-deployer-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'ci-deployer', namespace: 'ci' }],
  });
}
