import { describe, expect, it } from '@jest/globals';
import { auditEvent, podCreate, rawAudit } from '../../../helpers/audit-event.ts';
import { classifier, rulesOf } from '../../../helpers/classifier.ts';

const system = {
  username: 'system:serviceaccount:kube-system:replicaset-controller',
  groups: ['system:serviceaccounts'],
};
const binding = (roleRef: string, subjects: unknown[], resource = 'clusterrolebindings') =>
  auditEvent({
    objectRef: { resource, name: 'b', namespace: resource === 'rolebindings' ? 'team' : undefined },
    requestObject: { roleRef: { kind: 'ClusterRole', name: roleRef }, subjects },
  });

describe('security rules over audit events', () => {
  it.each([
    [
      'anonymous request allowed',
      auditEvent({
        user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
        verb: 'list',
        objectRef: { resource: 'pods' },
        requestURI: '/api/v1/pods',
        responseStatus: { code: 200 },
      }),
      ['anonymous-request-allowed'],
    ],
    [
      'anonymous health check from the VPC (a load balancer)',
      auditEvent({
        user: { username: 'system:anonymous' },
        verb: 'get',
        objectRef: undefined,
        sourceIPs: ['10.0.4.17'],
        requestURI: '/healthz',
        responseStatus: { code: 200 },
      }),
      [],
    ],
    [
      'anonymous /version from the internet: the public endpoint is being fingerprinted',
      auditEvent({
        user: { username: 'system:anonymous' },
        verb: 'get',
        objectRef: undefined,
        requestURI: '/version',
        responseStatus: { code: 200 },
      }),
      ['anonymous-endpoint-probe'],
    ],
    [
      'anonymous request refused, from the internet',
      auditEvent({
        user: { username: 'system:anonymous' },
        verb: 'list',
        objectRef: { resource: 'namespaces' },
        requestURI: '/api/v1/namespaces',
        responseStatus: { code: 403 },
        annotations: { 'authorization.k8s.io/decision': 'forbid' },
      }),
      // A burst of them is also a burst of refusals (counted until minCount).
      ['anonymous-request-denied', 'forbidden-burst'],
    ],
    [
      'anonymous request refused, from an IPv4-mapped VPC address',
      auditEvent({
        user: { username: 'system:anonymous' },
        verb: 'list',
        objectRef: { resource: 'namespaces' },
        sourceIPs: ['::ffff:10.0.1.5'],
        requestURI: '/api/v1/namespaces',
        responseStatus: { code: 403 },
        annotations: { 'authorization.k8s.io/decision': 'forbid' },
      }),
      ['forbidden-burst'],
    ],
    [
      'exec into a pod',
      auditEvent({
        objectRef: { resource: 'pods', subresource: 'exec', namespace: 'app', name: 'p' },
        responseStatus: { code: 101 },
        stage: 'ResponseStarted',
      }),
      ['pod-exec'],
    ],
    [
      'exec into kube-system',
      auditEvent({
        objectRef: { resource: 'pods', subresource: 'exec', namespace: 'kube-system', name: 'aws-node-x' },
        responseStatus: { code: 101 },
      }),
      ['exec-in-kube-system-pod'],
    ],
    [
      'port-forward',
      auditEvent({
        objectRef: { resource: 'pods', subresource: 'portforward', namespace: 'app', name: 'p' },
        responseStatus: { code: 101 },
      }),
      ['pod-port-forward'],
    ],
    [
      'ephemeral container',
      auditEvent({
        verb: 'patch',
        objectRef: { resource: 'pods', subresource: 'ephemeralcontainers', namespace: 'app', name: 'p' },
        responseStatus: { code: 200 },
      }),
      ['ephemeral-container-created'],
    ],
    [
      'privileged pod',
      podCreate({ containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] }),
      ['privileged-pod-created'],
    ],
    ['hostNetwork pod', podCreate({ hostNetwork: true }), ['host-network-pod-created']],
    ['hostPID pod', podCreate({ hostPID: true }), ['host-pid-pod-created']],
    ['hostIPC pod', podCreate({ hostIPC: true }), ['host-ipc-pod-created']],
    [
      'sensitive mount',
      podCreate({ volumes: [{ name: 'root', hostPath: { path: '/' } }] }),
      ['sensitive-mount-pod-created'],
    ],
    [
      'SYS_ADMIN capability',
      podCreate({ containers: [{ name: 'c', image: 'x', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] }),
      ['dangerous-capabilities-pod-created'],
    ],
    ['pod in kube-public', podCreate({}, 'kube-public'), ['pod-created-in-system-namespace']],
    [
      'EKS system pod in kube-system',
      {
        ...podCreate(
          {
            containers: [
              {
                name: 'aws-node',
                image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.0',
                securityContext: { privileged: true },
              },
            ],
            hostNetwork: true,
          },
          'kube-system',
        ),
        user: system,
        sourceIPs: ['10.0.1.23'],
      },
      [],
    ],
    ['unprivileged pod', podCreate({}), []],
    [
      'service account in kube-system',
      auditEvent({ objectRef: { resource: 'serviceaccounts', namespace: 'kube-system', name: 'sa' } }),
      ['serviceaccount-created-in-system-namespace'],
    ],
    ['cluster-admin binding', binding('cluster-admin', [{ kind: 'User', name: 'bob' }]), ['cluster-admin-binding']],
    [
      'admin for the default SA',
      binding('admin', [{ kind: 'ServiceAccount', name: 'default', namespace: 'team' }], 'rolebindings'),
      ['default-serviceaccount-admin', 'privileged-role-binding'],
    ],
    [
      'system:masters subject',
      binding('view', [{ kind: 'Group', name: 'system:masters' }]),
      ['privileged-role-binding'],
    ],
    ['anonymous granted', binding('view', [{ kind: 'User', name: 'system:anonymous' }]), ['anonymous-access-granted']],
    ['harmless default binding', binding('system:basic-user', [{ kind: 'Group', name: 'system:authenticated' }]), []],
    [
      'wildcard role',
      auditEvent({
        objectRef: { resource: 'clusterroles', name: 'r' },
        requestObject: { rules: [{ verbs: ['*'], resources: ['deployments'] }] },
      }),
      ['wildcard-role-created', 'write-role-created'],
    ],
    [
      'pod-exec role',
      auditEvent({
        objectRef: { resource: 'roles', namespace: 'a', name: 'r' },
        requestObject: { rules: [{ verbs: ['create'], resources: ['pods/exec'] }] },
      }),
      ['pod-exec-role-created', 'write-role-created'],
    ],
    [
      'read-only role',
      auditEvent({
        objectRef: { resource: 'clusterroles', name: 'r' },
        requestObject: { rules: [{ verbs: ['get', 'list'], resources: ['pods'] }] },
      }),
      [],
    ],
    [
      'system role deleted',
      auditEvent({
        verb: 'delete',
        objectRef: { resource: 'clusterroles', name: 'system:kube-aggregator' },
        responseStatus: { code: 200 },
      }),
      ['system-role-modified'],
    ],
    [
      'secret read by a person',
      auditEvent({
        verb: 'get',
        objectRef: { resource: 'secrets', namespace: 'app', name: 's' },
        responseStatus: { code: 200 },
      }),
      ['secret-read-by-human'],
    ],
    [
      'secret read by a controller',
      {
        ...auditEvent({
          verb: 'get',
          objectRef: { resource: 'secrets', namespace: 'app', name: 's' },
          responseStatus: { code: 200 },
          sourceIPs: ['10.0.1.23'],
        }),
        user: system,
      },
      [],
    ],
    [
      'secret read denied',
      auditEvent({ verb: 'list', objectRef: { resource: 'secrets', namespace: 'app' }, responseStatus: { code: 403 } }),
      ['forbidden-burst', 'secret-read-denied'],
    ],
    [
      'ConfigMap with a password',
      auditEvent({
        objectRef: { resource: 'configmaps', namespace: 'a', name: 'c' },
        requestObject: { data: { 'app.ini': 'password = x' } },
      }),
      ['configmap-with-credentials'],
    ],
    [
      'aws-auth changed',
      auditEvent({
        verb: 'patch',
        objectRef: { resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' },
        responseStatus: { code: 200 },
      }),
      ['aws-auth-modified'],
    ],
    [
      'NodePort service',
      auditEvent({
        objectRef: { resource: 'services', namespace: 'a', name: 's' },
        requestObject: { spec: { type: 'NodePort' } },
      }),
      ['nodeport-service-created'],
    ],
    [
      'dashboard behind a load balancer',
      auditEvent({
        objectRef: { resource: 'services', namespace: 'kubernetes-dashboard', name: 'kubernetes-dashboard' },
        requestObject: { spec: { type: 'LoadBalancer' } },
      }),
      ['dashboard-exposed'],
    ],
    [
      'ingress without TLS',
      auditEvent({
        objectRef: { resource: 'ingresses', namespace: 'a', name: 'i' },
        requestObject: { spec: { rules: [] } },
      }),
      ['ingress-without-tls'],
    ],
    [
      'webhook configuration changed',
      auditEvent({ objectRef: { resource: 'mutatingwebhookconfigurations', name: 'w' } }),
      ['admission-webhook-modified'],
    ],
    [
      'system CRD changed',
      auditEvent({
        verb: 'delete',
        objectRef: { resource: 'customresourcedefinitions', name: 'eniconfigs.crd.k8s.amazonaws.com' },
        responseStatus: { code: 200 },
      }),
      ['system-crd-modified'],
    ],
    [
      'node registered by a person',
      auditEvent({ objectRef: { resource: 'nodes', name: 'n' } }),
      ['untrusted-node-joined'],
    ],
    [
      'service-account token by a person',
      auditEvent({
        objectRef: { resource: 'serviceaccounts', subresource: 'token', namespace: 'a', name: 'deployer' },
      }),
      ['serviceaccount-token-by-human'],
    ],
    [
      'events deleted',
      auditEvent({
        verb: 'deletecollection',
        objectRef: { resource: 'events', namespace: 'a' },
        responseStatus: { code: 200 },
      }),
      ['events-deleted'],
    ],
    [
      'lease renewal',
      {
        ...auditEvent({
          verb: 'update',
          objectRef: { resource: 'leases', namespace: 'kube-node-lease', name: 'n' },
          responseStatus: { code: 200 },
          sourceIPs: ['10.0.2.71'],
        }),
        user: { username: 'system:node:n', groups: ['system:nodes'] },
      },
      [],
    ],
    [
      'lease renewal by a node identity from the internet: stolen node credentials',
      {
        ...auditEvent({
          verb: 'update',
          objectRef: { resource: 'leases', namespace: 'kube-node-lease', name: 'n' },
          responseStatus: { code: 200 },
          sourceIPs: ['203.0.113.66'],
        }),
        user: { username: 'system:node:n', groups: ['system:nodes'] },
      },
      ['system-identity-from-internet'],
    ],
  ])('%s', (_name, event, expected) => {
    expect(rulesOf(rawAudit(event as Record<string, unknown>))).toEqual(expected);
  });

  it('groups privileged pods of one workload into one fingerprint, and other namespaces apart', () => {
    const spec = { containers: [{ name: 'c', image: 'evil:1', securityContext: { privileged: true } }] };
    const [a] = classifier.classify(rawAudit(podCreate(spec, 'team-a')));
    const [b] = classifier.classify(rawAudit(podCreate(spec, 'team-a')));
    const [c] = classifier.classify(rawAudit(podCreate(spec, 'team-b')));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('carries the vocabulary, the runbook and the actor in every signal', () => {
    const [signal] = classifier.classify(rawAudit(binding('cluster-admin', [{ kind: 'User', name: 'bob' }])));
    expect(signal).toMatchObject({
      rule: 'cluster-admin-binding',
      severity: 'high',
      category: 'security',
      component: 'authorization',
      team: 'security',
      source: 'eks-audit',
      cluster: 'test-cluster',
      runbook: 'rules/runbooks/cluster-admin-binding.md',
      actor: { username: 'jane@example.com' },
    });
  });
});
