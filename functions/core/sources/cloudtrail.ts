import { redactObject } from '../redaction/redact-object.ts';
import type { Candidate, Fact } from './types.ts';
import { InvalidInputError } from './errors.ts';
import { decodeUri, idOf, isoOf, obj, str, strs, timeOf } from './read.ts';
import { defineSource } from './source-module.ts';
import type { Obj } from './read.ts';

/** The parts of a CloudTrail record Watchkeeper reads. */
export interface CloudTrailRecord {
  eventVersion?: string;
  eventID?: string;
  eventTime?: string;
  eventSource?: string;
  eventName?: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  recipientAccountId?: string;
  userIdentity?: {
    type?: string;
    arn?: string;
    accountId?: string;
    accessKeyId?: string;
    userName?: string;
    principalId?: string;
    sessionContext?: { sessionIssuer?: { arn?: string; userName?: string } };
    invokedBy?: string;
  };
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  resources?: Array<{ ARN?: string; type?: string }>;
}

/** True for a CloudTrail record. */
export function isCloudTrailRecord(value: unknown): value is CloudTrailRecord {
  const v = value as CloudTrailRecord;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.eventSource === 'string' &&
    typeof v.eventName === 'string' &&
    (typeof v.eventVersion === 'string' || typeof v.eventID === 'string')
  );
}

/** A CloudTrail record with every field Watchkeeper reads of its documented type (others left out). */
export function readCloudTrail(input: CloudTrailRecord): CloudTrailRecord {
  const r = input as Obj;
  const identity = obj(r.userIdentity);
  const issuer = obj(obj(identity?.sessionContext)?.sessionIssuer);
  return {
    eventVersion: str(r.eventVersion),
    eventID: str(r.eventID),
    eventTime: str(r.eventTime),
    eventSource: str(r.eventSource),
    eventName: str(r.eventName),
    awsRegion: str(r.awsRegion),
    sourceIPAddress: str(r.sourceIPAddress),
    userAgent: str(r.userAgent),
    errorCode: str(r.errorCode),
    errorMessage: str(r.errorMessage),
    recipientAccountId: str(r.recipientAccountId),
    userIdentity: identity && {
      type: str(identity.type),
      arn: str(identity.arn),
      accountId: str(identity.accountId),
      accessKeyId: str(identity.accessKeyId),
      userName: str(identity.userName),
      principalId: str(identity.principalId),
      sessionContext: issuer && { sessionIssuer: { arn: str(issuer.arn), userName: str(issuer.userName) } },
      invokedBy: str(identity.invokedBy),
    },
    requestParameters: obj(r.requestParameters) ?? null,
    responseElements: obj(r.responseElements) ?? null,
    resources: Array.isArray(r.resources)
      ? r.resources.flatMap((item) => {
          const resource = obj(item);
          return resource ? [{ ARN: str(resource.ARN), type: str(resource.type) }] : [];
        })
      : undefined,
  };
}

/** The object at a path, or an empty one: parameters are read field by field through the readers. */
const at = (value: unknown): Obj => obj(value) ?? {};

/** The EKS cluster a record is about, from its parameters or resource ARNs. */
function clusterOf(record: CloudTrailRecord): string | undefined {
  const p = at(record.requestParameters);
  const name = p.clusterName ?? p.name;
  if (typeof name === 'string' && record.eventSource === 'eks.amazonaws.com') return decodeUri(name);
  for (const r of record.resources ?? []) {
    const m = /:cluster\/([^/]+)/.exec(r.ARN ?? '');
    if (m) return m[1];
  }
  const arn = at(at(record.responseElements).cluster).arn;
  return typeof arn === 'string' ? /:cluster\/([^/]+)/.exec(arn)?.[1] : undefined;
}

/** Facts of EKS configuration calls that rules need. */
function eksFacts(record: CloudTrailRecord, facts: Record<string, Fact>): void {
  const p = at(record.requestParameters);
  const logging = at(p.logging).clusterLogging;
  if (Array.isArray(logging)) {
    const off: string[] = [];
    const on: string[] = [];
    for (const setting of logging.map(at)) {
      for (const type of strs(setting.types) ?? []) (setting.enabled === false ? off : on).push(type);
    }
    facts['eks.loggingDisabled'] = off;
    facts['eks.loggingEnabled'] = on;
  }
  const vpc = at(p.resourcesVpcConfig);
  if ('endpointPublicAccess' in vpc) facts['eks.endpointPublicAccess'] = vpc.endpointPublicAccess === true;
  if (Array.isArray(vpc.publicAccessCidrs)) facts['eks.publicAccessCidrs'] = strs(vpc.publicAccessCidrs);
  const policyArn = str(p.policyArn);
  if (policyArn) facts['eks.policyArn'] = decodeUri(policyArn);
  const principalArn = str(p.principalArn);
  if (principalArn) facts['eks.principalArn'] = decodeUri(principalArn);
  facts['eks.nodegroup'] = str(p.nodegroupName);
  facts['eks.version'] = str(p.version);
  facts['eks.accessScope'] = str(at(p.accessScope).type);
}

/** The request parameters as evidence: redacted by structure (key names kept, secret values not), then cut. */
function requestText(parameters: CloudTrailRecord['requestParameters']): string {
  try {
    return (JSON.stringify(redactObject(parameters ?? {})) ?? '').slice(0, 1000);
  } catch {
    // Deeper than JSON.stringify can go: the facts above carry what rules need.
    return '';
  }
}

/**
 * Normalize a CloudTrail record (raw, from a log file, or the detail of an EventBridge event).
 * Only parameters rules need are read; the evidence keeps a redacted copy of the request.
 */
export function normalizeCloudTrail(input: CloudTrailRecord, id: string, fallbackTime: number): Candidate {
  const record = readCloudTrail(input);
  if (!record.eventSource || !record.eventName)
    throw new InvalidInputError('CloudTrail record lacks eventSource or eventName');
  const identity = record.userIdentity ?? {};
  const account = record.recipientAccountId ?? identity.accountId ?? 'unknown';
  const cluster = clusterOf(record) ?? `account-${account}`;
  const service = record.eventSource.replace('.amazonaws.com', '');
  const p = at(record.requestParameters);
  const policyArn = str(p.policyArn);
  const facts: Record<string, Fact> = {
    eventSource: record.eventSource,
    eventName: record.eventName,
    service,
    errorCode: record.errorCode,
    'user.type': identity.type,
    'user.arn': identity.arn ?? identity.sessionContext?.sessionIssuer?.arn,
    region: record.awsRegion,
    roleName: str(p.roleName),
    policyArn: policyArn === undefined ? undefined : decodeUri(policyArn),
    groupId: str(p.groupId),
    repositoryName: str(p.repositoryName),
    invokedBy: identity.invokedBy,
  };
  if (record.eventSource === 'eks.amazonaws.com') eksFacts(record, facts);
  const name =
    (facts['eks.nodegroup'] as string | undefined) ??
    (facts.roleName as string | undefined) ??
    (facts.repositoryName as string | undefined) ??
    (facts.groupId as string | undefined) ??
    cluster;
  return {
    source: 'cloudtrail',
    cluster,
    eventId: record.eventID ?? id,
    occurredAt: isoOf(timeOf(record.eventTime), fallbackTime),
    actor: {
      username:
        identity.userName ??
        identity.sessionContext?.sessionIssuer?.userName ??
        identity.arn ??
        identity.type ??
        'unknown',
      arn: identity.arn,
      accessKeyId: identity.accessKeyId,
      sourceIPs: record.sourceIPAddress ? [record.sourceIPAddress] : undefined,
      userAgent: record.userAgent,
    },
    resource: { kind: service, name },
    // The text index matches calls by service and name.
    message: `${service} ${record.eventName}${record.errorCode ? ` ${record.errorCode}` : ''}`,
    facts: { ...facts, request: requestText(record.requestParameters) },
  };
}

/** The CloudTrail calls Watchkeeper classifies (the EventBridge rule lets nothing else reach the function). */
export const CLOUDTRAIL_CALLS: Readonly<Record<string, readonly string[]>> = {
  'eks.amazonaws.com': [
    'CreateCluster',
    'DeleteCluster',
    'UpdateClusterConfig',
    'UpdateClusterVersion',
    'CreateNodegroup',
    'DeleteNodegroup',
    'UpdateNodegroupConfig',
    'CreateAccessEntry',
    'DeleteAccessEntry',
    'AssociateAccessPolicy',
    'DisassociateAccessPolicy',
    'AssociateIdentityProviderConfig',
    'DisassociateIdentityProviderConfig',
  ],
  'ec2.amazonaws.com': [
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'ModifySecurityGroupRules',
  ],
  'ecr.amazonaws.com': ['SetRepositoryPolicy', 'DeleteRepositoryPolicy', 'PutLifecyclePolicy', 'DeleteLifecyclePolicy'],
};

/**
 * Calls of global services: CloudTrail delivers them to EventBridge in us-east-1 only, where a stack of
 * their own forwards them to the hub's region (docs/sources.md#cloudtrail).
 */
export const GLOBAL_CLOUDTRAIL_CALLS: Readonly<Record<string, readonly string[]>> = {
  'iam.amazonaws.com': ['DetachRolePolicy', 'DeleteRolePolicy', 'PutRolePolicy', 'AttachRolePolicy'],
};

/** The pattern of API calls of these services through EventBridge. */
const callsPattern = (calls: Readonly<Record<string, readonly string[]>>) => ({
  source: Object.keys(calls).map((eventSource) => `aws.${eventSource.split('.')[0]}`),
  detail: { eventSource: Object.keys(calls), eventName: [...new Set(Object.values(calls).flat())] },
});

/** CloudTrail API calls: through EventBridge, or raw records and log files (`{"Records": […]}`) read from files. */
export const cloudTrail = defineSource({
  source: 'cloudtrail',
  kind: 'cloudtrail',
  eventBridge: {
    detailType: 'AWS API Call via CloudTrail',
    description: 'EKS configuration calls and the IAM, EC2 and ECR calls that break clusters',
    // Only calls that change something: EventBridge receives no read-only calls (Describe*, List*, Get*),
    // which Watchkeeper still classifies when it reads a trail's files.
    pattern: callsPattern(CLOUDTRAIL_CALLS),
    globalPattern: callsPattern(GLOBAL_CLOUDTRAIL_CALLS),
  },
  detect: (doc, { location, cluster, now }) => {
    if (!isCloudTrailRecord(doc)) return undefined;
    const id = idOf(doc.eventID, `${location.file}:${location.line ?? 0}:${location.record ?? 0}`);
    return { events: [{ id, timestamp: now, message: '', cluster, stream: 'cloudtrail', parsed: doc }], problems: [] };
  },
  normalize: (raw) => {
    if (!isCloudTrailRecord(raw.parsed)) throw new InvalidInputError('not a CloudTrail record');
    return normalizeCloudTrail(raw.parsed, raw.id, raw.timestamp);
  },
});
