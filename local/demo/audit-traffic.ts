/** Options for {@link auditTraffic}. */
export interface AuditTrafficOptions {
  /** Number of events. */
  readonly count: number;
  /** Every n-th event is suspicious (exec, privileged pod, cluster-admin binding, secret read …). @default 25 */
  readonly suspiciousEvery?: number;
  /** Start time in ms. @default 2026-11-24T02:14:00Z */
  readonly start?: number;
  /** Seed for the deterministic parts. @default 1 */
  readonly seed?: number;
}

const NODES = [
  'ip-10-0-1-23.eu-west-1.compute.internal',
  'ip-10-0-2-71.eu-west-1.compute.internal',
  'ip-10-0-3-9.eu-west-1.compute.internal',
];
const EKS_USER_EXTRA = {
  accessKeyId: ['ASIAEXAMPLEKEY000001'],
  arn: ['arn:aws:sts::111122223333:assumed-role/platform-admin/jane@example.com'],
  canonicalArn: ['arn:aws:iam::111122223333:role/platform-admin'],
  principalId: ['AROAEXAMPLEID000001'],
  sessionName: ['jane@example.com'],
};

function base(
  i: number,
  at: number,
  verb: string,
  user: Record<string, unknown>,
  objectRef: Record<string, unknown>,
  code: number,
  uri: string,
) {
  const ts = new Date(at).toISOString().replace('Z', '000Z');
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: randomUUIDFrom(i),
    stage: 'ResponseComplete',
    requestURI: uri,
    verb,
    user,
    sourceIPs: ['10.0.1.23'],
    userAgent: 'kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/abcdef0/leader-election',
    objectRef,
    responseStatus: { metadata: {}, code },
    requestReceivedTimestamp: ts,
    stageTimestamp: ts,
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason':
        'RBAC: allowed by ClusterRoleBinding "system:kube-controller-manager" of ClusterRole "system:kube-controller-manager" to User "system:kube-controller-manager"',
    },
  };
}

let seedOffset = 0;
function randomUUIDFrom(i: number): string {
  const hex = (i + seedOffset).toString(16).padStart(12, '0');
  return `5f1c${hex.slice(0, 4)}-2b7e-4c1a-9d3e-${hex}`;
}

/** Benign control-plane traffic: lease renewals, node status, watches and lists by system users. */
function benign(i: number, at: number): Record<string, unknown> {
  const node = NODES[i % NODES.length];
  switch (i % 6) {
    case 0:
      return base(
        i,
        at,
        'update',
        { username: 'system:kube-controller-manager', groups: ['system:authenticated'] },
        {
          resource: 'leases',
          namespace: 'kube-system',
          name: 'kube-controller-manager',
          apiGroup: 'coordination.k8s.io',
          apiVersion: 'v1',
        },
        200,
        '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s',
      );
    case 1:
      return base(
        i,
        at,
        'update',
        { username: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] },
        {
          resource: 'leases',
          namespace: 'kube-node-lease',
          name: node,
          apiGroup: 'coordination.k8s.io',
          apiVersion: 'v1',
        },
        200,
        `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}?timeout=10s`,
      );
    case 2:
      return base(
        i,
        at,
        'watch',
        {
          username: 'system:serviceaccount:kube-system:aws-node',
          groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
        },
        { resource: 'pods', apiVersion: 'v1' },
        200,
        `/api/v1/pods?fieldSelector=spec.nodeName%3D${node}&watch=true`,
      );
    case 3:
      return base(
        i,
        at,
        'get',
        { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
        {
          resource: 'leases',
          namespace: 'kube-system',
          name: 'kube-scheduler',
          apiGroup: 'coordination.k8s.io',
          apiVersion: 'v1',
        },
        200,
        '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler?timeout=5s',
      );
    case 4:
      return base(
        i,
        at,
        'patch',
        { username: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] },
        { resource: 'nodes', name: node, apiVersion: 'v1', subresource: 'status' },
        200,
        `/api/v1/nodes/${node}/status?timeout=10s`,
      );
    default:
      return base(
        i,
        at,
        'list',
        { username: 'eks:certificate-controller', groups: ['system:authenticated'] },
        { resource: 'certificatesigningrequests', apiGroup: 'certificates.k8s.io', apiVersion: 'v1' },
        200,
        '/apis/certificates.k8s.io/v1/certificatesigningrequests?limit=500&resourceVersion=0',
      );
  }
}

const human = {
  username: 'jane@example.com',
  uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEID000001',
  groups: ['platform-admins', 'system:authenticated'],
  extra: EKS_USER_EXTRA,
};

/** Suspicious activity, in rotation. */
function suspicious(i: number, at: number, k: number): Record<string, unknown> {
  switch (k % 6) {
    case 0:
      return {
        ...base(
          i,
          at,
          'create',
          human,
          {
            resource: 'pods',
            namespace: 'payments',
            name: 'api-7d9f8c6b5-x2kqp',
            subresource: 'exec',
            apiVersion: 'v1',
          },
          101,
          '/api/v1/namespaces/payments/pods/api-7d9f8c6b5-x2kqp/exec?command=sh&container=api&stdin=true&tty=true',
        ),
        stage: 'ResponseStarted',
        userAgent: 'kubectl/v1.31.1 (darwin/arm64)',
      };
    case 1:
      return {
        ...base(
          i,
          at,
          'create',
          {
            username: 'system:serviceaccount:kube-system:replicaset-controller',
            groups: ['system:serviceaccounts', 'system:authenticated'],
          },
          { resource: 'pods', namespace: 'tools', apiVersion: 'v1' },
          201,
          '/api/v1/namespaces/tools/pods',
        ),
        level: 'RequestResponse',
        requestObject: {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: {
            generateName: 'debug-6b7c9d-',
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'debug-6b7c9d', uid: 'demo-rs', controller: true },
            ],
          },
          spec: {
            containers: [
              { name: 'debug', image: 'docker.io/library/alpine:3.20', securityContext: { privileged: true } },
            ],
            hostPID: true,
          },
        },
        responseObject: { kind: 'Pod', metadata: { name: `debug-6b7c9d-${(1000 + k).toString(36)}` } },
      };
    case 2:
      return {
        ...base(
          i,
          at,
          'create',
          human,
          {
            resource: 'clusterrolebindings',
            name: 'ci-deployer-admin',
            apiGroup: 'rbac.authorization.k8s.io',
            apiVersion: 'v1',
          },
          201,
          '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
        ),
        level: 'RequestResponse',
        requestObject: {
          kind: 'ClusterRoleBinding',
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'ServiceAccount', name: 'ci-deployer', namespace: 'ci' }],
        },
      };
    case 3:
      return base(
        i,
        at,
        'get',
        human,
        { resource: 'secrets', namespace: 'payments', name: 'stripe-api-key', apiVersion: 'v1' },
        200,
        '/api/v1/namespaces/payments/secrets/stripe-api-key',
      );
    case 4:
      return {
        ...base(
          i,
          at,
          'list',
          { username: 'system:anonymous', groups: ['system:unauthenticated'] },
          { resource: 'pods', apiVersion: 'v1' },
          200,
          '/api/v1/pods',
        ),
        sourceIPs: ['203.0.113.50'],
        userAgent: 'curl/8.5.0',
      };
    default:
      return {
        ...base(
          i,
          at,
          'list',
          { username: 'build-bot', groups: ['system:authenticated'] },
          { resource: 'secrets', namespace: 'kube-system', apiVersion: 'v1' },
          403,
          '/api/v1/namespaces/kube-system/secrets',
        ),
        responseStatus: {
          metadata: {},
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message:
            'secrets is forbidden: User "build-bot" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
        },
        annotations: { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' },
      };
  }
}

/**
 * Realistic EKS audit traffic, deterministic for a seed: mostly benign system traffic (lease
 * renewals, node status, watches, lists), with a suspicious event every `suspiciousEvery`.
 */
export function auditTraffic(options: AuditTrafficOptions): Record<string, unknown>[] {
  const every = options.suspiciousEvery ?? 25;
  const start = options.start ?? Date.parse('2026-11-24T02:14:00Z');
  seedOffset = (options.seed ?? 1) * 1_000_000;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < options.count; i++) {
    const at = start + i * 40;
    out.push(i % every === every - 1 ? suspicious(i, at, Math.floor(i / every)) : benign(i, at));
  }
  return out;
}
