import { eventFacts } from './audit-facts.ts';
import { InvalidInputError } from './errors.ts';
import { idOf, isoOf, obj, str, text, timeOf } from './read.ts';
import type { Obj } from './read.ts';
import { defineSource } from './source-module.ts';
import type { Candidate, Fact } from './types.ts';

/** The parts of a core/v1 (or events.k8s.io/v1) Event that Watchkeeper reads. */
export interface KubeEvent {
  kind?: string;
  apiVersion?: string;
  metadata?: { name?: string; namespace?: string; uid?: string };
  involvedObject?: { kind?: string; namespace?: string; name?: string };
  regarding?: { kind?: string; namespace?: string; name?: string };
  reason?: string;
  message?: string;
  note?: string;
  type?: string;
  source?: { component?: string; host?: string };
  reportingController?: string;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
}

/** True for a Kubernetes Event object (not an audit event). */
export function isKubeEvent(value: unknown): value is KubeEvent {
  const v = value as KubeEvent;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.kind === 'Event' &&
    (v.apiVersion === 'v1' || v.apiVersion === 'events.k8s.io/v1' || v.involvedObject !== undefined)
  );
}

/** Normalize a Kubernetes Event into a candidate; fields of another type than documented count as absent. */
export function normalizeKubeEvent(input: KubeEvent, cluster: string, id: string, fallbackTime: number): Candidate {
  const event = input as Obj;
  const facts: Record<string, Fact> = {};
  eventFacts(event, facts);
  const involved = obj(event.involvedObject) ?? obj(event.regarding) ?? {};
  const metadata = obj(event.metadata);
  const uid = str(metadata?.uid);
  const kind = str(involved.kind);
  const namespace = str(involved.namespace) ?? str(metadata?.namespace);
  const name = str(involved.name);
  Object.assign(facts, { namespace, name, kind });
  return {
    source: 'k8s-event',
    cluster,
    eventId: uid ? `${uid}:${facts['event.count']}` : id,
    occurredAt: isoOf(
      timeOf(event.lastTimestamp) ?? timeOf(event.eventTime) ?? timeOf(event.firstTimestamp),
      fallbackTime,
    ),
    actor: { username: str(obj(event.source)?.component) ?? str(event.reportingController) ?? 'kubernetes' },
    resource: { kind, namespace: str(involved.namespace), name },
    message: `${facts['event.reason']}: ${facts['event.message']}`,
    facts,
  };
}

/** Kubernetes Events (core/v1 and events.k8s.io/v1) read directly, from files or `kubectl get events -o json`. */
export const kubeEvents = defineSource({
  source: 'k8s-event',
  kind: 'k8s-event',
  detect: (doc, { cluster, now }) => {
    if (!isKubeEvent(doc)) return undefined;
    const metadata = obj(doc.metadata);
    const id = `k8s-event:${idOf(metadata?.uid, `${text(metadata?.namespace)}/${text(metadata?.name)}`)}`;
    return { events: [{ id, timestamp: now, message: '', cluster, stream: 'k8s-event', parsed: doc }], problems: [] };
  },
  normalize: (raw) => {
    if (!isKubeEvent(raw.parsed)) throw new InvalidInputError('not a Kubernetes Event');
    return normalizeKubeEvent(raw.parsed, raw.cluster, raw.id, raw.timestamp);
  },
});
