import type { NamedInput } from '../read-inputs.ts';
import type { Caller } from './builders.ts';
import { controlPlane, suspicious, warningEvent } from './builders.ts';
import type { ExpectedIncident } from './expected-incident.ts';
import { subscriptionEvent } from './subscription.ts';

/** The cluster of the crowded scenario. */
export const CROWDED_CLUSTER = 'prod-us-1';

const eve: Caller = {
  username: 'eve@example.com',
  ip: '198.51.100.66',
  arn: 'arn:aws:sts::111122223333:assumed-role/contractor/eve@example.com',
};
const mallory: Caller = {
  username: 'mallory@example.com',
  ip: '203.0.113.9',
  arn: 'arn:aws:sts::111122223333:assumed-role/developer/mallory@example.com',
};

/**
 * Ten crowded minutes on one cluster: two people acting suspiciously in the same minute, an etcd
 * episode with the symptoms it causes, and two deployments broken in different ways. What a
 * responder should get is {@link CROWDED_INCIDENTS}: five incidents, not twelve alerts.
 */
export function crowdedScenario(now: number = Date.now()): NamedInput[] {
  const t0 = Math.floor((now - 15 * 60_000) / 1000) * 1000;
  const at = (seconds: number) => t0 + seconds * 1000;
  const audit = [
    // Two attackers in the same minute.
    suspicious.exec(at(10), eve, 'tools', 'toolbox-0'),
    suspicious.clusterAdminBinding(at(15), mallory, 'mallory-admin'),
    suspicious.privilegedPod(at(20), eve, 'tools', 'eve-shell'),
    suspicious.secretRead(at(30), eve, 'payments', 'stripe-api-key'),
    suspicious.secretRead(at(35), mallory, 'kube-system', 'aws-load-balancer-tls'),
    // Two broken deployments: one crash-looping, one with an image tag that does not exist.
    ...['aaaaa', 'bbbbb'].map((pod, i) =>
      warningEvent(
        at(240 + i * 10),
        { kind: 'Pod', namespace: 'payments', name: `api-6f7d8c9b5-${pod}` },
        'BackOff',
        `Back-off restarting failed container api in pod api-6f7d8c9b5-${pod}_payments(9f1e)`,
      ),
    ),
    ...['ccccc', 'ddddd'].map((pod, i) =>
      warningEvent(
        at(300 + i * 10),
        { kind: 'Pod', namespace: 'checkout', name: `web-5d6c7b8a9-${pod}` },
        'Failed',
        'Failed to pull image "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:v3.0.1": rpc error: code = NotFound desc = failed to pull and unpack image: manifest unknown: Requested image not found',
      ),
    ),
  ];
  // The etcd episode: timeouts, then the webhook that cannot answer in time, a node lost, a pod unplaced.
  const apiserver = [
    controlPlane.etcdTimeout(at(120)),
    controlPlane.etcdTimeout(at(121)),
    controlPlane.webhookFailing(at(150), 'policy.kyverno.svc'),
  ];
  const controllerManager = [controlPlane.nodeNotReady(at(180), 'ip-10-0-3-9.ec2.internal')];
  const scheduler = [controlPlane.unschedulable(at(200), 'batch/report-29123456-xk2lp')];
  const stream = (name: string) => `${name}-8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a`;
  return [
    subscriptionEvent(CROWDED_CLUSTER, stream('kube-apiserver-audit'), audit, 0n),
    subscriptionEvent(CROWDED_CLUSTER, stream('kube-apiserver'), apiserver, 10_000n),
    subscriptionEvent(CROWDED_CLUSTER, stream('kube-controller-manager'), controllerManager, 20_000n),
    subscriptionEvent(CROWDED_CLUSTER, stream('kube-scheduler'), scheduler, 30_000n),
  ].map((delivery, i) => ({ file: `crowded/delivery-${i + 1}.json`, text: JSON.stringify(delivery) }));
}

/** The incidents {@link crowdedScenario} should give: one per situation. */
export const CROWDED_INCIDENTS: readonly ExpectedIncident[] = [
  {
    situation: 'eve execs into a pod, starts a privileged pod and reads a payments secret',
    policy: 'same-principal',
    subject: eve.arn,
    rules: ['pod-exec', 'privileged-pod-created', 'secret-read-by-human'],
  },
  {
    situation: 'mallory, in the same minute, binds cluster-admin and reads a TLS secret',
    policy: 'same-principal',
    subject: mallory.arn,
    rules: ['cluster-admin-binding', 'secret-read-by-human'],
  },
  {
    situation: 'etcd times out; the admission webhook, a node and the scheduler suffer for it',
    policy: 'control-plane',
    rules: ['admission-webhook-failing', 'etcd-request-timeout', 'node-not-ready', 'pod-unschedulable'],
  },
  {
    situation: 'payments/api crash-loops',
    policy: 'same-workload',
    namespace: 'payments',
    subject: 'api',
    rules: ['crash-loop-backoff'],
  },
  {
    situation: 'checkout/web was given an image tag that does not exist',
    policy: 'same-workload',
    namespace: 'checkout',
    subject: 'web',
    rules: ['image-pull-not-found'],
  },
];
