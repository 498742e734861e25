import type { IncidentUpdate } from '../collaboration/events.ts';
import type { Incident } from '../incidents/types.ts';

/** How an escalation starts. */
export interface EscalationStart {
  /** The first page waits this long (a possible symptom waiting for its cause). */
  readonly holdSeconds?: number;
}

/** Starts (or restarts) the escalation of an incident generation. Duplicate starts are harmless. */
export interface EscalationStarter {
  start(incident: Incident, reason: string, options?: EscalationStart): Promise<void>;
  /** Tell the incident's chat threads and ticket that it changed (nothing when it has none). */
  announce?(incident: Incident, change: IncidentUpdate, text: string): Promise<void>;
}
