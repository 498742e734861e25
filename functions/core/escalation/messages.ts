import type { Incident } from '../incidents/types.ts';
import type { Notification } from '../notifications/notification.ts';
import { attributesOf, smsBody } from '../notifications/notification.ts';
import { PLAIN, snsSubject } from '../render/destinations.ts';
import { leadOf, occurrences, probableCause, where } from '../incidents/describe.ts';
import type { Audience } from './plan.ts';
import type { ChangeRecord } from '../changes/change.ts';

/** Options of a page. */
export interface PageOptions {
  readonly tier: number;
  readonly round: number;
  readonly audience: Audience;
  readonly team: string;
  readonly kind: 'page' | 'last-resort';
  /** Signed acknowledgement link. */
  readonly ackUrl: string;
  /** Link to the incident in the API. */
  readonly incidentUrl: string;
  /** The last change people made to the cluster before the incident started, if any. */
  readonly precedingChange?: ChangeRecord;
  /** The incident's actions, with a signed link to decide those that wait for a person. */
  readonly actions?: readonly PageAction[];
}

/** An action as a page shows it. */
export interface PageAction {
  readonly id: string;
  readonly kind: string;
  readonly description: string;
  readonly status: string;
  /** Approve or reject (no login needed), while it waits for a decision. */
  readonly decideUrl?: string;
}

/** Text from outside (alert titles, names, people's words) as a page's plain text shows it: inert. */
const t = (text: string | undefined): string => PLAIN.text(text ?? '');

/** At most this many actions in a page; the console lists them all. */
const PAGE_ACTIONS_MAX = 5;

/** One line per action: a link for those that wait for a decision, the status of the others. */
function actionLines(actions: readonly PageAction[]): string[] {
  if (actions.length === 0) return [];
  const lines = actions
    .slice(0, PAGE_ACTIONS_MAX)
    .map((a) =>
      a.decideUrl
        ? `  - ${t(a.description)} (${a.status}): approve or reject: ${a.decideUrl}`
        : `  - ${t(a.description)}: ${a.status}`,
    );
  if (actions.length > PAGE_ACTIONS_MAX) lines.push(`  … and ${actions.length - PAGE_ACTIONS_MAX} more in the console`);
  return ['Actions:', ...lines];
}

/** One line per alert (at most 10): rule, subject, severity, count, and whether it is a symptom. */
function alertLines(incident: Incident): string[] {
  const lines = incident.alerts
    .slice(0, 10)
    .map(
      (a) =>
        `  - ${t(a.title)}${a.subject ? ` (${t(a.subject)})` : ''}: ${a.severity}, ${a.count}×, ${a.status}${a.symptom ? ', symptom' : ''}`,
    );
  if (incident.alerts.length > 10) lines.push(`  … and ${incident.alerts.length - 10} more`);
  return lines;
}

/** A page: short SMS, full email, JSON for HTTPS, Lambda and SQS subscribers. It speaks of the incident. */
export function pageNotification(incident: Incident, options: PageOptions): Notification {
  const sev = incident.severity.toUpperCase();
  const label = options.kind === 'last-resort' ? 'UNACKNOWLEDGED' : sev;
  const headline = `[${label}] ${t(incident.title)}${incident.title.includes(incident.cluster) ? '' : ` on ${t(incident.cluster)}`}`;
  const lead = leadOf(incident);
  const related = incident.alerts.length - 1;
  const cause = probableCause(incident);
  const change = options.precedingChange;
  const email = [
    headline,
    '',
    options.kind === 'last-resort'
      ? `Nobody acknowledged this incident after every tier was paged. You are the last resort.`
      : `You are paged as tier ${options.tier} (${options.team}${options.audience === 'escalation' ? ', escalation contact' : ''})${options.round > 0 ? `, repeat ${options.round}` : ''}.`,
    '',
    `What happened:   ${t(lead?.title ?? incident.title)}: ${t(incident.summary)}`,
    `Severity:        ${incident.severity} (${incident.category}, ${incident.component})`,
    `Cluster:         ${t(incident.cluster)}`,
    ...(incident.account || incident.region
      ? [`Account:         ${incident.account ?? 'unknown'} (${incident.region ?? 'unknown region'})`]
      : []),
    `Where:           ${t(where(incident))}`,
    ...(cause ? [`Probable cause:  ${t(cause)}`] : []),
    ...(incident.policy === 'same-principal' && incident.subject ? [`Principal:       ${t(incident.subject)}`] : []),
    ...(change ? [`Changed before:  ${t(change.actor)} ${t(change.what)} at ${change.at} (${t(change.title)})`] : []),
    `Since:           ${incident.firstSeen} (last ${incident.lastSeen}), ${occurrences(incident)} occurrences${incident.flaps ? `, came back ${incident.flaps} time(s) after resolution` : ''}`,
    `Alerts:          ${incident.alerts.length}${related > 0 ? ` (the leading one and ${related} related)` : ''}`,
    ...alertLines(incident),
    `Owner team:      ${t(incident.team)}`,
    '',
    `Acknowledge (no login needed): ${options.ackUrl}`,
    `Incident:        ${options.incidentUrl}`,
    `Runbook:         ${incident.runbook}`,
    ...(incident.ticket?.url ? [`Ticket:          ${incident.ticket.url}`] : []),
    ...actionLines(options.actions ?? []),
    '',
    `Incident id ${incident.id}`,
  ].join('\n');
  const json = JSON.stringify({
    kind: options.kind,
    incidentId: incident.id,
    title: incident.title,
    summary: incident.summary,
    severity: incident.severity,
    category: incident.category,
    component: incident.component,
    cluster: incident.cluster,
    account: incident.account,
    region: incident.region,
    policy: incident.policy,
    subject: incident.subject,
    probableCause: cause,
    precedingChange: change,
    team: options.team,
    ownerTeam: incident.team,
    tier: options.tier,
    round: options.round,
    audience: options.audience,
    occurrences: occurrences(incident),
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    rule: incident.rule,
    runbook: incident.runbook,
    alerts: incident.alerts.map((a) => ({
      id: a.id,
      rule: a.rule,
      title: a.title,
      severity: a.severity,
      status: a.status,
      count: a.count,
      subject: a.subject,
      symptom: a.symptom === true,
    })),
    ackUrl: options.ackUrl,
    incidentUrl: options.incidentUrl,
    ticketUrl: incident.ticket?.url,
    actions: options.actions ?? [],
  });
  const more = related > 0 ? ` +${related} related` : '';
  return {
    team: options.team,
    kind: options.kind,
    incidentId: incident.id,
    subject: snsSubject(`${headline} (${incident.alerts.length} alert${incident.alerts.length === 1 ? '' : 's'})`),
    bodies: {
      default: email,
      email,
      sms: smsBody(
        `${label} ${t(incident.cluster)} ${t(lead?.title ?? incident.title)}${more} ${t(where(incident))}`,
        incident.id,
      ),
      https: json,
      lambda: json,
      sqs: json,
    },
    attributes: attributesOf(incident, options.team, options.kind, options.tier, [options.audience]),
  };
}

/** The all-clear to a team that was paged. */
export function resolvedNotification(incident: Incident, team: string): Notification {
  const headline = `[RESOLVED] ${t(incident.title)}${incident.title.includes(incident.cluster) ? '' : ` on ${t(incident.cluster)}`}`;
  const email = [
    headline,
    '',
    `Resolved by ${t(incident.resolvedBy ?? '-')} at ${incident.resolvedAt ?? '-'}: ${t(incident.resolution ?? '-')}`,
    `Alerts: ${incident.alerts.length}, ${occurrences(incident)} occurrences between ${incident.firstSeen} and ${incident.lastSeen}.`,
    '',
    `Incident id ${incident.id}`,
  ].join('\n');
  const json = JSON.stringify({
    kind: 'resolved',
    incidentId: incident.id,
    title: incident.title,
    cluster: incident.cluster,
    resolvedBy: incident.resolvedBy,
    resolvedAt: incident.resolvedAt,
    resolution: incident.resolution,
    alerts: incident.alerts.length,
    occurrences: occurrences(incident),
  });
  return {
    team,
    kind: 'resolved',
    incidentId: incident.id,
    subject: snsSubject(headline),
    bodies: {
      default: email,
      email,
      sms: smsBody(`RESOLVED ${t(incident.cluster)} ${t(incident.title)}: ${t(incident.resolution)}`, incident.id),
      https: json,
      lambda: json,
      sqs: json,
    },
    attributes: attributesOf(incident, team, 'resolved', 0, ['member', 'escalation']),
  };
}

/**
 * What the business is told of a component: one sentence, the same on the topic and on the public
 * status page. Only names of ours (the component, the configured cluster) and the state: no alert's
 * text, which outsiders can write.
 */
export function statusSentence(change: {
  readonly component: string;
  readonly cluster: string;
  readonly status: 'degraded' | 'restored';
}): string {
  const headline = `${PLAIN.text(change.component)} on ${PLAIN.text(change.cluster)} is ${change.status}`;
  return change.status === 'degraded' ? `${headline}. The responsible teams are on it.` : `${headline}.`;
}

/** Business status of a component on a cluster, for the business topic (never a page). */
export function statusNotification(
  incident: Incident,
  status: 'degraded' | 'restored',
  topicTeam: string,
): Notification {
  const headline = `${incident.component} on ${incident.cluster} is ${status}`;
  const text = statusSentence({ component: incident.component, cluster: incident.cluster, status });
  const json = JSON.stringify({
    kind: 'status',
    status,
    component: incident.component,
    cluster: incident.cluster,
    incidentId: incident.id,
    at: status === 'restored' ? incident.resolvedAt : incident.startedAt,
  });
  return {
    team: topicTeam,
    kind: 'status',
    incidentId: incident.id,
    subject: snsSubject(headline),
    bodies: { default: text, email: text, sms: smsBody(text, incident.id), https: json, lambda: json, sqs: json },
    attributes: { ...attributesOf(incident, topicTeam, 'status', 0, ['member']), status },
  };
}
