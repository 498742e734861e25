import type { AlertChange, IncidentChange, IncidentStart } from './lifecycle.ts';
import type { Incident } from './types.ts';

/** What one incident receives from a delivery: how to start it if nobody has, and its alerts. */
export interface IncidentWork {
  readonly start?: IncidentStart;
  readonly alerts: AlertChange[];
}

/** What a delivery did to incidents. */
export interface IncidentReport {
  readonly results: IncidentChange[];
  readonly conflicts: number;
}

/** Where alerts are grouped: the incident store. */
export interface IncidentSink {
  /** The newest generation of each group. */
  latest(groups: readonly string[]): Promise<Map<string, Incident | undefined>>;
  /** Incidents by id, as stored (`undefined`: none with that id). */
  findMany(ids: readonly string[]): Promise<Map<string, Incident | undefined>>;
  /**
   * Apply alerts to their incidents. `known` holds incidents read earlier in the delivery (or known
   * absent): their first attempt does not read them again; a lost race reads.
   */
  applyAlertChanges(
    work: ReadonlyMap<string, IncidentWork>,
    known?: ReadonlyMap<string, Incident | undefined>,
  ): Promise<IncidentReport>;
  /** Open incidents of a cluster started at or after `since`, newest first. */
  openInCluster(cluster: string, since: string): Promise<Incident[]>;
  /** Read-decide-write one incident by id. */
  change(id: string, decide: (current: Incident) => IncidentChange): Promise<IncidentChange>;
}

/**
 * Escalations a delivery did not start itself because it already started its share (an alert
 * storm): kept on the incident and started by the sweeper, a bounded number a minute. Nothing is lost.
 */
export interface IncidentQueue {
  /** Mark an incident's escalation as waiting. */
  defer(incident: Incident): Promise<void>;
  /** Incidents whose escalation waits, oldest first (a Query on a sparse index). */
  pendingEscalations(limit: number): Promise<Incident[]>;
  /** Clear the mark once the escalation has started. */
  escalationStarted(incident: Incident): Promise<void>;
}
