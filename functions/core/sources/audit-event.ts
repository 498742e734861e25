import { num, obj, str, strs } from './read.ts';
import type { Obj } from './read.ts';

/** The parts of an audit.k8s.io Event that Watchkeeper reads, each of its documented type. */
export interface AuditEvent {
  kind?: string;
  apiVersion?: string;
  level?: string;
  auditID?: string;
  stage?: string;
  requestURI?: string;
  verb?: string;
  user?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  impersonatedUser?: { username?: string; groups?: string[] };
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: {
    resource?: string;
    namespace?: string;
    name?: string;
    apiGroup?: string;
    apiVersion?: string;
    subresource?: string;
  };
  responseStatus?: { code?: number; status?: string; reason?: string; message?: string };
  requestObject?: Record<string, unknown>;
  responseObject?: Record<string, unknown>;
  requestReceivedTimestamp?: string;
  stageTimestamp?: string;
  annotations?: Record<string, string>;
}

const stringMap = (value: unknown): Record<string, string> | undefined => {
  const o = obj(value);
  return (
    o &&
    Object.fromEntries(Object.entries(o).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  );
};

const userOf = (value: unknown) => {
  const user = obj(value);
  if (!user) return undefined;
  const extra = obj(user.extra);
  return {
    username: str(user.username),
    uid: str(user.uid),
    groups: strs(user.groups),
    extra: extra && Object.fromEntries(Object.entries(extra).map(([key, list]) => [key, strs(list) ?? []])),
  };
};

/**
 * An audit event with every field Watchkeeper reads of its documented type; fields of another type
 * are left out, as if absent (`"groups": 5` is no groups, not a crash).
 */
export function readAuditEvent(event: AuditEvent): AuditEvent {
  const e = event as Obj;
  const ref = obj(e.objectRef);
  const status = obj(e.responseStatus);
  return {
    kind: str(e.kind),
    apiVersion: str(e.apiVersion),
    level: str(e.level),
    auditID: str(e.auditID),
    stage: str(e.stage),
    requestURI: str(e.requestURI),
    verb: str(e.verb),
    user: userOf(e.user),
    impersonatedUser: userOf(e.impersonatedUser),
    sourceIPs: strs(e.sourceIPs),
    userAgent: str(e.userAgent),
    objectRef: ref && {
      resource: str(ref.resource),
      namespace: str(ref.namespace),
      name: str(ref.name),
      apiGroup: str(ref.apiGroup),
      apiVersion: str(ref.apiVersion),
      subresource: str(ref.subresource),
    },
    responseStatus: status && {
      code: num(status.code),
      status: str(status.status),
      reason: str(status.reason),
      message: str(status.message),
    },
    requestObject: obj(e.requestObject),
    responseObject: obj(e.responseObject),
    requestReceivedTimestamp: str(e.requestReceivedTimestamp),
    stageTimestamp: str(e.stageTimestamp),
    annotations: stringMap(e.annotations),
  };
}

/**
 * True for anything shaped like an audit.k8s.io Event: by its envelope (`kind: Event` with the audit
 * API version or none), or, as some forwarders and SIEM pipelines strip it, by the fields only an audit
 * event has together (auditID, verb, requestURI and user).
 */
export function isAuditEvent(value: unknown): value is AuditEvent {
  const v = value as AuditEvent;
  if (typeof v !== 'object' || v === null) return false;
  if (v.kind === 'Event')
    return (
      (typeof v.apiVersion !== 'string' || v.apiVersion.startsWith('audit.k8s.io')) &&
      (typeof v.auditID === 'string' || typeof v.verb === 'string')
    );
  return (
    v.kind === undefined &&
    typeof v.auditID === 'string' &&
    typeof v.verb === 'string' &&
    typeof v.requestURI === 'string' &&
    typeof v.user === 'object' &&
    v.user !== null
  );
}
