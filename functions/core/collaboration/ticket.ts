import { severityRank } from '../vocabulary.ts';
import type { Incident, TicketRef } from '../incidents/types.ts';
import { leadOf, occurrences, probableCause, where } from '../incidents/describe.ts';

/** What a new ticket says. */
export interface TicketContent {
  readonly title: string;
  /** Markdown (GitHub) — Jira gets it as plain paragraphs. */
  readonly body: string;
  readonly labels: readonly string[];
}

/** Links a ticket carries. */
export interface TicketLinks {
  /** The incident in the console (or the API). */
  readonly incidentUrl: string;
}

/** What a ticket is filed for: an incident (followed until it resolves) or its post-incident review. */
export interface Filing {
  readonly incidentId: string;
  readonly kind: 'incident' | 'review';
}

/**
 * The marker in every ticket's body that names what it was filed for: after a crash between the
 * tracker's answer and the store write, the ticket is found by it instead of being filed twice.
 */
export const ticketMarker = (filing: Filing): string => `watchkeeper-${filing.kind}:${filing.incidentId}`;

/** Tracker titles stay short (Jira's summary allows 255 characters). */
const TITLE_MAX = 200;

/** The ticket of an incident: title, what happened, where, its alerts, the runbook and the marker. Pure. */
export function ticketContent(incident: Incident, links: TicketLinks, labels: readonly string[]): TicketContent {
  const lead = leadOf(incident);
  const cause = probableCause(incident);
  const title = `[${incident.severity}] ${incident.title}${incident.title.includes(incident.cluster) ? '' : ` on ${incident.cluster}`}`;
  const body = [
    `**${lead?.title ?? incident.title}**: ${incident.summary}`,
    '',
    `- Severity: ${incident.severity} (${incident.category}, ${incident.component})`,
    `- Cluster: ${incident.cluster}`,
    `- Where: ${where(incident)}`,
    ...(cause ? [`- Probable cause: ${cause}`] : []),
    `- Since: ${incident.firstSeen}, ${occurrences(incident)} occurrences`,
    `- Owner team: ${incident.team}`,
    '',
    `Alerts (${incident.alerts.length}):`,
    ...incident.alerts
      .slice(0, 20)
      .map((a) => `- ${a.title}${a.subject ? ` (${a.subject})` : ''}: ${a.severity}, ${a.count}×`),
    '',
    `Incident: ${links.incidentUrl}`,
    `Runbook: ${incident.runbook}`,
    '',
    `<!-- ${ticketMarker({ incidentId: incident.id, kind: 'incident' })} -->`,
  ].join('\n');
  return { title: shortTitle(title), body, labels };
}

const shortTitle = (title: string) => (title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title);

/** Jira keeps 32,767 characters of a description; GitHub 65,536 of a body. */
export const REVIEW_BODY_MAX = 30_000;

/**
 * The post-incident review of a resolved incident as one ticket: the review's Markdown (cut to what
 * every tracker keeps), the incident's link (its page shows the whole review) and the marker. Pure.
 */
export function reviewTicketContent(
  incident: Incident,
  markdown: string,
  links: TicketLinks,
  labels: readonly string[],
): TicketContent {
  const review =
    markdown.length > REVIEW_BODY_MAX
      ? `${markdown.slice(0, REVIEW_BODY_MAX)}\n\n… cut here: the whole review is on the incident's page.`
      : markdown;
  const body = [
    review,
    '',
    `Incident: ${links.incidentUrl}`,
    '',
    `<!-- ${ticketMarker({ incidentId: incident.id, kind: 'review' })} -->`,
  ].join('\n');
  return { title: shortTitle(`Post-incident review: ${incident.title}`), body, labels };
}

/** The next thing a ticket needs, to say what its incident says now. */
export type TicketStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'comment' | 'close' | 'reopen'; readonly text: string; readonly told: TicketRef['told'] };

/** What a fresh ticket of this incident has been told (everything in its body). */
export function toldAtCreation(incident: Incident): TicketRef['told'] {
  return {
    severity: incident.severity,
    alerts: incident.alerts.map((a) => a.id),
    acknowledged: incident.status !== 'open',
    closed: false,
  };
}

/**
 * Compare what a ticket was told with the incident: one comment for every change since (alerts that
 * joined, a higher severity, the acknowledgement), closing it with the resolution, reopening it when
 * the incident came back. Pure.
 */
export function nextTicketStep(incident: Incident, told: TicketRef['told']): TicketStep {
  if (incident.status === 'resolved' && !told.closed)
    return {
      kind: 'close',
      text: `Resolved by ${incident.resolvedBy ?? 'watchkeeper'} at ${incident.resolvedAt ?? '-'}: ${incident.resolution ?? '-'}`,
      told: { ...toldAtCreation(incident), closed: true },
    };
  if (incident.status !== 'resolved' && told.closed)
    return {
      kind: 'reopen',
      text: `The incident came back at ${incident.lastSeen} and is ${incident.status} again.`,
      told: { ...toldAtCreation(incident), closed: false },
    };
  const known = new Set(told.alerts);
  const joined = incident.alerts.filter((a) => !known.has(a.id));
  const lines = joined.map(
    (a) =>
      `Alert joined: ${a.title}${a.subject ? ` (${a.subject})` : ''}, ${a.severity}${a.symptom ? ', a symptom' : ''}`,
  );
  if (severityRank(incident.severity) < severityRank(told.severity))
    lines.push(`Severity raised from ${told.severity} to ${incident.severity}.`);
  if (incident.status === 'acknowledged' && !told.acknowledged)
    lines.push(`Acknowledged by ${incident.acknowledgedBy ?? '-'} at ${incident.acknowledgedAt ?? '-'}.`);
  if (lines.length === 0) return { kind: 'none' };
  return {
    kind: 'comment',
    text: lines.join('\n'),
    told: {
      severity: severityRank(incident.severity) < severityRank(told.severity) ? incident.severity : told.severity,
      alerts: [...told.alerts, ...joined.map((a) => a.id)],
      acknowledged: told.acknowledged || incident.status === 'acknowledged',
      closed: false,
    },
  };
}
