import type { Incident } from '../incidents/types.ts';
import type { Notification } from '../notifications/notification.ts';
import { attributesOf, smsBody } from '../notifications/notification.ts';
import { PLAIN, snsSubject } from '../render/destinations.ts';
import type { Notifier } from '../notifications/ports.ts';

/** What changed on an incident that its chat threads and its ticket are told of (pages and resolutions aside). */
export type IncidentUpdate = 'alert-joined' | 'acknowledged' | 'resolved';

/**
 * The audience of notifications meant for integrations only (chat, trackers): no person's
 * subscription allows it, so nobody's phone rings for an update.
 */
export const INTEGRATION_AUDIENCE = 'integration';

/** The JSON every integration body carries: the event; the integration reads the incident itself. */
function integrationNotification(
  incident: Incident,
  team: string,
  kind: 'update' | 'ticket' | 'review',
  text: string,
  change?: IncidentUpdate,
): Notification {
  const json = JSON.stringify({ kind, incidentId: incident.id, team, change, text });
  const subject = snsSubject(`[${kind.toUpperCase()}] ${incident.title}: ${text}`);
  return {
    team,
    kind,
    incidentId: incident.id,
    subject,
    bodies: {
      default: `${subject}\n\nIncident id ${incident.id}`,
      email: `${subject}\n\nIncident id ${incident.id}`,
      sms: smsBody(PLAIN.text(text), incident.id),
      https: json,
      lambda: json,
      sqs: json,
    },
    attributes: { ...attributesOf(incident, team, kind, 0, [INTEGRATION_AUDIENCE]), ...(change ? { change } : {}) },
  };
}

/** Tell a team's chat threads and ticket that an incident changed. */
export function updateNotification(incident: Incident, team: string, change: IncidentUpdate, text: string) {
  return integrationNotification(incident, team, 'update', text, change);
}

/** Ask for the owner team's ticket of an incident (created once, commented on after). */
export function ticketNotification(incident: Incident, ownerTeam: string): Notification {
  return integrationNotification(incident, ownerTeam, 'ticket', `ticket for ${ownerTeam} (${incident.severity})`);
}

/** Ask for the post-incident review of a resolved incident as a ticket of its owner team's tracker. */
export function reviewNotification(incident: Incident): Notification {
  return integrationNotification(incident, incident.team, 'review', `post-incident review for ${incident.team}`);
}

/**
 * Tell the integrations of an incident that it changed: the paged teams that have chat channels,
 * and the team whose tracker holds its ticket. Returns how many notifications were published.
 */
export async function announceUpdate(
  incident: Incident,
  change: IncidentUpdate,
  text: string,
  notifier: Notifier,
  chatTeams: readonly string[],
): Promise<number> {
  const teams = new Set((incident.pagedTeams ?? []).filter((t) => chatTeams.includes(t)));
  if (incident.ticket) teams.add(incident.ticket.team);
  for (const team of teams) await notifier.publish(updateNotification(incident, team, change, text));
  return teams.size;
}
