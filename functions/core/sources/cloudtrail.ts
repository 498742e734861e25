import { redactObject } from '../redaction/redact-object.ts';
import type { Candidate, Fact } from './types.ts';
import { InvalidInputError } from './errors.ts';

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

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

/** The EKS cluster a record is about, from its parameters or resource ARNs. */
function clusterOf(record: CloudTrailRecord): string | undefined {
  const p = obj(record.requestParameters);
  const name = p.clusterName ?? p.name;
  if (typeof name === 'string' && record.eventSource === 'eks.amazonaws.com') return decodeURIComponent(name);
  for (const r of record.resources ?? []) {
    const m = /:cluster\/([^/]+)/.exec(r.ARN ?? '');
    if (m) return m[1];
  }
  const arn = obj(obj(record.responseElements).cluster).arn;
  return typeof arn === 'string' ? /:cluster\/([^/]+)/.exec(arn)?.[1] : undefined;
}

/** Facts of EKS configuration calls that rules need. */
function eksFacts(record: CloudTrailRecord, facts: Record<string, Fact>): void {
  const p = obj(record.requestParameters);
  const logging = obj(p.logging).clusterLogging;
  if (Array.isArray(logging)) {
    const off: string[] = [];
    const on: string[] = [];
    for (const setting of logging.map(obj)) {
      for (const type of (Array.isArray(setting.types) ? setting.types : []).map(String))
        (setting.enabled === false ? off : on).push(type);
    }
    facts['eks.loggingDisabled'] = off;
    facts['eks.loggingEnabled'] = on;
  }
  const vpc = obj(p.resourcesVpcConfig);
  if ('endpointPublicAccess' in vpc) facts['eks.endpointPublicAccess'] = vpc.endpointPublicAccess === true;
  if (Array.isArray(vpc.publicAccessCidrs)) facts['eks.publicAccessCidrs'] = vpc.publicAccessCidrs.map(String);
  if (typeof p.policyArn === 'string') facts['eks.policyArn'] = decodeURIComponent(p.policyArn);
  if (typeof p.principalArn === 'string') facts['eks.principalArn'] = decodeURIComponent(p.principalArn);
  if (typeof p.nodegroupName === 'string') facts['eks.nodegroup'] = p.nodegroupName;
  if (typeof p.version === 'string') facts['eks.version'] = p.version;
  const scope = obj(p.accessScope);
  if (typeof scope.type === 'string') facts['eks.accessScope'] = scope.type;
}

/**
 * Normalize a CloudTrail record (raw, from a log file, or the detail of an EventBridge event).
 * Only parameters rules need are read; the evidence keeps a redacted copy of the request.
 */
export function normalizeCloudTrail(record: CloudTrailRecord, id: string, fallbackTime: number): Candidate {
  if (!record.eventSource || !record.eventName)
    throw new InvalidInputError('CloudTrail record lacks eventSource or eventName');
  const identity = record.userIdentity ?? {};
  const account = record.recipientAccountId ?? identity.accountId ?? 'unknown';
  const cluster = clusterOf(record) ?? `account-${account}`;
  const service = record.eventSource.replace('.amazonaws.com', '');
  const p = obj(record.requestParameters);
  const facts: Record<string, Fact> = {
    eventSource: record.eventSource,
    eventName: record.eventName,
    service,
    errorCode: record.errorCode,
    'user.type': identity.type,
    'user.arn': identity.arn ?? identity.sessionContext?.sessionIssuer?.arn,
    region: record.awsRegion,
    roleName: typeof p.roleName === 'string' ? p.roleName : undefined,
    policyArn: typeof p.policyArn === 'string' ? decodeURIComponent(p.policyArn) : undefined,
    groupId: typeof p.groupId === 'string' ? p.groupId : undefined,
    repositoryName: typeof p.repositoryName === 'string' ? p.repositoryName : undefined,
    invokedBy: identity.invokedBy,
  };
  if (record.eventSource === 'eks.amazonaws.com') eksFacts(record, facts);
  const when = Date.parse(record.eventTime ?? '');
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
    occurredAt: new Date(Number.isNaN(when) ? fallbackTime : when).toISOString(),
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
    facts: { ...facts, request: JSON.stringify(redactObject(record.requestParameters ?? {})).slice(0, 1000) },
  };
}
