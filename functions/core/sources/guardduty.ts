import type { Candidate, DecodeResult, InputLocation } from './types.ts';
import { problemAt, quote } from './problem.ts';
import { InvalidInputError } from './errors.ts';
import { own } from '../own.ts';
import { isoOf, num, obj, str, strs, timeOf } from './read.ts';
import { defineSource } from './source-module.ts';
import type { Obj } from './read.ts';
import type { Component, Severity } from '../vocabulary.ts';

/** The parts of a GuardDuty finding Watchkeeper reads. */
export interface GuardDutyFinding {
  id?: string;
  type?: string;
  title?: string;
  description?: string;
  severity?: number;
  accountId?: string;
  updatedAt?: string;
  resource?: {
    resourceType?: string;
    eksClusterDetails?: { name?: string; arn?: string };
    kubernetesDetails?: {
      kubernetesUserDetails?: { username?: string; groups?: string[] };
      kubernetesWorkloadDetails?: { name?: string; namespace?: string; type?: string };
    };
  };
  service?: {
    count?: number;
    /** Extended Threat Detection: the attack sequence, its signals and the resources it involves. */
    sequence?: { signals: string[]; clusters: string[] };
    eventFirstSeen?: string;
    eventLastSeen?: string;
    action?: {
      kubernetesApiCallAction?: { requestUri?: string; verb?: string; sourceIps?: string[]; statusCode?: number };
    };
  };
}

/** The finding ids an attack sequence lists among its signals, and the EKS clusters among its resources. */
function sequenceOf(sequence: Obj | undefined): { signals: string[]; clusters: string[] } | undefined {
  if (!sequence) return undefined;
  const items = (value: unknown) => (Array.isArray(value) ? value.map(obj).filter((v): v is Obj => !!v) : []);
  const lastSegment = (uid: string) => uid.slice(uid.lastIndexOf('/') + 1);
  return {
    signals: items(sequence.signals)
      .filter((s) => s.type === 'FINDING' && typeof s.uid === 'string')
      .map((s) => lastSegment(String(s.uid)))
      .slice(0, 100),
    clusters: items(sequence.resources)
      .map((r) => str(r.uid))
      .filter((uid): uid is string => !!uid && /^arn:aws[\w-]*:eks:[^:]*:\d*:cluster\//.test(uid))
      .map(lastSegment)
      .slice(0, 20),
  };
}

/** GuardDuty's severity bands (1–10) onto ours. */
export function guardDutySeverity(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

const COMPONENT_OF_TACTIC: Readonly<Record<string, Component>> = {
  Execution: 'workload',
  PrivilegeEscalation: 'authorization',
  Persistence: 'workload',
  Policy: 'authorization',
  Discovery: 'authorization',
  CredentialAccess: 'authorization',
  Impact: 'workload',
  DefenseEvasion: 'cluster-config',
  UnauthorizedAccess: 'authentication',
  Recon: 'authentication',
};

/** A finding with every field Watchkeeper reads of its documented type (others left out). */
export function readFinding(input: GuardDutyFinding): GuardDutyFinding {
  const f = input as Obj;
  const resource = obj(f.resource);
  const cluster = obj(resource?.eksClusterDetails);
  const k8s = obj(resource?.kubernetesDetails);
  const user = obj(k8s?.kubernetesUserDetails);
  const workload = obj(k8s?.kubernetesWorkloadDetails);
  const service = obj(f.service);
  const call = obj(obj(service?.action)?.kubernetesApiCallAction);
  return {
    id: str(f.id),
    type: str(f.type),
    title: str(f.title),
    description: str(f.description),
    severity: num(f.severity),
    accountId: str(f.accountId),
    updatedAt: str(f.updatedAt),
    resource: resource && {
      resourceType: str(resource.resourceType),
      eksClusterDetails: cluster && { name: str(cluster.name), arn: str(cluster.arn) },
      kubernetesDetails: k8s && {
        kubernetesUserDetails: user && { username: str(user.username), groups: strs(user.groups) },
        kubernetesWorkloadDetails: workload && {
          name: str(workload.name),
          namespace: str(workload.namespace),
          type: str(workload.type),
        },
      },
    },
    service: service && {
      count: num(service.count),
      sequence: sequenceOf(obj(obj(service.detection)?.sequence)),
      eventFirstSeen: str(service.eventFirstSeen),
      eventLastSeen: str(service.eventLastSeen),
      action: call && {
        kubernetesApiCallAction: {
          requestUri: str(call.requestUri),
          verb: str(call.verb),
          sourceIps: strs(call.sourceIps),
          statusCode: num(call.statusCode),
        },
      },
    },
  };
}

/** Normalize a GuardDuty finding on an EKS cluster; each update of the finding (its count) is one occurrence. */
export function normalizeGuardDuty(input: GuardDutyFinding, fallbackTime: number): Candidate {
  const finding = readFinding(input);
  if (!finding.id || !finding.type || typeof finding.severity !== 'number')
    throw new InvalidInputError('GuardDuty finding lacks id, type or severity');
  const k8s = finding.resource?.kubernetesDetails;
  const workload = k8s?.kubernetesWorkloadDetails;
  const call = finding.service?.action?.kubernetesApiCallAction;
  const tactic = finding.type.split(':')[0];
  return {
    source: 'guardduty',
    cluster:
      finding.resource?.eksClusterDetails?.name ??
      finding.service?.sequence?.clusters[0] ??
      `account-${finding.accountId ?? 'unknown'}`,
    eventId: `${finding.id}:${finding.service?.count ?? 1}`,
    occurredAt: isoOf(timeOf(finding.service?.eventLastSeen), timeOf(finding.updatedAt), fallbackTime),
    actor: {
      username: k8s?.kubernetesUserDetails?.username ?? 'unknown',
      groups: k8s?.kubernetesUserDetails?.groups,
      sourceIPs: call?.sourceIps,
    },
    resource: {
      kind: workload?.type ?? 'EKSCluster',
      namespace: workload?.namespace,
      name: workload?.name ?? finding.resource?.eksClusterDetails?.name,
    },
    message: `${finding.type} ${finding.title ?? ''}`,
    facts: {
      'finding.id': finding.id,
      'finding.type': finding.type,
      'finding.score': finding.severity,
      'finding.count': finding.service?.count ?? 1,
      'finding.signals': finding.service?.sequence?.signals,
      verb: call?.verb,
      uri: call?.requestUri,
    },
    overrides: {
      // An attack sequence is GuardDuty's own correlation of findings into one compromise: always critical.
      severity: finding.type.startsWith('AttackSequence:') ? 'critical' : guardDutySeverity(finding.severity),
      component: own(COMPONENT_OF_TACTIC, tactic) ?? 'cluster-config',
      category: 'security',
      title: finding.title ?? finding.type,
      summary: finding.description ?? finding.type,
    },
  };
}

/**
 * A finding standing alone, as `GetFindings`, the S3 export and Security Hub carry it: its
 * schemaVersion, id, type and resource. Only findings on EKS clusters are Watchkeeper's.
 */
function detectFinding(doc: Obj, context: { location: InputLocation; now: number }): DecodeResult | undefined {
  if (typeof doc.schemaVersion !== 'string' || typeof doc.id !== 'string' || typeof doc.type !== 'string')
    return undefined;
  const resource = obj(doc.resource);
  if (!resource) return undefined;
  const sequence = sequenceOf(obj(obj(obj(doc.service)?.detection)?.sequence));
  if (resource.resourceType !== 'EKSCluster' && !obj(resource.eksClusterDetails) && !sequence?.clusters.length)
    return {
      events: [],
      problems: [
        problemAt(
          context.location,
          `GuardDuty finding on ${quote(resource.resourceType)}, not on an EKS cluster`,
          undefined,
        ),
      ],
    };
  const count = num(obj(doc.service)?.count) ?? 1;
  return {
    events: [
      {
        id: `guardduty:${doc.id}:${count}`,
        timestamp: timeOf(doc.updatedAt) ?? context.now,
        message: '',
        cluster: str(obj(resource.eksClusterDetails)?.name) ?? 'unknown',
        stream: 'guardduty',
        parsed: doc,
      },
    ],
    problems: [],
  };
}

/** GuardDuty findings on EKS clusters: through EventBridge, or standing alone (exports, `GetFindings` pages). */
export const guardDuty = defineSource({
  source: 'guardduty',
  kind: 'guardduty',
  eventBridge: {
    detailType: 'GuardDuty Finding',
    description: 'GuardDuty findings on EKS clusters',
    pattern: { source: ['aws.guardduty'], detail: { resource: { resourceType: ['EKSCluster'] } } },
  },
  detect: (doc, context) => detectFinding(doc, context),
  normalize: (raw) => normalizeGuardDuty((obj(raw.parsed) ?? {}) as GuardDutyFinding, raw.timestamp),
});
