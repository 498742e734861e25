import type { NamedInput } from '../read-inputs.ts';
import type { ExpectedIncident } from './expected-incident.ts';
import { kinesisEvent, subscriptionEvent } from './subscription.ts';

/**
 * Two simulated spoke accounts in two regions, as the local hub sees them: their clusters'
 * control-plane logs arrive through the hub's stream (Kinesis records of subscription deliveries,
 * owner and filter naming the spoke). One spoke has a cluster named like the hub's own demo cluster:
 * it stays a cluster of its own.
 */
export const DEMO_SPOKES = [
  { account: '222233334444', region: 'eu-west-1', cluster: 'prod-eu-1' },
  { account: '444455556666', region: 'us-east-1', cluster: 'prod-us-1' },
] as const;

const spokeId = (spoke: (typeof DEMO_SPOKES)[number]) => `${spoke.account}/${spoke.region}/${spoke.cluster}`;

const audit = (id: string, at: number, fields: Record<string, unknown>) =>
  JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: `5e6f7a8b-spoke-4e00-8000-${id.padStart(12, '0')}`,
    stage: 'ResponseComplete',
    requestReceivedTimestamp: new Date(at).toISOString(),
    stageTimestamp: new Date(at).toISOString(),
    ...fields,
  });

/** The spokes' part of the night, starting at `start` (ms). */
export function spokeInputs(start: number): NamedInput[] {
  const [first, second] = DEMO_SPOKES;
  // shop/web cannot pull its image: the registry refuses the credentials (kubelet's Warning event).
  const pullRefused = audit('1', start + 200_000, {
    requestURI: '/api/v1/namespaces/shop/events',
    verb: 'create',
    user: { username: 'system:node:ip-10-8-1-4.eu-west-1.compute.internal', groups: ['system:nodes'] },
    sourceIPs: ['10.8.1.4'],
    userAgent: 'kubelet/v1.31.2-eks-7f9249a (linux/arm64) kubernetes/7f9249a',
    objectRef: { resource: 'events', namespace: 'shop', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: 'web-7c9d8e7f6-k2lmn.18a1', namespace: 'shop' },
      involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-7c9d8e7f6-k2lmn' },
      reason: 'Failed',
      message:
        'Failed to pull image "registry.example.com/shop/web:3.2.0": failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized',
      type: 'Warning',
      source: { component: 'kubelet', host: 'ip-10-8-1-4.eu-west-1.compute.internal' },
      count: 1,
    },
  });
  // Someone on the internet lists the pods of the second spoke's cluster, and is let in.
  const anonymous = audit('2', start + 210_000, {
    requestURI: '/api/v1/pods',
    verb: 'list',
    user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    sourceIPs: ['198.51.100.99'],
    userAgent: 'curl/8.5.0',
    objectRef: { resource: 'pods', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason':
        'RBAC: allowed by ClusterRoleBinding "open-pods" of ClusterRole "view" to Group "system:unauthenticated"',
    },
  });
  const line = (message: string, at: number) => [{ timestamp: at, message }];
  const stream = 'kube-apiserver-audit-9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
  const deliveries = [
    subscriptionEvent(first.cluster, stream, line(pullRefused, start + 200_000), 60_000n, first),
    subscriptionEvent(second.cluster, stream, line(anonymous, start + 210_000), 70_000n, second),
  ];
  return [{ file: 'demo/spokes-stream.json', text: JSON.stringify(kinesisEvent(deliveries, 100)) }];
}

/** What the spokes' part gives: one incident on each spoke's cluster. */
export const SPOKE_INCIDENTS: readonly ExpectedIncident[] = [
  {
    situation: `in spoke ${DEMO_SPOKES[0].account} (${DEMO_SPOKES[0].region}), a cluster also named prod-eu-1: shop/web cannot pull its image`,
    policy: 'same-workload',
    cluster: spokeId(DEMO_SPOKES[0]),
    namespace: 'shop',
    subject: 'web',
    rules: ['image-pull-unauthorized'],
  },
  {
    situation: `in spoke ${DEMO_SPOKES[1].account} (${DEMO_SPOKES[1].region}), anonymous requests list the pods of prod-us-1`,
    policy: 'same-principal',
    cluster: spokeId(DEMO_SPOKES[1]),
    subject: 'system:anonymous@198.51.100.99',
    rules: ['anonymous-request-allowed'],
  },
];
