import { createHmac } from 'node:crypto';
import { severityRank } from '../vocabulary.ts';
import type { Incident, TicketRef } from '../incidents/types.ts';
import { leadOf, occurrences, probableCause, where } from '../incidents/describe.ts';
import { plainText } from '../render/inert.ts';
import type { Line } from '../render/markup.ts';
import { item, label, line, link } from '../render/markup.ts';

/** What a new ticket says, before a tracker writes it (core/render: GitHub Markdown, Jira paragraphs). */
export interface TicketContent {
  /** One plain line (trackers show titles as text). */
  readonly title: string;
  readonly lines: readonly Line[];
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
  /** What finds it again ({@link ticketMarker}). */
  readonly marker: string;
}

/**
 * The marker in every ticket that names what it was filed for: after a crash between the tracker's
 * answer and the store write, the ticket is found by it instead of being filed twice. It carries an
 * HMAC of what it names under the stack's secret (the link key), so text that reaches a tracker from
 * an alert cannot forge one and have another incident adopt its ticket.
 */
export function ticketMarker(filing: Pick<Filing, 'incidentId' | 'kind'>, key: string): string {
  const mac = createHmac('sha256', key).update(`${filing.kind}:${filing.incidentId}`).digest('base64url');
  return `watchkeeper-${filing.kind}:${filing.incidentId}:${mac.slice(0, 22)}`;
}

/** Tracker titles stay short (Jira's summary allows 255 characters). */
const TITLE_MAX = 200;

/** The ticket of an incident: title, what happened, where, its alerts, the runbook. Pure. */
export function ticketContent(incident: Incident, links: TicketLinks, labels: readonly string[]): TicketContent {
  const lead = leadOf(incident);
  const cause = probableCause(incident);
  const title = `[${incident.severity}] ${incident.title}${incident.title.includes(incident.cluster) ? '' : ` on ${incident.cluster}`}`;
  const lines: Line[] = [
    line(label('What happened:'), ' ', lead?.title ?? incident.title, ': ', incident.summary),
    line(),
    item(`Severity: ${incident.severity} (${incident.category}, ${incident.component})`),
    item('Cluster: ', incident.cluster),
    item('Where: ', where(incident)),
    ...(cause ? [item('Probable cause: ', cause)] : []),
    item(`Since: ${incident.firstSeen}, ${occurrences(incident)} occurrences`),
    item('Owner team: ', incident.team),
    line(),
    line(`Alerts (${incident.alerts.length}):`),
    ...incident.alerts
      .slice(0, 20)
      .map((a) => item(a.title, ...(a.subject ? [' (', a.subject, ')'] : []), `: ${a.severity}, ${a.count}×`)),
    line(),
    line('Incident: ', link(links.incidentUrl)),
    line('Runbook: ', incident.runbook),
  ];
  return { title: shortTitle(title), lines, labels };
}

const shortTitle = (title: string) => plainText(title, TITLE_MAX);

/** Lines of a review filed as a ticket, at most (the whole review is on the incident's page). */
export const REVIEW_LINES_MAX = 400;

/** The post-incident review of a resolved incident as one ticket: the review's lines and the incident's link. Pure. */
export function reviewTicketContent(
  incident: Incident,
  review: readonly Line[],
  links: TicketLinks,
  labels: readonly string[],
): TicketContent {
  const cut = review.length > REVIEW_LINES_MAX;
  const lines: Line[] = [
    ...review.slice(0, REVIEW_LINES_MAX),
    ...(cut ? [line(), line("… cut here: the whole review is on the incident's page.")] : []),
    line(),
    line('Incident: ', link(links.incidentUrl)),
  ];
  return { title: shortTitle(`Post-incident review: ${incident.title}`), lines, labels };
}

/** The next thing a ticket needs, to say what its incident says now. */
export type TicketStep =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'comment' | 'close' | 'reopen';
      readonly lines: readonly Line[];
      readonly told: TicketRef['told'];
    };

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
      lines: [
        line(
          'Resolved by ',
          incident.resolvedBy ?? 'watchkeeper',
          ` at ${incident.resolvedAt ?? '-'}: `,
          incident.resolution ?? '-',
        ),
      ],
      told: { ...toldAtCreation(incident), closed: true },
    };
  if (incident.status !== 'resolved' && told.closed)
    return {
      kind: 'reopen',
      lines: [line(`The incident came back at ${incident.lastSeen} and is ${incident.status} again.`)],
      told: { ...toldAtCreation(incident), closed: false },
    };
  const known = new Set(told.alerts);
  const joined = incident.alerts.filter((a) => !known.has(a.id));
  const lines = joined.map((a) =>
    line(
      'Alert joined: ',
      a.title,
      ...(a.subject ? [' (', a.subject, ')'] : []),
      `, ${a.severity}${a.symptom ? ', a symptom' : ''}`,
    ),
  );
  if (severityRank(incident.severity) < severityRank(told.severity))
    lines.push(line(`Severity raised from ${told.severity} to ${incident.severity}.`));
  if (incident.status === 'acknowledged' && !told.acknowledged)
    lines.push(line('Acknowledged by ', incident.acknowledgedBy ?? '-', ` at ${incident.acknowledgedAt ?? '-'}.`));
  if (lines.length === 0) return { kind: 'none' };
  return {
    kind: 'comment',
    lines,
    told: {
      severity: severityRank(incident.severity) < severityRank(told.severity) ? incident.severity : told.severity,
      alerts: [...told.alerts, ...joined.map((a) => a.id)],
      acknowledged: told.acknowledged || incident.status === 'acknowledged',
      closed: false,
    },
  };
}
