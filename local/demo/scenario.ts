import type { NamedInput } from '../read-inputs.ts';
import type { ExpectedIncident } from './expected-incident.ts';
import { auditTraffic } from './audit-traffic.ts';
import { SPOKE_INCIDENTS, spokeInputs } from './spokes.ts';
import { subscriptionEvent } from './subscription.ts';
import type { LogLine } from './subscription.ts';

/** The cluster of the demo scenario. */
export const DEMO_CLUSTER = 'prod-eu-1';
/** The demo night starts this long before `npm start` runs, so that its logs are recent. */
const LEAD_MS = 20 * 60_000;
let T0 = Date.parse('2026-11-24T02:14:00Z');

const at = (seconds: number, message: string): LogLine => ({ timestamp: T0 + seconds * 1000, message });

/** Kubernetes Warning events as the API server records them (audit `create events` with the object). */
function eventAudit(i: number, namespace: string, reason: string, message: string, kind: string, name: string): string {
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: `7a0e9c3e-demo-4e00-8000-${String(i).padStart(12, '0')}`,
    stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/${namespace}/events`,
    verb: 'create',
    user: {
      username: 'system:node:ip-10-0-2-71.eu-west-1.compute.internal',
      groups: ['system:nodes', 'system:authenticated'],
    },
    sourceIPs: ['10.0.2.71'],
    userAgent: 'kubelet/v1.31.2-eks-7f9249a (linux/arm64) kubernetes/7f9249a',
    objectRef: { resource: 'events', namespace, apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: `${name}.17f${i}`, namespace },
      involvedObject: { kind, namespace, name },
      reason,
      message,
      type: 'Warning',
      source: { component: 'kubelet', host: 'ip-10-0-2-71.eu-west-1.compute.internal' },
      count: 1,
    },
    requestReceivedTimestamp: new Date(T0 + i * 5000).toISOString(),
    stageTimestamp: new Date(T0 + i * 5000).toISOString(),
  });
}

/**
 * The bundled demo: one night on a production cluster, as CloudWatch Logs subscription deliveries,
 * EventBridge events and an Alertmanager webhook. Mostly routine control-plane traffic, with the
 * situations of {@link BAD_NIGHT_INCIDENTS} (a silent staging cluster comes from the scheduled
 * log-silence check of the default configuration), and two spoke accounts in two regions sending
 * through the hub's stream.
 */
export function demoScenario(now: number = Date.now()): NamedInput[] {
  T0 = Math.floor((now - LEAD_MS) / 1000) * 1000;
  const audit = auditTraffic({ count: 600, suspiciousEvery: 20, start: T0 }).map((event, i) =>
    at(i * 0.5, JSON.stringify(event)),
  );
  // The change that explains the wrong image tag: a person edits the checkout deployment 10 minutes before.
  const edit = JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '3f9c1e2d-demo-4e00-8000-00000000edit',
    stage: 'ResponseComplete',
    requestURI: '/apis/apps/v1/namespaces/checkout/deployments/checkout',
    verb: 'patch',
    user: {
      username: 'dev@example.com',
      groups: ['developers', 'system:authenticated'],
      extra: { arn: ['arn:aws:sts::111122223333:assumed-role/developer/dev@example.com'] },
    },
    sourceIPs: ['198.51.100.20'],
    userAgent: 'kubectl/v1.31.1',
    objectRef: { resource: 'deployments', namespace: 'checkout', name: 'checkout', apiGroup: 'apps', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: new Date(T0 - 600_000).toISOString(),
    stageTimestamp: new Date(T0 - 600_000).toISOString(),
  });
  // The change behind the privileged debug pods: jane gives the tools/debug deployment a privileged, hostPID pod.
  const debugEdit = JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '3f9c1e2d-demo-4e00-8000-0000debugedit',
    stage: 'ResponseComplete',
    requestURI: '/apis/apps/v1/namespaces/tools/deployments/debug',
    verb: 'patch',
    user: {
      username: 'jane@example.com',
      uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEID000001',
      groups: ['platform-admins', 'system:authenticated'],
      extra: { arn: ['arn:aws:sts::111122223333:assumed-role/platform-admin/jane@example.com'] },
    },
    sourceIPs: ['198.51.100.7'],
    userAgent: 'kubectl/v1.31.1',
    objectRef: { resource: 'deployments', namespace: 'tools', name: 'debug', apiGroup: 'apps', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: new Date(T0 - 120_000).toISOString(),
    stageTimestamp: new Date(T0 - 120_000).toISOString(),
  });
  const events = [
    edit,
    debugEdit,
    eventAudit(
      1,
      'payments',
      'BackOff',
      'Back-off restarting failed container api in pod api-7d9f8c6b5-x2kqp_payments(1b2c)',
      'Pod',
      'api-7d9f8c6b5-x2kqp',
    ),
    eventAudit(
      2,
      'payments',
      'BackOff',
      'Back-off restarting failed container api in pod api-7d9f8c6b5-q8zzt_payments(1b2d)',
      'Pod',
      'api-7d9f8c6b5-q8zzt',
    ),
    eventAudit(
      3,
      'checkout',
      'Failed',
      'Failed to pull image "111122223333.dkr.ecr.eu-west-1.amazonaws.com/checkout:v2.14.0": rpc error: code = NotFound desc = failed to pull and unpack image: manifest unknown: Requested image not found',
      'Pod',
      'checkout-5f6d7c8b9-abcde',
    ),
    eventAudit(
      4,
      'search',
      'Failed',
      'Failed to pull image "registry.example.com/search:1.4.2": failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized',
      'Pod',
      'search-6c7d8e9f0-fghij',
    ),
    eventAudit(
      5,
      'batch',
      'FailedScheduling',
      '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      'Pod',
      'report-28871234-xk2lp',
    ),
    // A line cut short in transit: quarantined with its reason, the rest of the delivery still counts.
    '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"0b1c2d3e-cut-4000-8000-000000000001","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/payments/secrets/db-pass',
  ].map((message, i) => at(30 + i, message));
  const apiserver = [
    at(
      61,
      'E1124 02:15:01.114213      11 status.go:71] apiserver received an error that is not an metav1.Status: rpctypes.EtcdError{code:0xe, desc:"etcdserver: request timed out"}: etcdserver: request timed out',
    ),
    at(
      62,
      'E1124 02:15:02.902113      11 status.go:71] apiserver received an error that is not an metav1.Status: rpctypes.EtcdError{code:0xe, desc:"etcdserver: request timed out"}: etcdserver: request timed out',
    ),
    at(
      90,
      'W1124 02:15:30.551822      11 dispatcher.go:210] Failed calling webhook, failing open policy.kyverno.svc: failed calling webhook "policy.kyverno.svc": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/validate?timeout=10s": context deadline exceeded',
    ),
    at(
      95,
      'I1124 02:15:35.000001      11 trace.go:236] Trace[1023]: "Update" url:/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler (24-Nov-2026 02:15:34.000) (total time: 631ms)',
    ),
  ];
  const scheduler = [
    at(
      100,
      'I1124 02:15:40.201234      10 schedule_one.go:1049] "Unable to schedule pod; no fit; waiting" pod="batch/report-28871234-xk2lp" err="0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."',
    ),
    at(
      101,
      'I1124 02:15:41.301234      10 schedule_one.go:314] "Successfully bound pod to node" pod="payments/api-7d9f8c6b5-n2m4k" node="ip-10-0-1-23.eu-west-1.compute.internal" evaluatedNodes=3 feasibleNodes=2',
    ),
  ];
  const controllerManager = [
    at(
      120,
      'I1124 02:16:00.412345      10 node_lifecycle_controller.go:1192] "Node is NotReady" node="ip-10-0-3-9.eu-west-1.compute.internal"',
    ),
    at(
      121,
      'I1124 02:16:01.412345      10 controller_utils.go:151] "Recording status change event message for node" status="NodeNotReady" node="ip-10-0-3-9.eu-west-1.compute.internal"',
    ),
  ];
  const authenticator = [
    at(
      140,
      'time="2026-11-24T02:16:20Z" level=warning msg="access denied" arn="arn:aws:iam::111122223333:role/ci-runner" client="127.0.0.1:33384" error="ARN is not mapped" method=POST path=/authenticate',
    ),
    at(
      141,
      'time="2026-11-24T02:16:21Z" level=info msg="access granted" arn="arn:aws:iam::111122223333:role/platform-admin" client="127.0.0.1:57586" groups="[system:masters]" method=POST path=/authenticate uid="aws-iam-authenticator:111122223333:AROAEXAMPLEID000001" username=kubernetes-admin',
    ),
  ];
  const deliveries = [
    subscriptionEvent(DEMO_CLUSTER, 'kube-apiserver-audit-1f8e2a3b4c5d6e7f8a9b0c1d2e3f4a5b', [...audit, ...events], 0n),
    subscriptionEvent(DEMO_CLUSTER, 'kube-apiserver-1f8e2a3b4c5d6e7f8a9b0c1d2e3f4a5b', apiserver, 10_000n),
    subscriptionEvent(DEMO_CLUSTER, 'kube-scheduler-1f8e2a3b4c5d6e7f8a9b0c1d2e3f4a5b', scheduler, 20_000n),
    subscriptionEvent(
      DEMO_CLUSTER,
      'kube-controller-manager-1f8e2a3b4c5d6e7f8a9b0c1d2e3f4a5b',
      controllerManager,
      30_000n,
    ),
    subscriptionEvent(DEMO_CLUSTER, 'authenticator-1f8e2a3b4c5d6e7f8a9b0c1d2e3f4a5b', authenticator, 40_000n),
  ];
  return [
    ...deliveries.map((delivery, i) => ({ file: `demo/delivery-${i + 1}.json`, text: JSON.stringify(delivery) })),
    ...outsideTheCluster().map((event, i) => ({ file: `demo/event-${i + 1}.json`, text: JSON.stringify(event) })),
    ...spokeInputs(T0),
  ];
}

const iso = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const trail = (seconds: number, eventName: string, requestParameters: Record<string, unknown>) => ({
  version: '0',
  id: `demo-trail-${seconds}`,
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.eks',
  account: '111122223333',
  time: iso(seconds),
  region: 'eu-west-1',
  resources: [],
  detail: {
    eventVersion: '1.08',
    eventTime: iso(seconds),
    eventSource: 'eks.amazonaws.com',
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.77',
    userAgent: 'aws-cli/2.17.0',
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/contractor/mallory',
      accountId: '111122223333',
      sessionContext: { sessionIssuer: { userName: 'contractor', arn: 'arn:aws:iam::111122223333:role/contractor' } },
    },
    requestParameters,
    responseElements: null,
    eventID: `demo-trail-evt-${seconds}`,
    recipientAccountId: '111122223333',
  },
});
const alarm = (seconds: number, state: 'ALARM' | 'OK') => ({
  version: '0',
  id: `demo-alarm-${seconds}`,
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '111122223333',
  time: iso(seconds),
  region: 'eu-west-1',
  resources: ['arn:aws:cloudwatch:eu-west-1:111122223333:alarm:prod-eu-1 node CPU'],
  detail: {
    alarmName: 'prod-eu-1 node CPU',
    state: {
      value: state,
      reason:
        state === 'ALARM'
          ? 'Threshold Crossed: 3 datapoints were greater than the threshold (90.0).'
          : 'Threshold Crossed: 3 datapoints were not greater than the threshold (90.0).',
      timestamp: `${iso(seconds).slice(0, 23)}+0000`,
    },
    previousState: { value: state === 'ALARM' ? 'OK' : 'ALARM' },
    configuration: {
      description: 'Node CPU above 90% for 3 minutes [watchkeeper severity=high team=platform component=node]',
      metrics: [
        {
          id: 'm1',
          metricStat: {
            metric: {
              namespace: 'ContainerInsights',
              name: 'node_cpu_utilization',
              dimensions: { ClusterName: DEMO_CLUSTER },
            },
            period: 60,
            stat: 'Average',
          },
          returnData: true,
        },
      ],
    },
  },
});

/** The night as seen from outside the cluster: CloudTrail, an alarm that fires and recovers, GuardDuty, Alertmanager. */
function outsideTheCluster(): unknown[] {
  return [
    trail(150, 'AssociateAccessPolicy', {
      clusterName: DEMO_CLUSTER,
      principalArn: 'arn:aws:iam::111122223333:role/contractor',
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      accessScope: { type: 'cluster' },
    }),
    trail(160, 'UpdateClusterConfig', {
      name: DEMO_CLUSTER,
      logging: { clusterLogging: [{ types: ['audit', 'authenticator'], enabled: false }] },
    }),
    alarm(170, 'ALARM'),
    {
      version: '0',
      id: 'demo-guardduty-1',
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: '111122223333',
      time: iso(180),
      region: 'eu-west-1',
      resources: [],
      detail: {
        schemaVersion: '2.0',
        accountId: '111122223333',
        region: 'eu-west-1',
        id: 'demo7e2b9c1d4f5a6b7c8d9e0f1a2b3c4d5',
        type: 'Execution:Kubernetes/ExecInKubeSystemPod',
        severity: 5,
        title: 'Command executed inside a pod in kube-system namespace.',
        description: `A command was executed inside a pod in the kube-system namespace on EKS Cluster ${DEMO_CLUSTER}.`,
        updatedAt: iso(180),
        resource: {
          resourceType: 'EKSCluster',
          eksClusterDetails: { name: DEMO_CLUSTER },
          kubernetesDetails: {
            kubernetesUserDetails: { username: 'arn:aws:sts::111122223333:assumed-role/contractor/mallory' },
            kubernetesWorkloadDetails: { name: 'aws-node-7xk2p', namespace: 'kube-system', type: 'pods' },
          },
        },
        service: {
          count: 1,
          eventFirstSeen: iso(179),
          eventLastSeen: iso(180),
          action: {
            kubernetesApiCallAction: {
              requestUri: '/api/v1/namespaces/kube-system/pods/aws-node-7xk2p/exec',
              verb: 'create',
              sourceIps: ['203.0.113.77'],
              statusCode: 101,
            },
          },
        },
      },
    },
    {
      version: '4',
      groupKey: '{}/{severity=~"warning|critical"}:{alertname="KubePersistentVolumeFillingUp"}',
      status: 'firing',
      receiver: 'watchkeeper',
      truncatedAlerts: 0,
      groupLabels: { alertname: 'KubePersistentVolumeFillingUp' },
      commonLabels: { cluster: DEMO_CLUSTER },
      commonAnnotations: {},
      externalURL: 'http://alertmanager.monitoring:9093',
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'KubePersistentVolumeFillingUp',
            severity: 'critical',
            namespace: 'payments',
            persistentvolumeclaim: 'ledger-db',
            cluster: DEMO_CLUSTER,
          },
          annotations: {
            summary: 'PersistentVolume is filling up.',
            description: 'The PersistentVolume claimed by ledger-db in namespace payments is only 2.1% free.',
            runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepersistentvolumefillingup',
          },
          startsAt: iso(190),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus:9090/graph',
          fingerprint: '5c2f8a9e1b3d7f40',
        },
      ],
    },
    alarm(400, 'OK'),
  ];
}

/** The situations of {@link demoScenario}: what a responder should be paged for, one incident each. */
export const BAD_NIGHT_INCIDENTS: readonly ExpectedIncident[] = [
  {
    situation: 'etcd times out; the admission webhook, a node and a pod waiting to be scheduled suffer for it',
    policy: 'control-plane',
    rules: ['admission-webhook-failing', 'etcd-request-timeout', 'node-not-ready', 'pod-unschedulable'],
  },
  {
    situation:
      'jane changes tools/debug to a privileged hostPID pod, execs into payments, binds cluster-admin, reads a secret',
    policy: 'same-principal',
    subject: 'arn:aws:sts::111122223333:assumed-role/platform-admin/jane@example.com',
    rules: [
      'cluster-admin-binding',
      'host-pid-pod-created',
      'pod-exec',
      'privileged-pod-created',
      'secret-read-by-human',
    ],
  },
  {
    situation:
      'mallory grants herself cluster admin, turns control-plane logging off, execs into kube-system (GuardDuty)',
    policy: 'same-principal',
    subject: 'arn:aws:sts::111122223333:assumed-role/contractor/mallory',
    rules: ['eks-cluster-admin-policy-associated', 'eks-control-plane-logging-disabled', 'guardduty-finding'],
  },
  {
    situation: 'anonymous requests are allowed to list pods',
    policy: 'same-principal',
    subject: 'system:anonymous@203.0.113.50',
    rules: ['anonymous-request-allowed'],
  },
  {
    situation: 'build-bot keeps trying to list kube-system secrets and is refused',
    policy: 'same-principal',
    subject: 'build-bot@10.0.1.23',
    rules: ['forbidden-burst', 'secret-read-denied'],
  },
  {
    situation: 'the ci-runner IAM role is not mapped to any Kubernetes identity',
    policy: 'same-principal',
    subject: 'arn:aws:iam::111122223333:role/ci-runner',
    rules: ['authenticator-arn-not-mapped'],
  },
  {
    situation: 'payments/api crash-loops',
    policy: 'same-workload',
    namespace: 'payments',
    subject: 'api',
    rules: ['crash-loop-backoff'],
  },
  {
    situation: 'checkout was given an image tag that does not exist, ten minutes after dev@example.com edited it',
    policy: 'same-workload',
    namespace: 'checkout',
    subject: 'checkout',
    rules: ['image-pull-not-found'],
  },
  {
    situation: 'search cannot pull from its registry: the credentials are wrong',
    policy: 'same-workload',
    namespace: 'search',
    subject: 'search',
    rules: ['image-pull-unauthorized'],
  },
  {
    situation: 'the ledger-db volume in payments is filling up (Alertmanager)',
    policy: 'alert',
    rules: ['alertmanager-alert'],
  },
  {
    situation: 'node CPU alarm fires and recovers before anyone needs to wake up',
    policy: 'alert',
    rules: ['cloudwatch-alarm'],
  },
  {
    situation: 'staging-eu-1 sends no control-plane logs at all',
    policy: 'control-plane',
    cluster: 'staging-eu-1',
    rules: ['cluster-logs-silent'],
  },
  ...SPOKE_INCIDENTS,
];
