import type { Candidate } from './types.ts';
import { InvalidInputError } from './errors.ts';
import type { Category, Component, Severity } from '../vocabulary.ts';

/** One alert of an Alertmanager webhook payload (versions 3 and 4). */
export interface AlertmanagerAlert {
  status?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
}

/** The webhook payload. */
export interface AlertmanagerPayload {
  version?: string;
  groupKey?: string | number;
  status?: string;
  receiver?: string;
  externalURL?: string;
  commonLabels?: Record<string, string>;
  alerts?: AlertmanagerAlert[];
}

/** True for an Alertmanager webhook payload. */
export function isAlertmanagerPayload(value: unknown): value is AlertmanagerPayload {
  const v = value as AlertmanagerPayload;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.alerts) &&
    ('receiver' in v || 'groupKey' in v || 'version' in v)
  );
}

/** kube-prometheus / kubernetes-mixin / etcd-mixin alert names onto components (first match wins). */
const COMPONENTS_BY_ALERT: ReadonlyArray<readonly [RegExp, Component, Category]> = [
  [/^etcd/i, 'etcd', 'reliability'],
  [/^KubeAPI|^KubeClient|^KubeAggregatedAPI|^KubeVersionMismatch/, 'kube-apiserver', 'reliability'],
  [/^KubeScheduler/, 'kube-scheduler', 'reliability'],
  [/^KubeControllerManager/, 'kube-controller-manager', 'reliability'],
  [/^KubeProxy/, 'kube-proxy', 'reliability'],
  [/^CoreDNS|^KubeDNS|^NodeLocalDNS/, 'dns', 'reliability'],
  [/^KubePersistentVolume|^KubePVC/, 'storage', 'capacity'],
  [/^Kubelet|^KubeletDown/, 'kubelet', 'reliability'],
  [/^KubeNode|^Node(?!Exporter)|^NodeFilesystem|^NodeNetwork|^NodeClock|^NodeRAID/, 'node', 'reliability'],
  [/^KubeCPU|^KubeMemory|^KubeQuota|^CPUThrottling/, 'workload', 'capacity'],
  [
    /^KubePod|^KubeContainer|^KubeDeployment|^KubeStatefulSet|^KubeDaemonSet|^KubeJob|^KubeHpa|^KubeReplicaSet/,
    'workload',
    'reliability',
  ],
  [
    /^Prometheus|^Alertmanager|^TargetDown|^Watchdog|^InfoInhibitor|^ConfigReloader|^NodeExporter|^KubeStateMetrics/,
    'operator',
    'reliability',
  ],
];

const SEVERITY_OF_LABEL: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  page: 'critical',
  error: 'high',
  high: 'high',
  warning: 'medium',
  medium: 'medium',
  low: 'low',
  info: 'info',
  none: 'info',
};
const TEAM_OF_COMPONENT: Partial<Record<Component, string>> = {
  workload: 'development',
  registry: 'devops',
  operator: 'platform',
};

/** Normalize one alert of a webhook payload; `resolved` alerts resolve their incident. */
export function normalizeAlert(
  alert: AlertmanagerAlert,
  payload: AlertmanagerPayload,
  defaultCluster: string,
  fallbackTime: number,
): Candidate {
  const labels = { ...payload.commonLabels, ...alert.labels };
  const name = labels.alertname;
  if (!name) throw new InvalidInputError('alert has no alertname label');
  const [, component, category] = COMPONENTS_BY_ALERT.find(([pattern]) => pattern.test(name)) ?? [
    undefined,
    'workload' as Component,
    'reliability' as Category,
  ];
  const resolved = alert.status === 'resolved';
  const fingerprint =
    alert.fingerprint ??
    Object.entries(labels)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  const when = Date.parse((resolved ? alert.endsAt : alert.startsAt) ?? '');
  const annotations = alert.annotations ?? {};
  return {
    source: 'alertmanager',
    cluster: labels.cluster ?? labels.k8s_cluster ?? labels.cluster_name ?? defaultCluster,
    eventId: `${fingerprint}:${alert.startsAt ?? ''}:${resolved ? 'resolved' : 'firing'}`,
    occurredAt: new Date(Number.isNaN(when) ? fallbackTime : when).toISOString(),
    actor: { username: payload.receiver ? `alertmanager (${payload.receiver})` : 'alertmanager' },
    resource: {
      kind: labels.pod
        ? 'Pod'
        : labels.node
          ? 'Node'
          : labels.persistentvolumeclaim
            ? 'PersistentVolumeClaim'
            : labels.deployment
              ? 'Deployment'
              : undefined,
      namespace: labels.namespace,
      name:
        labels.pod ?? labels.node ?? labels.instance ?? labels.persistentvolumeclaim ?? labels.deployment ?? labels.job,
    },
    message: `${name} ${annotations.summary ?? ''}`,
    facts: {
      alertname: name,
      'alert.fingerprint': fingerprint,
      'alert.severity': labels.severity,
      namespace: labels.namespace,
      ...Object.fromEntries(Object.entries(labels).map(([k, v]) => [`label.${k}`, v])),
    },
    overrides: {
      severity: SEVERITY_OF_LABEL[(labels.severity ?? '').toLowerCase()] ?? 'medium',
      component,
      category,
      team: labels.team ?? TEAM_OF_COMPONENT[component],
      title: annotations.summary ? `${name}: ${annotations.summary}` : name,
      summary: annotations.description ?? annotations.message ?? annotations.summary ?? name,
      runbook: annotations.runbook_url,
    },
    action: resolved ? 'resolve' : 'open',
  };
}
