import type { Incident } from '../incidents/types.ts';
import { cutText } from '../render/inert.ts';

/** What kind of notification a message is. */
export type NotificationKind = 'page' | 'last-resort' | 'resolved' | 'status' | 'update' | 'ticket' | 'review';

/** One SNS publication, adapter-neutral. */
export interface Notification {
  readonly team: string;
  readonly kind: NotificationKind;
  readonly incidentId: string;
  /** E-mail subject (`snsSubject`: one ASCII line, fewer than 100 characters). */
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

/**
 * An SMS body: as much of the text as fits, one line, never cutting the incident id at its end. The
 * text is inert already (`PLAIN`): its word joiners are what keeps SMS apps from linking addresses.
 */
export function smsBody(text: string, incidentId: string): string {
  const suffix = ` id:${incidentId}`;
  return `${cutText(text.replace(/\s+/g, ' ').trim(), SMS_MAX - suffix.length)}${suffix}`;
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
