import { describe, expect, it } from '@jest/globals';
import type { Signal } from '../../../../functions/core/rules/signal.ts';
import { decodeInput } from '../../../../functions/core/sources/decode-input.ts';
import { loadRules } from '../../../../functions/core/rules/catalogue.ts';
import { Classifier } from '../../../../functions/core/rules/classifier.ts';
import { classifier } from '../../../helpers/classifier.ts';
import {
  alarmEvent,
  alertmanagerPayload,
  cloudTrailRecord,
  eventBridgeCloudTrail,
  guardDutyEvent,
} from '../../../helpers/external-events.ts';
import { bundledAwsRanges } from '../../../../functions/core/sources/aws-ranges-data.ts';

const classify = (input: unknown): Signal[] => {
  const decoded = decodeInput(JSON.stringify(input), { file: 'test', cluster: 'lab' });
  expect(decoded.problems).toEqual([]);
  return decoded.events.flatMap((e) => classifier.classify(e)).filter((s) => !s.changeOnly);
};

describe('CloudTrail', () => {
  it.each([
    [
      'control-plane logging disabled',
      cloudTrailRecord('UpdateClusterConfig', {
        name: 'prod-eu-1',
        logging: { clusterLogging: [{ types: ['audit', 'authenticator'], enabled: false }] },
      }),
      'eks-control-plane-logging-disabled',
      'critical',
    ],
    [
      'public endpoint enabled',
      cloudTrailRecord('UpdateClusterConfig', {
        name: 'prod-eu-1',
        resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
      }),
      'eks-public-endpoint-enabled',
      'high',
    ],
    ['cluster deleted', cloudTrailRecord('DeleteCluster', { name: 'prod-eu-1' }), 'eks-cluster-deleted', 'critical'],
    [
      'node group deleted',
      cloudTrailRecord('DeleteNodegroup', { clusterName: 'prod-eu-1', nodegroupName: 'general' }),
      'eks-nodegroup-deleted',
      'high',
    ],
    [
      'cluster-admin through an access entry',
      cloudTrailRecord('AssociateAccessPolicy', {
        clusterName: 'prod-eu-1',
        principalArn: 'arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fci',
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        accessScope: { type: 'cluster' },
      }),
      'eks-cluster-admin-policy-associated',
      'high',
    ],
    [
      'access entry created',
      cloudTrailRecord('CreateAccessEntry', {
        clusterName: 'prod-eu-1',
        principalArn: 'arn:aws:iam::111122223333:role/ci',
      }),
      'eks-access-entry-created',
      'medium',
    ],
    [
      'identity provider associated',
      cloudTrailRecord('AssociateIdentityProviderConfig', {
        clusterName: 'prod-eu-1',
        oidc: { issuerUrl: 'https://idp.example.com' },
      }),
      'eks-identity-provider-changed',
      'high',
    ],
    [
      'node role policy detached',
      cloudTrailRecord(
        'DetachRolePolicy',
        { roleName: 'eks-node-role', policyArn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' },
        { eventSource: 'iam.amazonaws.com' },
      ),
      'node-role-policy-detached',
      'high',
    ],
    [
      'security group ingress revoked',
      cloudTrailRecord(
        'RevokeSecurityGroupIngress',
        { groupId: 'sg-0123456789abcdef0' },
        { eventSource: 'ec2.amazonaws.com' },
      ),
      'cluster-security-group-changed',
      'medium',
    ],
    [
      'ECR repository policy changed',
      cloudTrailRecord('SetRepositoryPolicy', { repositoryName: 'checkout' }, { eventSource: 'ecr.amazonaws.com' }),
      'ecr-repository-policy-changed',
      'medium',
    ],
    [
      'call denied',
      cloudTrailRecord(
        'DescribeCluster',
        { name: 'prod-eu-1' },
        { errorCode: 'AccessDenied', errorMessage: 'not authorized' },
      ),
      'aws-call-denied',
      'low',
    ],
  ])('%s', (_name, record, rule, severity) => {
    const [signal] = classify(eventBridgeCloudTrail(record));
    expect(signal).toMatchObject({ rule, severity, source: 'cloudtrail' });
  });

  it('takes the cluster from the request, the actor from the identity, and reads raw records and log files too', () => {
    const record = cloudTrailRecord('DeleteNodegroup', { clusterName: 'prod-eu-1', nodegroupName: 'spot' });
    const [fromEventBridge] = classify(eventBridgeCloudTrail(record));
    expect(fromEventBridge).toMatchObject({
      cluster: 'prod-eu-1',
      actor: { arn: 'arn:aws:sts::111122223333:assumed-role/platform-admin/jane', sourceIPs: ['198.51.100.7'] },
      resource: { name: 'spot' },
    });
    expect(classify(record)[0].fingerprint).toBe(fromEventBridge.fingerprint);
    expect(
      classify({ Records: [record, cloudTrailRecord('DeleteCluster', { name: 'staging' })] }).map((s) => s.cluster),
    ).toEqual(['prod-eu-1', 'staging']);
  });

  it('does not flag logging being turned on', () => {
    expect(
      classify(
        cloudTrailRecord('UpdateClusterConfig', {
          name: 'prod-eu-1',
          logging: { clusterLogging: [{ types: ['audit'], enabled: true }] },
        }),
      ),
    ).toEqual([]);
  });
});

describe('CloudWatch alarms', () => {
  it('opens on ALARM with the convention marker, resolves on OK, records INSUFFICIENT_DATA', () => {
    const description =
      'API errors above 10/min [watchkeeper severity=critical team=platform component=kube-apiserver]';
    const [alarm] = classify(alarmEvent('ALARM', { description }));
    expect(alarm).toMatchObject({
      rule: 'cloudwatch-alarm',
      severity: 'critical',
      team: 'platform',
      component: 'kube-apiserver',
      cluster: 'prod-eu-1',
      title: 'Alarm prod-eu-1 API 5xx',
    });
    expect(alarm.action).toBeUndefined();
    const [ok] = classify(alarmEvent('OK', { description, timestamp: '2026-11-24T02:31:00.000' }));
    expect(ok).toMatchObject({ action: 'resolve', fingerprint: alarm.fingerprint });
    expect(classify(alarmEvent('INSUFFICIENT_DATA', { description }))[0].action).toBe('record');
  });

  it('defaults severity and component by kind and namespace, for composite alarms too', () => {
    expect(classify(alarmEvent('ALARM', { composite: true, name: 'checkout degraded' }))[0]).toMatchObject({
      severity: 'high',
      component: 'workload',
      cluster: 'account-111122223333',
    });
    expect(classify(alarmEvent('ALARM', { namespace: 'AWS/ApplicationELB', name: 'alb 5xx' }))[0]).toMatchObject({
      severity: 'medium',
      component: 'load-balancer',
    });
  });
});

describe('GuardDuty', () => {
  it.each([
    [2, 'low'],
    [5, 'medium'],
    [8, 'high'],
    [9.5, 'critical'],
  ])('maps score %s to %s', (score, severity) => {
    expect(classify(guardDutyEvent({ severity: score }))[0]).toMatchObject({
      rule: 'guardduty-finding',
      severity,
      category: 'security',
      component: 'workload',
      cluster: 'prod-eu-1',
    });
  });

  it('keys an incident on the finding id; each update is one occurrence', () => {
    const [first] = classify(guardDutyEvent({ count: 1 }));
    const [update] = classify(guardDutyEvent({ count: 2 }));
    expect(update.fingerprint).toBe(first.fingerprint);
    expect(update.eventId).not.toBe(first.eventId);
  });
});

describe('Alertmanager', () => {
  it.each([
    ['KubeNodeNotReady', 'node'],
    ['etcdMembersDown', 'etcd'],
    ['KubeAPIErrorBudgetBurn', 'kube-apiserver'],
    ['KubePodCrashLooping', 'workload'],
    ['KubePersistentVolumeFillingUp', 'storage'],
    ['CoreDNSDown', 'dns'],
    ['KubeProxyDown', 'kube-proxy'],
    ['KubeletDown', 'kubelet'],
  ])('maps %s to %s', (name, component) => {
    expect(classify(alertmanagerPayload([{ name }]))[0]).toMatchObject({
      source: 'alertmanager',
      component,
      cluster: 'prod-eu-1',
    });
  });

  it('maps severity labels, resolves resolved alerts, ignores the Watchdog, and turns a grouped payload into many signals', () => {
    const signals = classify(
      alertmanagerPayload([
        { name: 'KubePodCrashLooping', labels: { severity: 'critical', namespace: 'payments', pod: 'api-1' } },
        { name: 'KubeNodeNotReady', status: 'resolved', fingerprint: 'fpNode' },
        { name: 'Watchdog', labels: { severity: 'none' } },
        { name: 'KubeletDown', labels: { severity: 'warning', cluster: 'staging' } },
      ]),
    );
    expect(signals.map((s) => [s.title.split(':')[0], s.severity, s.action ?? 'open', s.cluster])).toEqual([
      ['KubePodCrashLooping', 'critical', 'open', 'prod-eu-1'],
      ['KubeNodeNotReady', 'medium', 'resolve', 'prod-eu-1'],
      ['KubeletDown', 'medium', 'open', 'staging'],
    ]);
    expect(signals[0]).toMatchObject({
      resource: { kind: 'Pod', namespace: 'payments', name: 'api-1' },
      runbook: 'https://runbooks.prometheus-operator.dev/runbooks/kubepodcrashlooping',
    });
  });

  it('accepts version 3 payloads', () => {
    expect(classify(alertmanagerPayload([{ name: 'KubeNodeNotReady' }], '3'))).toHaveLength(1);
  });
});

describe('where an external record comes from', () => {
  const hub = new Classifier(loadRules(), {
    awsRanges: bundledAwsRanges,
    home: { account: '111122223333', region: 'eu-west-1' },
  });
  const place = (input: unknown) =>
    decodeInput(JSON.stringify(input), { file: 'test' })
      .events.flatMap((e) => hub.classify(e))
      .map((s) => [s.cluster, s.account, s.region]);

  it("names a spoke's cluster by account, region and name from the EventBridge envelope, the hub's by its name", () => {
    expect(place(guardDutyEvent())).toEqual([['prod-eu-1', '111122223333', 'eu-west-1']]);
    expect(place({ ...guardDutyEvent(), account: '222222222222', region: 'us-east-1' })).toEqual([
      ['222222222222/us-east-1/prod-eu-1', '222222222222', 'us-east-1'],
    ]);
  });

  it('takes the place of an Alertmanager alert whose cluster label is a spoke cluster id', () => {
    expect(
      place(alertmanagerPayload([{ name: 'KubeletDown', labels: { cluster: '222222222222/eu-west-1/prod' } }])),
    ).toEqual([['222222222222/eu-west-1/prod', '222222222222', 'eu-west-1']]);
  });
});
