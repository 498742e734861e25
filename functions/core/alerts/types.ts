import type { Handling } from '../handling.ts';
import type { Routing } from '../routing.ts';
import type { Actor, ResourceRef } from '../sources/types.ts';
import type { Source } from '../vocabulary.ts';
import type { Severity } from '../vocabulary.ts';

/** Alert states, in lifecycle order. */
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/** One kept example of what happened. */
export interface EvidenceSample {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly source: Source;
  readonly actor?: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** An alert: one generation of one fingerprint. */
export interface Alert extends Handling, Routing {
  /** `<fingerprint>.<generation>` */
  readonly id: string;
  readonly fingerprint: string;
  readonly generation: number;
  readonly status: AlertStatus;
  /** The highest severity seen in this generation. */
  readonly severity: Severity;
  readonly title: string;
  readonly resource: ResourceRef;
  /** Occurrences in this generation (redeliveries excluded). */
  readonly count: number;
  /** Bounded sample of evidence, newest last. */
  readonly samples: readonly EvidenceSample[];
  /** Bounded set of distinct actors. */
  readonly actors: readonly Actor[];
  readonly quietPeriodMinutes?: number;
  /** When the sweeper resolves it if nothing new arrives. */
  readonly autoResolveAt?: string;
  /** Occurrences needed before it pages (bursts). */
  readonly minCount?: number;
  /** Severity that was last escalated, to re-escalate when it rises. */
  readonly escalatedSeverity?: Severity;
  /** Time of the last throttled "occurred again" timeline entry. */
  readonly lastRecurrenceNoteAt?: string;
  /** Teams paged for this generation (written by the escalation workflow). */
  readonly pagedTeams?: readonly string[];
  /** True once the business topic was told this incident degrades a component. */
  readonly statusAnnounced?: boolean;
  /** True while its escalation waits for the sweeper (its delivery had started its share already). */
  readonly escalationPending?: boolean;
  /** The incident it belongs to (`<group>.<generation>`), decided when it was created. */
  readonly incidentId?: string;
  /** Delivery tokens already applied, with their expiry (epoch seconds): redelivery protection. */
  readonly seen: Readonly<Record<string, number>>;
  /** Optimistic-concurrency version. */
  readonly version: number;
}

/** Kinds of timeline entry. */
export type TimelineKind =
  | 'created'
  | 'recurred'
  | 'severity-raised'
  | 'acknowledged'
  | 'note'
  | 'resolved'
  | 'reopened'
  | 'escalated'
  | 'paged'
  | 'silenced'
  | 'exhausted';

/** One entry of an alert's timeline. */
export interface TimelineEntry {
  readonly alertId: string;
  readonly at: string;
  /** Sort key within the alert's timeline; deterministic per change. */
  readonly key: string;
  readonly kind: TimelineKind;
  /** Who or what did it: a person, `watchkeeper`, a source. */
  readonly by: string;
  readonly text: string;
  readonly data?: Readonly<Record<string, unknown>>;
}
