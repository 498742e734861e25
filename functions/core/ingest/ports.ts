import type { SignalAggregate } from '../alerts/aggregate.ts';
import type { ApplyResult } from '../alerts/lifecycle.ts';
import type { Problem } from '../sources/types.ts';
import type { Alert } from '../alerts/types.ts';

/** What a batch did to the store. */
export interface ApplyReport {
  readonly results: ApplyResult[];
  /** Conditional writes that lost a race and were retried. */
  readonly conflicts: number;
}

/** Where aggregated signals go: the incident store. */
export interface AlertSink {
  applyAggregates(aggregates: readonly SignalAggregate[]): Promise<ApplyReport>;
}

/** Where unreadable input is kept, with its reason. Idempotent: the same problem stored twice is one record. */
export interface QuarantineSink {
  /** Keep the problems of one delivery; returns how many were new. */
  keep(problems: readonly Problem[], delivery: string): Promise<number>;
}

/** Starts (or restarts) escalation for an incident generation. Duplicate starts are harmless. */
export interface EscalationStarter {
  start(incident: Alert, reason: string): Promise<void>;
}

/**
 * Escalations a delivery did not start itself because it already started its share (an alert
 * storm): kept on the incident and started by the sweeper, a bounded number a minute. Nothing is lost.
 */
export interface EscalationQueue {
  /** Mark an incident's escalation as waiting. */
  defer(incident: Alert): Promise<void>;
  /** Incidents whose escalation waits, oldest first (a Query on a sparse index). */
  pendingEscalations(limit: number): Promise<Alert[]>;
  /** Clear the mark once the escalation has started. */
  escalationStarted(incident: Alert): Promise<void>;
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

/** Where changes are recorded. */
export interface ChangeSink {
  record(changes: readonly ChangeRecord[]): Promise<void>;
}
