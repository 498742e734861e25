import type { Alert } from '../alerts/types.ts';
import type { Audience } from './plan.ts';

/** What kind of notification a message is. */
export type NotificationKind = 'page' | 'last-resort' | 'resolved' | 'status';

/** One SNS publication, adapter-neutral. */
export interface Notification {
  readonly team: string;
  readonly kind: NotificationKind;
  readonly incidentId: string;
  /** Email subject (SNS limits it to 100 characters). */
  readonly subject: string;
  /** Bodies per protocol, published with `MessageStructure: json`. */
  readonly bodies: {
    readonly default: string;
    readonly sms: string;
    readonly email: string;
    readonly https: string;
    readonly lambda: string;
    readonly sqs: string;
  };
  /** Message attributes, for subscription filter policies. */
  readonly attributes: Readonly<Record<string, string | number | readonly string[]>>;
}

/** SMS length: one segment. */
export const SMS_MAX = 160;
const SUBJECT_MAX = 100;

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** An SMS body: as much of the text as fits, never cutting the incident id at its end. */
export function smsBody(text: string, incidentId: string): string {
  const suffix = ` id:${incidentId}`;
  return `${cut(text.replace(/\s+/g, ' ').trim(), SMS_MAX - suffix.length)}${suffix}`;
}

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
}

function where(incident: Alert): string {
  return (
    [incident.resource.namespace, incident.resource.name].filter(Boolean).join('/') || incident.resource.kind || '-'
  );
}

/** A page: short SMS, full email, JSON for HTTPS, Lambda and SQS subscribers. */
export function pageNotification(incident: Alert, options: PageOptions): Notification {
  const sev = incident.severity.toUpperCase();
  const label = options.kind === 'last-resort' ? 'UNACKNOWLEDGED' : sev;
  const headline = `[${label}] ${incident.title} on ${incident.cluster}`;
  const actors =
    incident.actors
      .map((a) => a.arn ?? a.username)
      .filter(Boolean)
      .slice(0, 5)
      .join(', ') || '-';
  const email = [
    headline,
    '',
    options.kind === 'last-resort'
      ? `Nobody acknowledged this incident after every tier was paged. You are the last resort.`
      : `You are paged as tier ${options.tier} (${options.team}${options.audience === 'escalation' ? ', escalation contact' : ''})${options.round > 0 ? `, repeat ${options.round}` : ''}.`,
    '',
    `What happened:   ${incident.summary}`,
    `Severity:        ${incident.severity} (${incident.category}, ${incident.component})`,
    `Cluster:         ${incident.cluster}`,
    `Where:           ${where(incident)}`,
    `Occurrences:     ${incident.count} since ${incident.firstSeen} (last ${incident.lastSeen})${incident.flaps ? `, came back ${incident.flaps} time(s) after resolution` : ''}`,
    `Who:             ${actors}`,
    `Owner team:      ${incident.team}`,
    `Rule:            ${incident.rule}`,
    '',
    `Acknowledge (no login needed): ${options.ackUrl}`,
    `Incident:        ${options.incidentUrl}`,
    `Runbook:         ${incident.runbook}`,
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
    resource: incident.resource,
    team: options.team,
    ownerTeam: incident.team,
    tier: options.tier,
    round: options.round,
    audience: options.audience,
    count: incident.count,
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    rule: incident.rule,
    runbook: incident.runbook,
    ackUrl: options.ackUrl,
    incidentUrl: options.incidentUrl,
  });
  return {
    team: options.team,
    kind: options.kind,
    incidentId: incident.id,
    subject: cut(`${headline} (${incident.count}×)`, SUBJECT_MAX),
    bodies: {
      default: email,
      email,
      sms: smsBody(`${label} ${incident.cluster} ${incident.title} ${incident.count}x ${where(incident)}`, incident.id),
      https: json,
      lambda: json,
      sqs: json,
    },
    attributes: attributesOf(incident, options.team, options.kind, options.tier, [options.audience]),
  };
}

/** The all-clear to a team that was paged. */
export function resolvedNotification(incident: Alert, team: string): Notification {
  const headline = `[RESOLVED] ${incident.title} on ${incident.cluster}`;
  const email = [
    headline,
    '',
    `Resolved by ${incident.resolvedBy ?? '-'} at ${incident.resolvedAt ?? '-'}: ${incident.resolution ?? '-'}`,
    `Occurrences: ${incident.count} between ${incident.firstSeen} and ${incident.lastSeen}.`,
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
    count: incident.count,
  });
  return {
    team,
    kind: 'resolved',
    incidentId: incident.id,
    subject: cut(headline, SUBJECT_MAX),
    bodies: {
      default: email,
      email,
      sms: smsBody(`RESOLVED ${incident.cluster} ${incident.title}: ${incident.resolution ?? ''}`, incident.id),
      https: json,
      lambda: json,
      sqs: json,
    },
    attributes: attributesOf(incident, team, 'resolved', 0, ['member', 'escalation']),
  };
}

/** Business status of a component on a cluster, for the business topic (never a page). */
export function statusNotification(incident: Alert, status: 'degraded' | 'restored', topicTeam: string): Notification {
  const headline = `${incident.component} on ${incident.cluster} is ${status}`;
  const text =
    status === 'degraded'
      ? `${headline}: ${incident.title}. The responsible teams are on it.`
      : `${headline}. ${incident.title} was resolved.`;
  const json = JSON.stringify({
    kind: 'status',
    status,
    component: incident.component,
    cluster: incident.cluster,
    incidentId: incident.id,
    title: incident.title,
    at: status === 'restored' ? incident.resolvedAt : incident.startedAt,
  });
  return {
    team: topicTeam,
    kind: 'status',
    incidentId: incident.id,
    subject: cut(headline, SUBJECT_MAX),
    bodies: { default: text, email: text, sms: smsBody(text, incident.id), https: json, lambda: json, sqs: json },
    attributes: { ...attributesOf(incident, topicTeam, 'status', 0, ['member']), status },
  };
}

function attributesOf(
  incident: Alert,
  team: string,
  kind: NotificationKind,
  tier: number,
  audience: readonly string[],
) {
  return {
    severity: incident.severity,
    team,
    cluster: incident.cluster,
    component: incident.component,
    category: incident.category,
    tier,
    incidentId: incident.id,
    kind,
    audience,
  };
}
