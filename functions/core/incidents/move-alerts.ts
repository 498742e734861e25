import type { ApplyResult } from '../alerts/lifecycle.ts';
import type { Alert } from '../alerts/types.ts';
import type { AlertSink } from '../alerts/ports.ts';

/**
 * Point alerts at the incident that took them (a merge, a cause absorbing its symptoms): one write
 * each, so that every alert names its live incident. An alert that already names another incident
 * (moved meanwhile) is left alone; a retry changes nothing.
 */
export async function moveAlerts(
  alerts: AlertSink,
  ids: readonly string[],
  from: string,
  to: string,
): Promise<Alert[]> {
  const moved: Alert[] = [];
  for (const id of ids) {
    const result = await alerts.changeAlert(
      id,
      (alert): ApplyResult =>
        alert.incidentId === from
          ? {
              outcome: 'updated',
              next: { ...alert, incidentId: to, version: alert.version + 1 },
              timeline: [],
              escalate: false,
            }
          : { outcome: 'duplicate', next: alert, timeline: [], escalate: false },
    );
    if (result.outcome !== 'duplicate') moved.push(result.next);
  }
  return moved;
}
