import type { LogLine } from './subscription.ts';

/** Someone who calls the API server: a person behind an IAM role, or a Kubernetes identity. */
export interface Caller {
  readonly username: string;
  readonly ip: string;
  /** The IAM ARN EKS puts in `user.extra` (absent for identities it does not map from IAM). */
  readonly arn?: string;
  readonly groups?: readonly string[];
}

let sequence = 0;
const auditId = (): string => `5c1d2e3f-scen-4e00-8000-${String(++sequence).padStart(12, '0')}`;
const iso = (at: number): string => new Date(at).toISOString();

/** One audit.k8s.io/v1 event line as EKS writes it to the `kube-apiserver-audit` stream. */
export function auditLine(
  at: number,
  caller: Caller,
  verb: string,
  objectRef: Record<string, unknown>,
  code: number,
  more: Record<string, unknown> = {},
): LogLine {
  const event = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: auditId(),
    stage: 'ResponseComplete',
    requestURI: `/api/v1/${objectRef.namespace ? `namespaces/${objectRef.namespace}/` : ''}${objectRef.resource}`,
    verb,
    user: {
      username: caller.username,
      groups: [...(caller.groups ?? ['system:authenticated'])],
      ...(caller.arn ? { extra: { arn: [caller.arn], sessionName: [caller.username] } } : {}),
    },
    sourceIPs: [caller.ip],
    userAgent: 'kubectl/v1.31.1 (linux/amd64)',
    objectRef: { apiVersion: 'v1', ...objectRef },
    responseStatus: { metadata: {}, code },
    requestReceivedTimestamp: iso(at),
    stageTimestamp: iso(at),
    annotations: { 'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow' },
    ...more,
  };
  return { timestamp: at, message: JSON.stringify(event) };
}

/** What a suspicious person does, one audit line each. */
export const suspicious = {
  exec: (at: number, caller: Caller, namespace: string, pod: string): LogLine =>
    auditLine(at, caller, 'create', { resource: 'pods', subresource: 'exec', namespace, name: pod }, 101, {
      stage: 'ResponseStarted',
    }),
  privilegedPod: (at: number, caller: Caller, namespace: string, name: string): LogLine =>
    auditLine(at, caller, 'create', { resource: 'pods', namespace, name }, 201, {
      requestObject: {
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name, namespace },
        spec: { containers: [{ name: 'c', image: 'alpine:3.20', securityContext: { privileged: true } }] },
      },
    }),
  clusterAdminBinding: (at: number, caller: Caller, name: string): LogLine =>
    auditLine(
      at,
      caller,
      'create',
      { resource: 'clusterrolebindings', name, apiGroup: 'rbac.authorization.k8s.io' },
      201,
      {
        requestObject: {
          kind: 'ClusterRoleBinding',
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'User', name: caller.username }],
        },
      },
    ),
  secretRead: (at: number, caller: Caller, namespace: string, name: string): LogLine =>
    auditLine(at, caller, 'get', { resource: 'secrets', namespace, name }, 200),
};

/** A Kubernetes Warning event about an object, recorded by the kubelet of `node` (audit `create events`). */
export function warningEvent(
  at: number,
  involved: { kind: string; namespace: string; name: string },
  reason: string,
  message: string,
  node = 'ip-10-0-2-71.eu-west-1.compute.internal',
): LogLine {
  return auditLine(
    at,
    { username: `system:node:${node}`, ip: '10.0.2.71', groups: ['system:nodes', 'system:authenticated'] },
    'create',
    { resource: 'events', namespace: involved.namespace },
    201,
    {
      level: 'Request',
      requestObject: {
        kind: 'Event',
        apiVersion: 'v1',
        metadata: { name: `${involved.name}.${(at % 1e9).toString(16)}`, namespace: involved.namespace },
        involvedObject: involved,
        reason,
        message,
        type: 'Warning',
        source: { component: 'kubelet', host: node },
        count: 1,
      },
    },
  );
}

/** The klog header of a control-plane line: `E1124 02:15:01.114213      11 file.go:71] `. */
function klog(level: 'E' | 'W' | 'I', at: number, where: string, text: string): LogLine {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}000`;
  return { timestamp: at, message: `${level}${stamp}      11 ${where}] ${text}` };
}

/** Control-plane log lines of the `kube-apiserver` and `kube-controller-manager` streams. */
export const controlPlane = {
  etcdTimeout: (at: number): LogLine =>
    klog(
      'E',
      at,
      'status.go:71',
      'apiserver received an error that is not an metav1.Status: rpctypes.EtcdError{code:0xe, desc:"etcdserver: request timed out"}: etcdserver: request timed out',
    ),
  webhookFailing: (at: number, webhook: string): LogLine =>
    klog(
      'W',
      at,
      'dispatcher.go:210',
      `Failed calling webhook, failing open ${webhook}: failed calling webhook "${webhook}": failed to call webhook: Post "https://${webhook}:443/validate?timeout=10s": context deadline exceeded`,
    ),
  nodeNotReady: (at: number, node: string): LogLine =>
    klog('I', at, 'node_lifecycle_controller.go:1192', `"Node is NotReady" node="${node}"`),
  unschedulable: (at: number, pod: string): LogLine =>
    klog(
      'I',
      at,
      'schedule_one.go:1049',
      `"Unable to schedule pod; no fit; waiting" pod="${pod}" err="0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 2 Insufficient memory."`,
    ),
};
