import { updateNotification } from '../collaboration/events.ts';
import type { Incident } from '../incidents/types.ts';
import { resolvedNotification, statusNotification } from './messages.ts';
import type { Notifier } from './ports.ts';

/** The business-status pseudo-team (its own topic, never paged). */
export const BUSINESS_TOPIC = 'business';

/**
 * Tell everyone who was paged that an incident is resolved (silenced or not), its ticket's tracker,
 * and the business topic when a critical incident is over.
 */
export async function announceResolution(incident: Incident, notifier: Notifier): Promise<number> {
  let sent = 0;
  for (const team of incident.pagedTeams ?? []) {
    await notifier.publish(resolvedNotification(incident, team));
    sent++;
  }
  const ticketTeam = incident.ticket?.team;
  if (ticketTeam && !(incident.pagedTeams ?? []).includes(ticketTeam)) {
    // Its tracker closes the ticket; the team was never paged, so no person is told.
    await notifier.publish(
      updateNotification(incident, ticketTeam, 'resolved', `resolved: ${incident.resolution ?? ''}`),
    );
    sent++;
  }
  if (incident.severity === 'critical' && incident.statusAnnounced) {
    await notifier.publish(statusNotification(incident, 'restored', BUSINESS_TOPIC));
    sent++;
  }
  return sent;
}
