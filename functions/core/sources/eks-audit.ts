import type { AuditEvent } from './audit-event.ts';
import { isAuditEvent, readAuditEvent } from './audit-event.ts';
import { requestObjectFacts } from './audit-facts.ts';
import { InvalidInputError } from './errors.ts';
import { idOf, isoOf, str, timeOf } from './read.ts';
import { ipScope } from './ip-scope.ts';
import { defineSource } from './source-module.ts';
import type { Actor, Candidate, Fact, RawLogEvent } from './types.ts';

/** Verbs that change objects; request-object facts are read only for these. */
const WRITE_VERBS = new Set(['create', 'update', 'patch']);

/**
 * What kind of principal made a request: `anonymous`, `node`, `serviceaccount`, `system`
 * (control-plane components and EKS-managed identities) or `human`.
 */
export function principalKind(username: string, groups: readonly string[] = []): string {
  if (username === 'system:anonymous' || groups.includes('system:unauthenticated')) return 'anonymous';
  if (username.startsWith('system:node:') || groups.includes('system:nodes')) return 'node';
  if (username.startsWith('system:serviceaccount:')) return 'serviceaccount';
  if (username.startsWith('system:') || username.startsWith('eks:') || username === 'kube-apiserver-kubelet-client') {
    return 'system';
  }
  return 'human';
}

/**
 * The actor of an audit event, with the IAM identity EKS adds under `user.extra`. When the
 * request impersonated someone, the actor is the impersonated user (whose rights were used)
 * and `impersonatedBy` names the real caller.
 */
export function auditActor(event: AuditEvent): Actor {
  const user = event.user ?? {};
  const extra = user.extra ?? {};
  const first = (key: string): string | undefined => extra[key]?.[0];
  const impersonated = event.impersonatedUser?.username;
  return {
    username: String(impersonated ?? user.username ?? ''),
    uid: impersonated ? undefined : user.uid,
    groups: impersonated ? event.impersonatedUser?.groups : user.groups,
    impersonatedBy: impersonated ? user.username : undefined,
    arn: first('arn') ?? first('canonicalArn'),
    accessKeyId: first('accessKeyId'),
    sessionName: first('sessionName'),
    sourceIPs: event.sourceIPs,
    userAgent: event.userAgent,
  };
}

/**
 * Normalize an audit.k8s.io Event into a candidate. Returns `undefined` for the
 * `RequestReceived` stage (the same request is seen again when it completes).
 */
export function normalizeAuditEvent(input: AuditEvent, cluster: string, fallbackTime: number): Candidate | undefined {
  const event = readAuditEvent(input);
  if (typeof event.verb !== 'string' || typeof event.user?.username !== 'string') {
    throw new InvalidInputError('audit event lacks verb or user.username');
  }
  if (event.stage === 'RequestReceived') return undefined;
  const ref = event.objectRef ?? {};
  const resource = ref.resource ?? '';
  const actor = auditActor(event);
  const responseCode = event.responseStatus?.code;
  const responseName = str((event.responseObject?.metadata as { name?: unknown } | undefined)?.name);
  const name = ref.name ?? responseName;
  const groups = actor.groups ?? [];
  const facts: Record<string, Fact> = {
    verb: event.verb,
    resource,
    subresource: ref.subresource,
    namespace: ref.namespace,
    name,
    apiGroup: ref.apiGroup ?? '',
    'user.name': actor.username,
    'user.groups': groups,
    'user.kind': principalKind(actor.username, groups),
    'user.impersonatedBy': actor.impersonatedBy,
    responseCode,
    decision: event.annotations?.['authorization.k8s.io/decision'],
    reason: event.annotations?.['authorization.k8s.io/reason'],
    uri: typeof event.requestURI === 'string' ? event.requestURI.split('?')[0] : undefined,
    'source.scope': ipScope(actor.sourceIPs?.[0]),
  };
  if (WRITE_VERBS.has(event.verb) && !ref.subresource) requestObjectFacts(resource, event.requestObject, facts);
  return {
    source: 'eks-audit',
    cluster,
    // Stage-independent, so a request logged at ResponseStarted and ResponseComplete counts once.
    eventId: event.auditID ?? `audit:${event.requestReceivedTimestamp}:${event.requestURI}`,
    occurredAt: isoOf(timeOf(event.stageTimestamp), timeOf(event.requestReceivedTimestamp), fallbackTime),
    actor,
    // A Kubernetes Event is about its involved object, not about itself.
    resource:
      facts['event.reason'] !== undefined
        ? {
            kind: String(facts['event.involvedKind']),
            namespace: String(facts['event.involvedNamespace'] || ref.namespace),
            name: String(facts['event.involvedName']),
          }
        : {
            resource,
            subresource: ref.subresource,
            namespace: ref.namespace,
            name,
            apiGroup: ref.apiGroup,
            kind: typeof event.requestObject?.kind === 'string' ? event.requestObject.kind : undefined,
          },
    verb: event.verb,
    message: messageOf(event, facts),
    facts,
  };
}

/** The text rules read: a Kubernetes Event's reason and message, or a failed request's status message. */
function messageOf(event: AuditEvent, facts: Record<string, Fact>): string | undefined {
  if (facts['event.reason'] !== undefined) {
    return `${facts['event.reason']}: ${facts['event.message']}`;
  }
  const code = event.responseStatus?.code;
  const message = event.responseStatus?.message;
  return typeof code === 'number' && code >= 400 && typeof message === 'string' ? message : undefined;
}

/** Parse an audit record's JSON (unless the decoder already did). */
export function parseAuditRecord(raw: RawLogEvent): unknown {
  if (raw.parsed !== undefined) return raw.parsed;
  try {
    return JSON.parse(raw.message);
  } catch {
    throw new InvalidInputError('audit log message is not valid JSON');
  }
}

/** The Kubernetes API server audit log: `kube-apiserver-audit-*` streams, or audit events read from files. */
export const eksAudit = defineSource({
  source: 'eks-audit',
  kind: 'audit',
  logStreamPrefix: 'kube-apiserver-audit',
  detect: (doc, { location, cluster, now }) => {
    if (!isAuditEvent(doc)) return undefined;
    const id = idOf(doc.auditID, `${location.file}:${location.line ?? 0}:${location.record ?? 0}`);
    return { events: [{ id, timestamp: now, message: '', cluster, stream: 'audit', parsed: doc }], problems: [] };
  },
  normalize: (raw) => {
    const event = parseAuditRecord(raw);
    if (!isAuditEvent(event)) throw new InvalidInputError('not an audit.k8s.io Event');
    return normalizeAuditEvent(event, raw.cluster, raw.timestamp);
  },
});
