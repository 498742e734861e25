import { redactObject } from '../redaction/redact-object.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);

/**
 * What an object says about its trouble, never its secrets: names, labels, owners, images, node,
 * conditions and container states — no environment, no volumes, no annotations (an env value or a
 * last-applied configuration may hold a password). Redacted once more on the way out. Pure.
 */
export function describeObject(object: unknown): unknown {
  const o = obj(object);
  const meta = obj(o.metadata);
  const spec = obj(o.spec);
  const status = obj(o.status);
  const containers = list(spec.containers ?? obj(obj(spec.template).spec).containers);
  return redactObject({
    kind: o.kind,
    name: meta.name,
    namespace: meta.namespace,
    labels: meta.labels,
    owners: list(meta.ownerReferences).map((r) => `${r.kind}/${r.name}`),
    nodeName: spec.nodeName,
    unschedulable: spec.unschedulable,
    replicas: spec.replicas,
    containers: containers.map((c) => ({ name: c.name, image: c.image })),
    phase: status.phase,
    reason: status.reason,
    conditions: list(status.conditions).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
    })),
    containerStatuses: list(status.containerStatuses).map((c) => ({
      name: c.name,
      ready: c.ready,
      restartCount: c.restartCount,
      state: Object.keys(obj(c.state))[0],
      lastTerminated: obj(obj(c.lastState).terminated).reason,
    })),
    readyReplicas: status.readyReplicas,
    availableReplicas: status.availableReplicas,
  });
}

/** Events as people read them: newest last, at most 50. Pure. */
export function describeEvents(items: unknown): unknown[] {
  return list(items)
    .map((e) => ({
      type: e.type,
      reason: e.reason,
      message: e.message,
      count: e.count,
      last: e.lastTimestamp ?? e.eventTime ?? obj(e.metadata).creationTimestamp,
    }))
    .sort((a, b) => String(a.last ?? '').localeCompare(String(b.last ?? '')))
    .slice(-50)
    .map((e) => redactObject(e));
}
