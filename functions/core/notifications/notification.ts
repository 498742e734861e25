import type { Incident } from '../incidents/types.ts';

/** What kind of notification a message is. */
export type NotificationKind = 'page' | 'last-resort' | 'resolved' | 'status' | 'update' | 'ticket' | 'review';

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
export const SUBJECT_MAX = 100;

export const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** An SMS body: as much of the text as fits, never cutting the incident id at its end. */
export function smsBody(text: string, incidentId: string): string {
  const suffix = ` id:${incidentId}`;
  return `${cut(text.replace(/\s+/g, ' ').trim(), SMS_MAX - suffix.length)}${suffix}`;
}

/** Message attributes of a notification about an incident: what subscription filter policies match. */
export function attributesOf(
  incident: Incident,
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
