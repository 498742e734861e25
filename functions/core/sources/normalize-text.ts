import { KLOG_LEVEL, parseKlog } from './klog.ts';
import { parseLogfmt } from './logfmt.ts';
import { SOURCE_OF_STREAM } from './stream-kind.ts';
import type { Actor, Candidate, Fact, RawLogEvent, ResourceRef } from './types.ts';

const isoOf = (ms: number): string => new Date(Number.isFinite(ms) ? ms : 0).toISOString();

/** Normalize an aws-iam-authenticator logfmt line. */
export function normalizeAuthenticatorLine(raw: RawLogEvent): Candidate {
  const kv = parseLogfmt(raw.message);
  const message = [kv.msg, kv.error].filter(Boolean).join(': ') || raw.message;
  const arn = kv.arn || kv.role || kv.user || undefined;
  const actor: Actor | undefined =
    arn || kv.username
      ? {
          username: kv.username ?? '',
          arn,
          accessKeyId: kv.accesskeyid || undefined,
          sessionName: kv.session || undefined,
        }
      : undefined;
  const facts: Record<string, Fact> = {
    level: kv.level ?? 'info',
    msg: kv.msg ?? '',
    error: kv.error || undefined,
    arn,
    'user.name': kv.username,
  };
  const when = kv.time ? Date.parse(kv.time) : NaN;
  return {
    source: 'eks-authenticator',
    cluster: raw.cluster,
    eventId: raw.id,
    occurredAt: isoOf(Number.isNaN(when) ? raw.timestamp : when),
    actor,
    resource: arn ? { kind: 'IAMPrincipal', name: arn } : undefined,
    message,
    facts,
  };
}

/** Normalize a klog line of kube-apiserver, the controller managers or the scheduler. */
export function normalizeKlogLine(raw: RawLogEvent): Candidate {
  const line = parseKlog(raw.message);
  const message = line.message;
  const fields: Record<string, Fact> = {};
  for (const [key, value] of Object.entries(line.fields)) fields[`kv.${key}`] = value;
  return {
    source: SOURCE_OF_STREAM[raw.stream],
    cluster: raw.cluster,
    eventId: raw.id,
    occurredAt: isoOf(raw.timestamp),
    resource: resourceOfFields(line.fields, message),
    message: Object.keys(line.fields).length > 0 ? `${message} ${formatFields(line.fields)}` : message,
    facts: { level: KLOG_LEVEL[line.level] ?? 'info', file: line.file, ...fields },
  };
}

function formatFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
}

/** The object a control-plane line is about: `pod="ns/name"`, `node="…"`, or `node "name"` in text. */
function resourceOfFields(fields: Record<string, string>, message: string): ResourceRef | undefined {
  const pod = fields.pod ?? fields.podKey;
  if (pod) {
    const [namespace, name] = pod.includes('/') ? pod.split('/', 2) : [undefined, pod];
    return { kind: 'Pod', namespace, name };
  }
  const node =
    fields.node ??
    fields.nodeName ??
    /\b[Nn]ode "?([a-z0-9][a-z0-9.-]+\.(?:internal|compute|local)[a-z0-9.-]*)"?/.exec(message)?.[1];
  if (node) return { kind: 'Node', name: node };
  if (fields.service) {
    const [namespace, name] = fields.service.includes('/') ? fields.service.split('/', 2) : [undefined, fields.service];
    return { kind: 'Service', namespace, name };
  }
  const namespace = fields.namespace ?? /namespace "?([a-z0-9-]+)"?/.exec(message)?.[1];
  if (namespace) return { kind: 'Namespace', name: namespace };
  return undefined;
}
