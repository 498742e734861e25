import type { Source } from '../vocabulary.ts';
import { KLOG_LEVEL, parseKlog } from './klog.ts';
import { isoOf } from './read.ts';
import { defineSource } from './source-module.ts';
import type { Candidate, Fact, RawLogEvent, ResourceRef } from './types.ts';

/** Normalize a klog line of kube-apiserver, the controller managers or the scheduler. */
export function normalizeKlogLine(source: string, raw: RawLogEvent): Candidate {
  const line = parseKlog(raw.message);
  const message = line.message;
  const fields: Record<string, Fact> = {};
  for (const [key, value] of Object.entries(line.fields)) fields[`kv.${key}`] = value;
  return {
    source: source as Candidate['source'],
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

/**
 * A control-plane component that logs in klog (`E0523 14:02:11.123456  12 file.go:123] message`,
 * plain or structured): one source per component, read from its CloudWatch Logs stream.
 */
export function klogSource<const S extends Source, const K extends string, const P extends string>(
  source: S,
  kind: K,
  logStreamPrefix: P,
) {
  return defineSource({
    source,
    kind,
    logStreamPrefix,
    normalize: (raw: RawLogEvent): Candidate => normalizeKlogLine(source, raw),
  });
}
