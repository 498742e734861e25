import type { Candidate, SignalOverrides } from './types.ts';
import { InvalidInputError } from './errors.ts';
import { idOf, isoOf, obj, str, timeOf } from './read.ts';
import { defineSource } from './source-module.ts';
import type { Obj } from './read.ts';
import { CATEGORIES, COMPONENTS, SEVERITIES } from '../vocabulary.ts';
import type { Category, Component, Severity } from '../vocabulary.ts';

/** The detail of a "CloudWatch Alarm State Change" event (also the alarm → Lambda action's `alarmData`). */
export interface AlarmDetail {
  alarmName?: string;
  state?: { value?: string; reason?: string; timestamp?: string };
  previousState?: { value?: string };
  configuration?: {
    description?: string;
    metrics?: Array<{
      metricStat?: { metric?: { namespace?: string; name?: string; dimensions?: Record<string, string> } };
    }>;
    alarmRule?: string;
  };
  /** Tags of the alarm, when the ingest function looked them up. */
  tags?: Record<string, string>;
}

/** Namespaces of metrics → component. */
const COMPONENT_OF_NAMESPACE: ReadonlyArray<readonly [RegExp, Component]> = [
  [/ContainerInsights/i, 'node'],
  [/^AWS\/EKS/, 'kube-apiserver'],
  [/ELB|ApplicationELB|NetworkELB/, 'load-balancer'],
  [/^AWS\/EC2$/, 'node'],
  [/^AWS\/EBS|^AWS\/EFS|^AWS\/FSx/, 'storage'],
  [/Route53/, 'dns'],
  [/^AWS\/ECR/, 'registry'],
  [/^AWS\/NATGateway|^AWS\/TransitGateway|^AWS\/PrivateLink/, 'network'],
];

const MARKER = /\[watchkeeper\s+([^\]]*)\]/i;

/** An alarm's detail with every field Watchkeeper reads of its documented type (others left out). */
export function readAlarmDetail(input: AlarmDetail): AlarmDetail {
  const d = input as Obj;
  const state = obj(d.state);
  const configuration = obj(d.configuration);
  const tags = obj(d.tags);
  return {
    alarmName: str(d.alarmName),
    state: state && { value: str(state.value), reason: str(state.reason), timestamp: str(state.timestamp) },
    previousState: { value: str(obj(d.previousState)?.value) },
    configuration: configuration && {
      description: str(configuration.description),
      alarmRule: str(configuration.alarmRule),
      metrics: (Array.isArray(configuration.metrics) ? configuration.metrics : []).flatMap((item) => {
        const metric = obj(obj(obj(item)?.metricStat)?.metric);
        if (!metric) return [];
        const dimensions = obj(metric.dimensions);
        return [
          {
            metricStat: {
              metric: {
                namespace: str(metric.namespace),
                name: str(metric.name),
                dimensions:
                  dimensions &&
                  Object.fromEntries(
                    Object.entries(dimensions).filter((e): e is [string, string] => typeof e[1] === 'string'),
                  ),
              },
            },
          },
        ];
      }),
    },
    tags:
      tags && Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
}

/**
 * The alarm convention: a `[watchkeeper key=value …]` marker in the alarm description, or tags
 * `watchkeeper:<key>`, with keys `severity`, `team`, `component`, `category`, `cluster`, `namespace`.
 * Tags win over the marker.
 */
export function alarmConvention(detail: AlarmDetail): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const marker = MARKER.exec(detail.configuration?.description ?? '');
  if (marker)
    for (const [, k, v] of marker[1].matchAll(/(\w+)=("[^"]*"|\S+)/g)) out[k.toLowerCase()] = v.replace(/^"|"$/g, '');
  for (const [k, v] of Object.entries(detail.tags ?? {}))
    if (k.startsWith('watchkeeper:')) out[k.slice('watchkeeper:'.length).toLowerCase()] = v;
  return out;
}

const STATE_ACTION = { ALARM: 'open', OK: 'resolve', INSUFFICIENT_DATA: 'record' } as const;

/** Normalize a CloudWatch alarm state change. */
export function normalizeAlarm(
  input: AlarmDetail,
  alarmArn: string | undefined,
  account: string,
  id: string,
  fallbackTime: number,
): Candidate {
  const detail = readAlarmDetail(input);
  const state = detail.state?.value;
  if (!detail.alarmName || !state || !Object.hasOwn(STATE_ACTION, state))
    throw new InvalidInputError('alarm state change lacks alarmName or a known state value');
  const convention = alarmConvention(detail);
  const metric = detail.configuration?.metrics?.find((m) => m.metricStat?.metric)?.metricStat?.metric;
  const cluster = convention.cluster ?? metric?.dimensions?.ClusterName ?? `account-${account}`;
  const composite = detail.configuration?.alarmRule !== undefined;
  const component = (COMPONENTS as readonly string[]).includes(convention.component ?? '')
    ? (convention.component as Component)
    : (COMPONENT_OF_NAMESPACE.find(([pattern]) => pattern.test(metric?.namespace ?? ''))?.[1] ?? 'workload');
  const severity = (SEVERITIES as readonly string[]).includes(convention.severity ?? '')
    ? (convention.severity as Severity)
    : composite
      ? 'high'
      : 'medium';
  const overrides: SignalOverrides = {
    severity,
    component,
    category: (CATEGORIES as readonly string[]).includes(convention.category ?? '')
      ? (convention.category as Category)
      : undefined,
    team: convention.team,
    title: `Alarm ${detail.alarmName}`,
    summary:
      detail.configuration?.description?.replace(MARKER, '').trim() ||
      `CloudWatch alarm ${detail.alarmName} is ${state}.`,
  };
  const arn = alarmArn ?? `alarm:${account}:${detail.alarmName}`;
  const occurredAt = isoOf(timeOf((detail.state?.timestamp ?? '').replace(/\+0000$/, 'Z')), fallbackTime);
  return {
    source: 'cloudwatch-alarm',
    cluster,
    eventId: `${arn}:${detail.state?.timestamp ?? id}`,
    occurredAt,
    actor: { username: 'cloudwatch' },
    resource: { kind: composite ? 'CompositeAlarm' : 'Alarm', name: detail.alarmName, namespace: convention.namespace },
    message: `alarm ${state.toLowerCase()} ${detail.state?.reason ?? ''}`,
    facts: {
      'alarm.arn': arn,
      'alarm.state': state,
      'alarm.previousState': detail.previousState?.value,
      'alarm.reason': detail.state?.reason,
      'alarm.metric': metric ? `${metric.namespace}/${metric.name}` : undefined,
      'alarm.composite': composite,
    },
    overrides,
    action: STATE_ACTION[state as keyof typeof STATE_ACTION],
    // OK after ALARM ends an episode (its start is not in the event: the OK's own time stands for it).
    ...(state === 'OK' && detail.previousState?.value === 'ALARM' ? { episodeStart: occurredAt } : {}),
  };
}

/** CloudWatch alarm state changes: through EventBridge, or in the alarm → Lambda action shape (`alarmData`). */
export const cloudWatchAlarm = defineSource({
  source: 'cloudwatch-alarm',
  kind: 'cloudwatch-alarm',
  eventBridge: {
    detailType: 'CloudWatch Alarm State Change',
    description: 'CloudWatch alarm state changes (metric and composite)',
    pattern: { source: ['aws.cloudwatch'] },
    parsed: (event) => ({ detail: event.detail, resources: event.resources, account: event.account }),
  },
  detect: (doc, { location, cluster, now }) => {
    // The alarm → Lambda action shape: alarmData carries what the EventBridge event's detail does.
    if (doc.source !== 'aws.cloudwatch' || typeof doc.alarmData !== 'object') return undefined;
    const id = idOf(doc.alarmArn, `${location.file}:${location.line ?? 0}:${location.record ?? 0}`);
    const parsed = { detail: doc.alarmData, resources: [doc.alarmArn], account: doc.accountId };
    return { events: [{ id, timestamp: now, message: '', cluster, stream: 'cloudwatch-alarm', parsed }], problems: [] };
  },
  normalize: (raw) => {
    const { detail, resources, account } = obj(raw.parsed) ?? {};
    if (!obj(detail)) throw new InvalidInputError('alarm state change has no detail');
    const arn = Array.isArray(resources) ? str(resources[0]) : undefined;
    return normalizeAlarm(detail as AlarmDetail, arn, str(account) ?? 'unknown', raw.id, raw.timestamp);
  },
});
