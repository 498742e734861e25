import type { Alert } from '../alerts/types.ts';
import { maxSeverity, severityRank } from '../vocabulary.ts';
import type { Severity } from '../vocabulary.ts';
import type { AlertRef } from './types.ts';

/** Whether an alert pages on its own: a burst rule only from its `minCount` on. */
const alertPages = (alert: Alert): boolean => !alert.minCount || alert.count >= alert.minCount;

/** What an incident keeps of an alert. */
export function refOf(alert: Alert, symptom: boolean, joinedAt: string): AlertRef {
  const { kind, resource, namespace, name } = alert.resource;
  const subject = [kind ?? resource, [namespace, name].filter(Boolean).join('/')].filter(Boolean).join(' ');
  return {
    id: alert.id,
    version: alert.version,
    rule: alert.rule,
    title: alert.title,
    severity: alert.severity,
    status: alert.status,
    count: alert.count,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    cluster: alert.cluster,
    namespace: alert.namespace,
    component: alert.component,
    category: alert.category,
    team: alert.team,
    source: alert.source,
    subject: subject ? subject.slice(0, 300) : undefined,
    pages: alertPages(alert),
    ...(alert.status === 'resolved' && alert.resolvedAt ? { resolvedAt: alert.resolvedAt } : {}),
    ...(symptom ? { symptom: true } : {}),
    joinedAt,
  };
}

/** The leading alert: the most severe that is not a symptom (symptoms only if nothing else), first of equals. */
export function chooseLead(refs: readonly AlertRef[]): AlertRef | undefined {
  const causes = refs.filter((r) => !r.symptom);
  const pool = causes.length > 0 ? causes : refs;
  let lead: AlertRef | undefined;
  for (const ref of pool) if (!lead || severityRank(ref.severity) < severityRank(lead.severity)) lead = ref;
  return lead;
}

/**
 * The severity an incident pages at: the highest of its alerts that page, symptoms left out while an
 * alert that explains them is still open (inhibition lifts when the cause resolves).
 */
export function pagingSeverity(refs: readonly AlertRef[]): Severity | undefined {
  let severity: Severity | undefined;
  for (const ref of pagingRefs(refs)) severity = severity ? maxSeverity(severity, ref.severity) : ref.severity;
  return severity;
}

/** The alerts an incident pages for: open, paging, and not a symptom while its cause is open. */
export function pagingRefs(refs: readonly AlertRef[]): AlertRef[] {
  const causeOpen = refs.some((r) => !r.symptom && r.status !== 'resolved');
  return refs.filter((ref) => ref.pages && ref.status !== 'resolved' && !(ref.symptom && causeOpen));
}
