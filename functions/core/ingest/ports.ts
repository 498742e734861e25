import type { IncidentUpdate } from '../collaboration/events.ts';
import type { SignalAggregate } from '../alerts/aggregate.ts';
import type { ApplyResult } from '../alerts/lifecycle.ts';
import type { Alert } from '../alerts/types.ts';
import type { AlertChange, IncidentChange, IncidentStart } from '../incidents/lifecycle.ts';
import type { Incident } from '../incidents/types.ts';
import type { Identity } from '../attribution/identity.ts';
import type { Problem } from '../sources/types.ts';

/** What a batch did to the store. */
export interface ApplyReport {
  readonly results: ApplyResult[];
  /** Conditional writes that lost a race and were retried. */
  readonly conflicts: number;
}

/** Decides the incident of alerts that have none yet (new alerts, new generations): alert id → incident id. */
export type Homes = (alerts: readonly Alert[]) => Promise<ReadonlyMap<string, string>>;

/** Where aggregated signals go: the alert store. */
export interface AlertSink {
  /**
   * Apply aggregates, one write per fingerprint; alerts without an incident are given theirs by
   * `homes` first. `read` sees, as soon as they are read, the current alerts the aggregates will
   * change (not duplicates): what depends on them can be read beside the writes.
   */
  applyAggregates(
    aggregates: readonly SignalAggregate[],
    homes?: Homes,
    read?: (current: ReadonlyMap<string, Alert>) => void,
  ): Promise<ApplyReport>;
  /** Change one alert by id (its incident, an acknowledgement …). */
  changeAlert(id: string, decide: (current: Alert) => ApplyResult): Promise<ApplyResult>;
}

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

/** Where unreadable input is kept, with its reason. Idempotent: the same problem stored twice is one record. */
export interface QuarantineSink {
  /** Keep the problems of one delivery; returns how many were new. */
  keep(problems: readonly Problem[], delivery: string): Promise<number>;
}

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

/** One change of a cluster, for the change context of incidents. */
export interface ChangeRecord {
  readonly cluster: string;
  readonly at: string;
  readonly eventId: string;
  readonly source: string;
  readonly rule: string;
  readonly title: string;
  readonly actor: string;
  readonly what: string;
}

/** Where changes are recorded, and read back (the change behind a controller's creation). */
export interface ChangeSink {
  record(changes: readonly ChangeRecord[]): Promise<void>;
  /** Changes of a cluster between two instants, oldest first. */
  between(cluster: string, from: string, to: string, limit?: number): Promise<ChangeRecord[]>;
}

/** Who is who on each cluster (from authenticator lines). */
export interface IdentitySink {
  record(identities: readonly Identity[]): Promise<void>;
  /** The identities of a cluster by key (`uid#…`, `user#…`). */
  lookup(cluster: string, keys: readonly string[]): Promise<Map<string, Identity>>;
}
