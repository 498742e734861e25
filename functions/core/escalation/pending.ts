import type { IncidentQueue } from '../incidents/ports.ts';
import type { EscalationStarter } from './ports.ts';

/** Escalations the sweeper starts per run (a minute): bounded like a delivery's own share. */
export const PENDING_ESCALATIONS_PER_SWEEP = 100;

/**
 * Start escalations that waited (storm protection), oldest first. A start that ran but whose mark was
 * not cleared (a crash in between) starts again harmlessly: executions are named per generation and
 * severity, and a second start of the same name does nothing.
 */
export async function startPendingEscalations(
  queue: IncidentQueue,
  starter: EscalationStarter,
  limit = PENDING_ESCALATIONS_PER_SWEEP,
): Promise<number> {
  const pending = await queue.pendingEscalations(limit);
  for (const incident of pending) {
    await starter.start(incident, 'deferred');
    await queue.escalationStarted(incident);
  }
  return pending.length;
}
