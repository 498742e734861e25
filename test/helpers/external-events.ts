/** Factories for events from outside the cluster, built from the documented record formats. */

let seq = 0;
const next = (): number => ++seq;

/** An EKS CloudTrail record (eventVersion 1.08 format). */
export function cloudTrailRecord(
  eventName: string,
  requestParameters: Record<string, unknown> = {},
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const source = (overrides.eventSource as string | undefined) ?? 'eks.amazonaws.com';
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:jane',
      arn: 'arn:aws:sts::111122223333:assumed-role/platform-admin/jane',
      accountId: '111122223333',
      accessKeyId: 'ASIAEXAMPLE',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: 'arn:aws:iam::111122223333:role/platform-admin',
          userName: 'platform-admin',
        },
      },
    },
    eventTime: '2026-11-24T02:10:00Z',
    eventSource: source,
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.17.0',
    requestParameters,
    responseElements: null,
    requestID: `req-${next()}`,
    eventID: `evt-${seq}-0000-4000-8000-000000000000`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    ...overrides,
  };
}

/** The EventBridge envelope of a CloudTrail record. */
export function eventBridgeCloudTrail(record: Record<string, unknown>): Record<string, unknown> {
  return {
    version: '0',
    id: `eb-${next()}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${String(record.eventSource).split('.')[0]}`,
    account: '111122223333',
    time: record.eventTime,
    region: 'eu-west-1',
    resources: [],
    detail: record,
  };
}

/** A CloudWatch Alarm State Change event. */
export function alarmEvent(
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA',
  options: {
    name?: string;
    description?: string;
    timestamp?: string;
    namespace?: string;
    clusterName?: string;
    composite?: boolean;
  } = {},
): Record<string, unknown> {
  const name = options.name ?? 'prod-eu-1 API 5xx';
  return {
    version: '0',
    id: `alarm-${next()}`,
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '111122223333',
    time: options.timestamp ?? '2026-11-24T02:20:00Z',
    region: 'eu-west-1',
    resources: [`arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${name}`],
    detail: {
      alarmName: name,
      state: {
        value: state,
        reason: `Threshold Crossed: 1 datapoint [42.0] was ${state === 'ALARM' ? 'greater' : 'not greater'} than the threshold (10.0).`,
        timestamp: `${options.timestamp ?? '2026-11-24T02:20:00.000'}+0000`,
      },
      previousState: { value: state === 'ALARM' ? 'OK' : 'ALARM' },
      configuration: options.composite
        ? { alarmRule: 'ALARM(a) OR ALARM(b)', description: options.description }
        : {
            description: options.description,
            metrics: [
              {
                id: 'm1',
                metricStat: {
                  metric: {
                    namespace: options.namespace ?? 'ContainerInsights',
                    name: 'node_cpu_utilization',
                    dimensions: { ClusterName: options.clusterName ?? 'prod-eu-1' },
                  },
                  period: 60,
                  stat: 'Average',
                },
                returnData: true,
              },
            ],
          },
    },
  };
}

/** A GuardDuty finding on an EKS cluster, as EventBridge delivers it. */
export function guardDutyEvent(
  options: { id?: string; type?: string; severity?: number; count?: number } = {},
): Record<string, unknown> {
  return {
    version: '0',
    id: `gd-${next()}`,
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: '111122223333',
    time: '2026-11-24T02:30:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {
      schemaVersion: '2.0',
      accountId: '111122223333',
      region: 'eu-west-1',
      id: options.id ?? 'a2c5f3e0b9d14a5c9e7f0b1d2c3e4f50',
      type: options.type ?? 'Execution:Kubernetes/ExecInKubeSystemPod',
      severity: options.severity ?? 5,
      title: 'Command executed inside a pod in kube-system namespace.',
      description: 'A command was executed inside a pod in the kube-system namespace on EKS Cluster prod-eu-1.',
      updatedAt: '2026-11-24T02:30:00.000Z',
      resource: {
        resourceType: 'EKSCluster',
        eksClusterDetails: { name: 'prod-eu-1', arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu-1' },
        kubernetesDetails: {
          kubernetesUserDetails: { username: 'jane@example.com', groups: ['system:authenticated'] },
          kubernetesWorkloadDetails: { name: 'aws-node-x2kqp', namespace: 'kube-system', type: 'pods' },
        },
      },
      service: {
        serviceName: 'guardduty',
        count: options.count ?? 1,
        eventFirstSeen: '2026-11-24T02:29:00.000Z',
        eventLastSeen: '2026-11-24T02:30:00.000Z',
        action: {
          actionType: 'KUBERNETES_API_CALL',
          kubernetesApiCallAction: {
            requestUri: '/api/v1/namespaces/kube-system/pods/aws-node-x2kqp/exec',
            verb: 'create',
            sourceIps: ['198.51.100.7'],
            statusCode: 101,
          },
        },
      },
    },
  };
}

/** An Alertmanager webhook payload (version 4). */
export function alertmanagerPayload(
  alerts: Array<{
    name: string;
    status?: 'firing' | 'resolved';
    labels?: Record<string, string>;
    fingerprint?: string;
    summary?: string;
  }>,
  version = '4',
): Record<string, unknown> {
  return {
    version,
    groupKey: '{}:{alertname="x"}',
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status !== 'resolved') ? 'firing' : 'resolved',
    receiver: 'watchkeeper',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.monitoring:9093',
    alerts: alerts.map((a, i) => ({
      status: a.status ?? 'firing',
      labels: { alertname: a.name, severity: 'warning', cluster: 'prod-eu-1', ...a.labels },
      annotations: {
        summary: a.summary ?? `${a.name} is firing`,
        runbook_url: `https://runbooks.prometheus-operator.dev/runbooks/${a.name.toLowerCase()}`,
      },
      startsAt: '2026-11-24T02:40:00.000Z',
      endsAt: a.status === 'resolved' ? '2026-11-24T02:55:00.000Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: a.fingerprint ?? `fp${i}${a.name.length}abcdef`,
    })),
  };
}
