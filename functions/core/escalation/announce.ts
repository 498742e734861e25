import { updateNotification } from '../collaboration/events.ts';
import type { Incident } from '../incidents/types.ts';
import { resolvedNotification, statusNotification } from './messages.ts';
import type { Notifier } from '../notifications/ports.ts';

/** The business-status pseudo-team (its own topic, never paged). */
export const BUSINESS_TOPIC = 'business';

/**
 * Tell everyone who was paged that an incident is resolved (silenced, merged into another, or not),
 * its ticket's tracker, and the business topic when a critical incident is over.
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
  // One merged into another is not restored: the other carries the outage on (and announces its end).
  if (incident.severity === 'critical' && incident.statusAnnounced && !incident.mergedInto) {
    await notifier.publish(statusNotification(incident, 'restored', BUSINESS_TOPIC));
    sent++;
  }
  return sent;
}
