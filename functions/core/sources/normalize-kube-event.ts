import { redactText } from '../redaction/redact-text.ts';
import { eventFacts } from './audit-facts.ts';
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

/** Normalize a Kubernetes Event into a candidate. */
export function normalizeKubeEvent(event: KubeEvent, cluster: string, id: string, fallbackTime: number): Candidate {
  const facts: Record<string, Fact> = {};
  eventFacts(event as Record<string, unknown>, facts);
  const involved = event.involvedObject ?? event.regarding ?? {};
  const message = redactText(String(facts['event.message']));
  facts['event.message'] = message;
  facts.namespace = involved.namespace ?? event.metadata?.namespace;
  facts.name = involved.name;
  facts.kind = involved.kind;
  const when = Date.parse(event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? '');
  return {
    source: 'k8s-event',
    cluster,
    eventId: event.metadata?.uid ? `${event.metadata.uid}:${facts['event.count']}` : id,
    occurredAt: new Date(Number.isNaN(when) ? fallbackTime : when).toISOString(),
    actor: { username: event.source?.component ?? event.reportingController ?? 'kubernetes' },
    resource: { kind: involved.kind, namespace: involved.namespace, name: involved.name },
    message: `${event.reason ?? ''}: ${message}`,
    facts,
  };
}
