import type { IncidentAction } from '../actions/incident-action.ts';
import type { Handling } from '../handling.ts';
import type { Routing } from '../routing.ts';
import type { AlertStatus } from '../alerts/types.ts';
import type { Source } from '../vocabulary.ts';
import type { Category, Component, Severity } from '../vocabulary.ts';

/** Incident states, in lifecycle order. */
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

/** What an incident keeps of each of its alerts: enough to page, route, silence and decide its state. */
export interface AlertRef {
  /** Alert id (`<fingerprint>.<generation>`). */
  readonly id: string;
  /** The alert's version this ref was taken at: an older change never overwrites a newer one. */
  readonly version: number;
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: AlertStatus;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly cluster: string;
  readonly namespace?: string;
  readonly component: Component;
  readonly category: Category;
  readonly team: string;
  readonly source: Source;
  /** What it is about (kind or resource, and name), for messages. */
  readonly subject?: string;
  /** True once it pages on its own (a burst rule pages from its `minCount` on). */
  readonly pages: boolean;
  /** A symptom another alert of the incident explains: shown, never paged on its own (inhibition). */
  readonly symptom?: boolean;
  /** When it joined the incident. */
  readonly joinedAt: string;
  /** When it resolved (while it is resolved). */
  readonly resolvedAt?: string;
}

/** The latest page of an incident, as the workflow records it. */
export interface Paging {
  readonly team: string;
  /** 1 for the first tier; absent for the last resort. */
  readonly tier?: number;
  readonly at: string;
  /** When the next tier pages if nobody acknowledges; absent after the last resort. */
  readonly nextDueAt?: string;
}

/** A ticket in a team's tracker, claimed before it is filed so that no retry files a second. */
export interface FiledTicket {
  readonly team: string;
  readonly tracker: 'github' | 'jira';
  /** Set once the tracker answered: `owner/name#12` or `OPS-42`. */
  readonly key?: string;
  readonly url?: string;
  /** When creating it was claimed, and by which try: another creator waits instead of filing a second. */
  readonly claimedAt: string;
  readonly claim: string;
}

/** The ticket of an incident in its owner team's tracker, as the collaboration function keeps it. */
export interface TicketRef extends FiledTicket {
  /** What the ticket was told last: each change is one comment. */
  readonly told: {
    readonly severity: Severity;
    readonly alerts: readonly string[];
    readonly acknowledged: boolean;
    readonly closed: boolean;
  };
}

/**
 * An incident: what people are paged for, acknowledge and resolve. One or more related alerts,
 * grouped by a correlation policy; one generation of one group key. Its routing is its leading alert's.
 */
export interface Incident extends Handling, Routing {
  /** `<group>.<generation>` */
  readonly id: string;
  /** Hash of the group key: the incident's partition. */
  readonly group: string;
  /** What the alerts share, readable (`same-principal|prod-eu-1|arn:aws:iam::…`). */
  readonly groupKey: string;
  /** The correlation policy that formed it (`alert` when an alert stands alone). */
  readonly policy: string;
  readonly generation: number;
  readonly status: IncidentStatus;
  /** The highest severity of its alerts (symptoms included). */
  readonly severity: Severity;
  readonly title: string;
  /** The policy's title template (`{lead}` follows the leading alert). */
  readonly titleTemplate: string;
  /** The leading alert: the most severe alert that is not a symptom (the first of equals). */
  readonly leadAlertId: string;
  /** What the group key names: the principal, the workload, the component. */
  readonly subject?: string;
  /** Every alert of the incident (at most `MAX_ALERTS_PER_INCIDENT`), in the order they joined. */
  readonly alerts: readonly AlertRef[];
  /** The severity that was last escalated; a paging alert above it re-escalates. */
  readonly escalatedSeverity?: Severity;
  /** Teams paged for it (written by the escalation workflow). */
  readonly pagedTeams?: readonly string[];
  /** Pages sent for it, every tier and repeat (written by the escalation workflow). */
  readonly pageCount?: number;
  /** The latest page (written by the escalation workflow): who, which tier, when, and when the next tier is due. */
  readonly paging?: Paging;
  /** True once the business topic was told it degrades a component. */
  readonly statusAnnounced?: boolean;
  /** True while its escalation waits for the sweeper (an alert storm's overflow). */
  readonly escalationPending?: boolean;
  /** Set when it was merged into another incident: its alerts belong there now. */
  readonly mergedInto?: string;
  /** Incidents merged into this one (their alerts are listed under their own id too). */
  readonly merged?: readonly string[];
  /** Its ticket in the owner team's tracker, once one was claimed. */
  readonly ticket?: TicketRef;
  /** Actions its alerts' rules propose: suggested, awaiting approval, run (see `actions/`). */
  readonly actions?: readonly IncidentAction[];
  /** Its post-incident review, filed as a ticket of the owner team's tracker. */
  readonly reviewTicket?: FiledTicket;
  /** Optimistic-concurrency version. */
  readonly version: number;
}

/** Kinds of incident timeline entry. */
export type IncidentTimelineKind =
  | 'created'
  | 'alert-joined'
  | 'alert-resolved'
  | 'alert-reopened'
  | 'severity-raised'
  | 'acknowledged'
  | 'note'
  | 'resolved'
  | 'reopened'
  | 'merged'
  | 'split'
  | 'escalated'
  | 'paged'
  | 'silenced'
  | 'exhausted'
  | 'ticket'
  | 'action'
  | 'chat';

/** One entry of an incident's timeline. */
export interface IncidentTimelineEntry {
  readonly incidentId: string;
  readonly at: string;
  /** Sort key within the timeline; deterministic per change, so a retry overwrites instead of adding. */
  readonly key: string;
  readonly kind: IncidentTimelineKind;
  /** Who or what did it: a person, `watchkeeper`, a source. */
  readonly by: string;
  readonly text: string;
  readonly data?: Readonly<Record<string, unknown>>;
}
