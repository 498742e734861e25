import { describe, expect, it } from '@jest/globals';
import type { RawLogEvent } from '../../../../functions/core/sources/types.ts';
import { auditEvent, rawAudit, rawLine } from '../../../helpers/audit-event.ts';
import { classifier, rulesOf } from '../../../helpers/classifier.ts';

const kubeEvent = (
  reason: string,
  message: string,
  name = 'api-7d9f8c6b5-x2kqp',
  kind = 'Pod',
  namespace = 'payments',
): RawLogEvent => ({
  id: `${reason}-${name}`,
  timestamp: 0,
  message: '',
  cluster: 'c',
  stream: 'k8s-event',
  parsed: {
    kind: 'Event',
    apiVersion: 'v1',
    reason,
    message,
    type: 'Warning',
    involvedObject: { kind, name, namespace },
    metadata: { namespace, uid: `${reason}${name}` },
  },
});

describe('control-plane rules over log lines', () => {
  it.each([
    [
      'apiserver',
      'E1124 02:15:01.114213 11 status.go:71] apiserver received an error: etcdserver: request timed out',
      ['etcd-request-timeout'],
    ],
    ['apiserver', 'E1124 02:15:01.114213 11 status.go:71] etcdserver: leader changed', ['etcd-leader-changed']],
    ['apiserver', 'E1124 02:15:01.114213 11 status.go:71] etcdserver: no leader', ['etcd-no-leader']],
    [
      'apiserver',
      'E1124 02:15:01.114213 11 status.go:71] etcdserver: mvcc: database space exceeded',
      ['etcd-database-space-exceeded'],
    ],
    ['apiserver', 'W1124 02:15:01.114213 11 trace.go:1] apply request took too long', ['etcd-slow-apply']],
    [
      'apiserver',
      'W1124 02:15:30.551822 11 dispatcher.go:210] Failed calling webhook, failing closed policy.kyverno.svc: failed calling webhook "policy.kyverno.svc": context deadline exceeded',
      ['admission-webhook-failing'],
    ],
    [
      'apiserver',
      'E1124 02:15:30.551822 11 authentication.go:73] "Unable to authenticate the request" err="x509: certificate has expired or is not yet valid"',
      ['apiserver-certificate-error'],
    ],
    [
      'apiserver',
      'E1124 02:15:30.551822 11 runtime.go:79] Observed a panic: "invalid memory address or nil pointer dereference"',
      ['control-plane-panic'],
    ],
    [
      'apiserver',
      'I1124 02:15:35.000001 11 trace.go:236] Trace[1023]: "Update" url:/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/x (total time: 631ms)',
      [],
    ],
    [
      'scheduler',
      'E1124 02:15:35.000001 10 leaderelection.go:332] error retrieving resource lock kube-system/kube-scheduler: leaderelection lost',
      ['scheduler-leader-election-lost'],
    ],
    [
      'scheduler',
      'I1124 02:15:40.201234 10 schedule_one.go:1049] "Unable to schedule pod; no fit; waiting" pod="batch/report-1" err="0/3 nodes are available: 3 Insufficient memory."',
      ['pod-unschedulable'],
    ],
    [
      'scheduler',
      'I1124 02:15:41.301234 10 schedule_one.go:314] "Successfully bound pod to node" pod="a/b" node="n" evaluatedNodes=3 feasibleNodes=2',
      [],
    ],
    [
      'controller-manager',
      'I1124 02:16:00.412345 10 node_lifecycle_controller.go:1192] "Node is NotReady" node="ip-10-0-3-9.eu-west-1.compute.internal"',
      ['node-not-ready'],
    ],
    [
      'controller-manager',
      'I1124 02:16:00.412345 10 node_lifecycle_controller.go:1 ] "Node ready status changed to Ready" node="n"',
      [],
    ],
    [
      'controller-manager',
      'E1124 02:16:00.412345 10 leaderelection.go:1] failed to renew lease kube-system/kube-controller-manager: timed out',
      ['controller-manager-leader-election-lost'],
    ],
    [
      'controller-manager',
      'E1124 02:16:00.412345 10 reconciler.go:1] AttachVolume.Attach failed for volume "pvc-1" : rpc error',
      ['volume-attach-failed'],
    ],
    [
      'cloud-controller-manager',
      'E1124 02:16:00.412345 10 controller.go:1] error syncing load balancer: failed to ensure load balancer: TooManyLoadBalancers',
      ['load-balancer-sync-failed'],
    ],
    [
      'authenticator',
      'time="2022-12-28T15:37:19Z" level=warning msg="access denied" arn="arn:aws:iam::1:role/admin-test-role" error="ARN is not mapped" method=POST',
      ['authenticator-arn-not-mapped'],
    ],
    [
      'authenticator',
      'time="2022-12-26T20:46:48Z" level=warning msg="access denied" error="sts getCallerIdentity failed: error from AWS (expected 200, got 403). Body: {\\"Error\\":{\\"Code\\":\\"InvalidClientTokenId\\"}}"',
      ['authenticator-invalid-token'],
    ],
    [
      'authenticator',
      'time="2022-12-26T20:46:48Z" level=error msg="access denied" error="sts getCallerIdentity failed: error from AWS (expected 200, got 503)"',
      ['authenticator-error', 'authenticator-sts-error'],
    ],
    [
      'authenticator',
      'time="2022-05-26T18:55:30Z" level=info msg="access granted" arn="arn:aws:iam::1:user/t" username=kubernetes-admin',
      [],
    ],
  ])('%s: %s', (stream, line, expected) => {
    expect(rulesOf(rawLine(stream as RawLogEvent['stream'], line))).toEqual(expected);
  });

  it('separates "version not found" from "invalid credentials" in image pulls', () => {
    expect(
      rulesOf(kubeEvent('Failed', 'Failed to pull image "x:v9": rpc error: code = NotFound desc = manifest unknown')),
    ).toEqual(['image-pull-not-found']);
    expect(
      rulesOf(kubeEvent('Failed', 'Failed to pull image "r.example.com/x:1": unexpected status: 401 Unauthorized')),
    ).toEqual(['image-pull-unauthorized']);
  });

  it.each([
    ['BackOff', 'Back-off restarting failed container api in pod api', ['crash-loop-backoff']],
    ['OOMKilling', 'Memory cgroup out of memory: Killed process 1234 (java)', ['container-oom-killed']],
    ['FailedMount', 'MountVolume.SetUp failed for volume "creds" : secret "creds" not found', ['mount-failed']],
    [
      'FailedCreatePodSandBox',
      'Failed to create pod sandbox: plugin type="aws-cni" failed (add): failed to assign an IP address to container',
      ['pod-sandbox-failed'],
    ],
    ['Evicted', 'The node was low on resource: memory.', ['node-pods-evicted']],
    ['Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', ['probe-failing']],
  ])('workload event %s', (reason, message, expected) => {
    expect(rulesOf(kubeEvent(reason, message))).toEqual(expected);
  });

  it('groups crash loops of one deployment across pods, and reads Events recorded in the audit log', () => {
    const [a] = classifier.classify(
      kubeEvent('BackOff', 'Back-off restarting failed container', 'api-7d9f8c6b5-x2kqp'),
    );
    const [b] = classifier.classify(
      kubeEvent('BackOff', 'Back-off restarting failed container', 'api-7d9f8c6b5-q8zzt'),
    );
    expect(a.fingerprint).toBe(b.fingerprint);
    const audited = rawAudit(
      auditEvent({
        objectRef: { resource: 'events', namespace: 'payments' },
        requestObject: {
          kind: 'Event',
          reason: 'BackOff',
          message: 'Back-off restarting failed container',
          involvedObject: { kind: 'Pod', namespace: 'payments', name: 'api-7d9f8c6b5-zzzzz' },
        },
      }),
      'c',
    );
    const [c] = classifier.classify(audited);
    expect(c).toMatchObject({
      rule: 'crash-loop-backoff',
      resource: { kind: 'Pod', namespace: 'payments', name: 'api-7d9f8c6b5-zzzzz' },
    });
    expect(c.fingerprint).toBe(a.fingerprint);
  });

  it('counts 5xx responses of the API server once per resource', () => {
    const five = rawAudit(
      auditEvent({
        verb: 'list',
        objectRef: { resource: 'pods' },
        responseStatus: { code: 503, message: 'the server is currently unable to handle the request' },
      }),
    );
    expect(classifier.classify(five).map((s) => [s.rule, s.minCount])).toEqual([['apiserver-5xx', 5]]);
  });
});
