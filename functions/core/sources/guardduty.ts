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
    eventFirstSeen?: string;
    eventLastSeen?: string;
    action?: {
      kubernetesApiCallAction?: { requestUri?: string; verb?: string; sourceIps?: string[]; statusCode?: number };
    };
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
    cluster: finding.resource?.eksClusterDetails?.name ?? `account-${finding.accountId ?? 'unknown'}`,
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
      verb: call?.verb,
      uri: call?.requestUri,
    },
    overrides: {
      severity: guardDutySeverity(finding.severity),
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
  if (resource.resourceType !== 'EKSCluster' && !obj(resource.eksClusterDetails))
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
