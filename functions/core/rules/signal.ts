import type { Actor, ResourceRef } from '../sources/types.ts';
import type { Source } from '../vocabulary.ts';
import type { Category, Component, Severity } from '../vocabulary.ts';

/** A classified event: what the `classify` CLI prints and what the incident store aggregates. */
export interface Signal {
  /** Rule id, or null for an unmatched event (printed with `--all`). */
  readonly rule: string | null;
  readonly title: string;
  readonly severity: Severity;
  readonly category: Category | null;
  readonly component: Component | null;
  readonly team: string | null;
  readonly source: Source;
  /** The cluster's id: its name, or `<account>/<region>/<name>` away from the home (see `origin.ts`). */
  readonly cluster: string;
  /** The AWS account and region of the cluster, where known. */
  readonly account?: string;
  readonly region?: string;
  /** Identifies the incident: cluster + rule + the rule's grouping fields. */
  readonly fingerprint: string | null;
  readonly occurredAt: string;
  /** The source's own id, used to ignore redelivery. */
  readonly eventId: string;
  readonly resource: ResourceRef;
  readonly actor: Actor;
  /** One-line explanation of the rule. */
  readonly summary: string;
  /** Path of the rule's runbook in the catalogue, null when unmatched. */
  readonly runbook: string | null;
  /** Redacted facts of this event, kept as sample evidence. */
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly quietPeriodMinutes?: number;
  readonly minCount?: number;
  /** `resolve` (the source says it is over) or `record` (note only); absent means open or add. */
  readonly action?: 'resolve' | 'record';
  /** For a `resolve`: when the episode it ends began, when the source says it fired (see Candidate). */
  readonly episodeStart?: string;
  /** Record as a change of the cluster (change context), not as an incident. */
  readonly changeOnly?: boolean;
  /** Kept only when the principal never did it before (see the rule's `firstSeen`). */
  readonly firstSeen?: boolean;
}
