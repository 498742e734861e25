import type { Candidate } from './types.ts';
import { InvalidInputError } from './errors.ts';
import { own } from '../own.ts';
import { idOf, isoOf, obj, timeOf } from './read.ts';
import { defineSource } from './source-module.ts';
import type { Category, Component, Severity } from '../vocabulary.ts';

/** One alert of an Alertmanager webhook payload (versions 3 and 4), after {@link readAlert}. */
export interface AlertmanagerAlert {
  readonly status?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly fingerprint?: string;
}

/** The webhook payload as it arrives: nothing in it is trusted until {@link readAlert} has read it. */
export interface AlertmanagerPayload {
  readonly version?: unknown;
  readonly groupKey?: unknown;
  readonly receiver?: unknown;
  readonly commonLabels?: unknown;
  readonly alerts: readonly unknown[];
}

/**
 * Alerts one payload may carry. Alertmanager sends one group per request; a group of thousands is
 * an alert storm, and `max_alerts` in the receiver's `webhook_config` keeps payloads under this.
 */
export const MAX_ALERTS_PER_PAYLOAD = 1000;

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

/** Keys that would reach an object's prototype if a consumer ever assigned them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Labels or annotations: strings as they are, numbers and booleans as text (`severity: 5` is "5"),
 * anything else quarantines the alert with the name of the offending key.
 */
function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidInputError(`${where} is not an object`);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (FORBIDDEN_KEYS.has(key)) throw new InvalidInputError(`${where}.${key} is a forbidden key`);
      if (typeof item === 'string') return [key, item];
      if (typeof item === 'number' || typeof item === 'boolean') return [key, String(item)];
      const kind =
        item === null
          ? 'null'
          : Array.isArray(item)
            ? 'a list'
            : typeof item === 'object'
              ? 'an object'
              : `a ${typeof item}`;
      throw new InvalidInputError(`${where}.${key.slice(0, 60)} is ${kind}, not a string`);
    }),
  );
}

/** One alert of a payload, its labels and annotations read as strings; throws {@link InvalidInputError}. */
export function readAlert(value: unknown, payload: AlertmanagerPayload): AlertmanagerAlert {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidInputError('alert is not an object');
  const alert = value as Record<string, unknown>;
  return {
    status: asString(alert.status),
    labels: { ...stringMap(payload.commonLabels, 'commonLabels'), ...stringMap(alert.labels, 'labels') },
    annotations: stringMap(alert.annotations, 'annotations'),
    startsAt: asString(alert.startsAt),
    endsAt: asString(alert.endsAt),
    fingerprint: asString(alert.fingerprint),
  };
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
  value: unknown,
  payload: AlertmanagerPayload,
  defaultCluster: string,
  fallbackTime: number,
): Candidate {
  const alert = readAlert(value, payload);
  const { labels, annotations } = alert;
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
  const startedAt = timeOf(alert.startsAt);
  return {
    source: 'alertmanager',
    cluster: labels.cluster ?? labels.k8s_cluster ?? labels.cluster_name ?? defaultCluster,
    eventId: `${fingerprint}:${alert.startsAt ?? ''}:${resolved ? 'resolved' : 'firing'}`,
    occurredAt: isoOf(resolved ? timeOf(alert.endsAt) : startedAt, fallbackTime),
    actor: { username: typeof payload.receiver === 'string' ? `alertmanager (${payload.receiver})` : 'alertmanager' },
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
      severity: own(SEVERITY_OF_LABEL, (labels.severity ?? '').toLowerCase()) ?? 'medium',
      component,
      category,
      team: labels.team ?? TEAM_OF_COMPONENT[component],
      title: annotations.summary ? `${name}: ${annotations.summary}` : name,
      summary: annotations.description ?? annotations.message ?? annotations.summary ?? name,
      runbook: annotations.runbook_url,
    },
    action: resolved ? 'resolve' : 'open',
    // A resolved notification says the alert fired from startsAt: it stands for the firing if that comes late.
    ...(resolved ? { episodeStart: isoOf(startedAt, timeOf(alert.endsAt), fallbackTime) } : {}),
  };
}

/** Alertmanager webhook payloads (version 4; 3 accepted): every alert of the group is one record. */
export const alertmanager = defineSource({
  source: 'alertmanager',
  kind: 'alertmanager',
  detect: (doc, { cluster, now }) => {
    if (!isAlertmanagerPayload(doc)) return undefined;
    const group = idOf(doc.groupKey, '');
    return {
      events: doc.alerts.map((alert, i) => ({
        id: `${group}:${i}`,
        timestamp: now,
        message: '',
        cluster,
        stream: 'alertmanager',
        parsed: { alert, payload: doc },
      })),
      problems: [],
    };
  },
  normalize: (raw) => {
    const { alert, payload } = (obj(raw.parsed) ?? {}) as { alert?: unknown; payload?: AlertmanagerPayload };
    if (!payload) throw new InvalidInputError('alert arrived without its payload');
    return normalizeAlert(alert, payload, raw.cluster, raw.timestamp);
  },
});
