import type { IncidentChange } from '../incidents/lifecycle.ts';
import type { FiledTicket, Incident, IncidentTimelineEntry, TicketRef } from '../incidents/types.ts';
import type { Severity } from '../vocabulary.ts';
import { severityRank } from '../vocabulary.ts';
import type { ChatEvent, ChatMessage } from './chat-message.ts';
import { chatMessage } from './chat-message.ts';
import type { Filing, TicketContent } from './ticket.ts';
import { nextTicketStep, reviewTicketContent, ticketContent, ticketMarker, toldAtCreation } from './ticket.ts';
import type { Line } from '../render/markup.ts';
import type { NotificationKind } from '../notifications/notification.ts';
import { entry } from '../incidents/timeline.ts';

/** One event of a team topic, as the collaboration queue receives it. */
export interface IncidentEvent {
  /** Follows the content (see `incidentEventOf`): the same across redeliveries and republished pages. */
  readonly id: string;
  readonly kind: NotificationKind;
  readonly incidentId: string;
  /** The team whose topic carried it. */
  readonly team: string;
  /** What changed (updates). */
  readonly text?: string;
  /** The page's signed acknowledgement link. */
  readonly ackUrl?: string;
}

/** A ticket as its tracker names it. */
export interface TicketHandle {
  readonly key: string;
  readonly url: string;
}

/** A defect tracker (GitHub Issues, Jira Cloud). Each call retries what is safe to retry, then throws. */
export interface Tracker {
  readonly type: TicketRef['tracker'];
  /** For people: `GitHub acme/shop`. */
  readonly label: string;
  readonly labels: readonly string[];
  /** Reviews of resolved incidents at or above this severity are filed without being asked. */
  readonly fileReviewsFrom?: Severity;
  create(content: TicketContent, filing: Filing): Promise<TicketHandle>;
  /** The ticket filed before for an incident or its review (by its marker), if any. */
  findFiled(filing: Filing): Promise<TicketHandle | undefined>;
  comment(key: string, lines: readonly Line[]): Promise<void>;
  close(key: string, lines: readonly Line[]): Promise<void>;
  reopen(key: string, lines: readonly Line[]): Promise<void>;
}

/** A chat channel: Amazon Q Developer (through the team's chat topic) or an incoming webhook. */
export interface ChatChannel {
  /** `<team>/<name>`. */
  readonly id: string;
  send(message: ChatMessage, eventId: string): Promise<void>;
}

/** Which chat messages were posted: a redelivered event is not posted again. */
export interface PostedMessages {
  posted(eventId: string, channelId: string): Promise<boolean>;
  markPosted(eventId: string, channelId: string): Promise<void>;
}

/** What collaboration needs of the incident store. */
export interface CollaborationIncidents {
  find(id: string): Promise<Incident | undefined>;
  change(id: string, decide: (current: Incident) => IncidentChange): Promise<IncidentChange>;
  addTimelineEntry(entry: IncidentTimelineEntry): Promise<void>;
}

/** The ports of {@link Collaborator}. */
export interface CollaborationDeps {
  readonly incidents: CollaborationIncidents;
  trackerOf(team: string): Tracker | undefined;
  channelsOf(team: string): readonly ChatChannel[];
  readonly posted: PostedMessages;
  incidentUrl(id: string): string;
  /** The post-incident review draft of a resolved incident. */
  review(id: string): Promise<readonly Line[]>;
  /** The stack's secret the tickets' markers are signed with (the link key). */
  markerKey(): Promise<string>;
  readonly clock: () => number;
  /** A fresh claim token (random). */
  newClaim(): string;
}

/** A ticket being created by another try right now: this one is retried later, never files a second. */
export class TicketBusyError extends Error {
  public constructor(incidentId: string) {
    super(`the ticket of ${incidentId} is being created by another try; retry later`);
    this.name = 'TicketBusyError';
  }
}

/** A claim older than this without a ticket key is a try that crashed: the next one takes over. */
export const CLAIM_STALE_MS = 120_000;

const CHAT_EVENTS: Partial<Record<NotificationKind, ChatEvent>> = {
  page: 'page',
  'last-resort': 'last-resort',
  update: 'update',
  resolved: 'resolved',
};

/** What one event did. */
export interface CollaborationOutcome {
  readonly posted: number;
  readonly ticket?: 'created' | 'adopted' | 'comment' | 'close' | 'reopen';
  /** The post-incident review's ticket. */
  readonly review?: 'created' | 'adopted';
}

/**
 * Chat threads and tickets follow an incident: every event of a team topic posts to the team's
 * channels (once per event and channel), and brings the owner team's ticket up to date with the
 * incident as it is now (created once — claimed on the incident first —, commented on, closed,
 * reopened). Failures are recorded on the timeline and thrown, so the queue retries them.
 */
export class Collaborator {
  public constructor(private readonly deps: CollaborationDeps) {}

  public async handle(event: IncidentEvent): Promise<CollaborationOutcome> {
    const incident = await this.deps.incidents.find(event.incidentId);
    if (!incident) return { posted: 0 };
    const errors: Error[] = [];
    const posted = await this.postToChat(incident, event).catch((error: Error) => {
      errors.push(error);
      return 0;
    });
    const failed = async (error: Error) => {
      if (!(error instanceof TicketBusyError)) await this.recordFailure(incident, event, error);
      errors.push(error);
      return undefined;
    };
    const ticket = await this.syncTicket(incident, event).catch(failed);
    const review = await this.fileReview(event).catch(failed);
    if (errors.length > 0) throw errors.length === 1 ? errors[0] : new AggregateError(errors, errors.join('; '));
    return { posted, ticket, review };
  }

  private async postToChat(incident: Incident, event: IncidentEvent): Promise<number> {
    const chatEvent = CHAT_EVENTS[event.kind];
    if (!chatEvent) return 0;
    const message = chatMessage(
      incident,
      chatEvent,
      { incidentUrl: this.deps.incidentUrl(incident.id), ackUrl: event.ackUrl },
      event.text,
    );
    let posted = 0;
    const failures: string[] = [];
    for (const channel of this.deps.channelsOf(event.team)) {
      if (await this.deps.posted.posted(event.id, channel.id)) continue;
      try {
        await channel.send(message, event.id);
        await this.deps.posted.markPosted(event.id, channel.id);
        posted++;
      } catch (error) {
        failures.push(`${channel.id}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`chat failed (${failures.join('; ')})`);
    return posted;
  }

  private async syncTicket(incident: Incident, event: IncidentEvent): Promise<CollaborationOutcome['ticket']> {
    const team = incident.ticket?.team ?? (event.kind === 'ticket' ? event.team : undefined);
    const tracker = team ? this.deps.trackerOf(team) : undefined;
    if (!team || !tracker) return undefined;
    let current = incident;
    let outcome: CollaborationOutcome['ticket'];
    if (!current.ticket?.key) {
      if (!current.ticket && current.status === 'resolved') return undefined;
      const filed = await this.fileTicket(current, team, tracker);
      current = filed.incident;
      outcome = filed.outcome;
    }
    const ticket = current.ticket;
    if (!ticket?.key) return outcome;
    const step = nextTicketStep(current, ticket.told);
    if (step.kind === 'none') return outcome;
    await tracker[step.kind](ticket.key, step.lines);
    await this.deps.incidents.change(current.id, (latest) => ({
      outcome: 'updated',
      next: { ...latest, ticket: { ...ticket, ...latest.ticket, told: step.told }, version: latest.version + 1 },
      timeline:
        step.kind === 'comment'
          ? []
          : [
              entry(
                latest.id,
                this.deps.clock(),
                'ticket',
                'watchkeeper',
                `${step.kind}-${ticket.key}-${latest.resolvedAt ?? latest.lastSeen}`,
                `${step.kind === 'close' ? 'Closed' : 'Reopened'} ${tracker.label} ${ticket.key}`,
                { key: ticket.key, url: ticket.url },
              ),
            ],
      escalate: false,
    }));
    return outcome ?? step.kind;
  }

  /**
   * The review of a resolved incident as one ticket of its owner team's tracker: when asked (a
   * `review` event) or, for severe enough incidents, when it resolves. Filed once across retries.
   */
  private async fileReview(event: IncidentEvent): Promise<CollaborationOutcome['review']> {
    if (event.kind !== 'review' && event.kind !== 'resolved' && event.kind !== 'update') return undefined;
    // Read again: the incident ticket's comments may have changed it since.
    const incident = await this.deps.incidents.find(event.incidentId);
    const tracker = incident && this.deps.trackerOf(incident.team);
    if (!incident || !tracker || incident.status !== 'resolved' || incident.mergedInto) return undefined;
    if (incident.reviewTicket?.key) return undefined;
    const wanted =
      event.kind === 'review' ||
      (tracker.fileReviewsFrom !== undefined &&
        severityRank(incident.severity) <= severityRank(tracker.fileReviewsFrom));
    if (!wanted) return undefined;
    const review = await this.deps.review(incident.id);
    const filed = await this.file(incident, incident.team, tracker, 'review', (claimed) =>
      reviewTicketContent(claimed, review, { incidentUrl: this.deps.incidentUrl(claimed.id) }, tracker.labels),
    );
    return filed.outcome;
  }

  /** Claim the ticket on the incident, then find the one a crashed try filed, or file it. */
  private fileTicket(incident: Incident, team: string, tracker: Tracker) {
    return this.file(incident, team, tracker, 'incident', (claimed) =>
      ticketContent(claimed, { incidentUrl: this.deps.incidentUrl(claimed.id) }, tracker.labels),
    );
  }

  /**
   * One ticket for an incident or its review: claimed on the incident item first (a second try
   * waits), then found by its marker if a crashed try filed it, or filed; its key stored after.
   */
  private async file(
    incident: Incident,
    team: string,
    tracker: Tracker,
    kind: Filing['kind'],
    content: (claimed: Incident) => TicketContent,
  ): Promise<{ incident: Incident; outcome: 'created' | 'adopted' }> {
    const field = kind === 'incident' ? 'ticket' : 'reviewTicket';
    const now = this.deps.clock();
    const claim = this.deps.newClaim();
    const claimed = await this.deps.incidents.change(incident.id, (latest) => {
      const held = latest[field];
      const stale = held && !held.key && now - Date.parse(held.claimedAt) >= CLAIM_STALE_MS;
      if (held && !stale) return { outcome: 'unchanged', next: latest, timeline: [], escalate: false };
      const filed: FiledTicket = { team, tracker: tracker.type, claimedAt: new Date(now).toISOString(), claim };
      const next =
        kind === 'incident'
          ? { ...latest, ticket: { ...filed, told: toldAtCreation(latest) } }
          : { ...latest, reviewTicket: filed };
      return { outcome: 'updated', next: { ...next, version: latest.version + 1 }, timeline: [], escalate: false };
    });
    const held = claimed.next[field];
    if (held?.key) return { incident: claimed.next, outcome: 'adopted' };
    if (held?.claim !== claim) throw new TicketBusyError(incident.id);
    const filing: Filing = {
      incidentId: incident.id,
      kind,
      marker: ticketMarker({ incidentId: incident.id, kind }, await this.deps.markerKey()),
    };
    const found = await tracker.findFiled(filing);
    const handle = found ?? (await tracker.create(content(claimed.next), filing));
    const what = kind === 'incident' ? `for ${team}` : 'with the post-incident review';
    const stored = await this.deps.incidents.change(incident.id, (latest) => ({
      outcome: 'updated',
      next: {
        ...latest,
        [field]: { ...(latest[field] ?? held), key: handle.key, url: handle.url },
        version: latest.version + 1,
      },
      timeline: [
        entry(
          latest.id,
          this.deps.clock(),
          'ticket',
          'watchkeeper',
          `${kind === 'incident' ? 'open' : 'review'}-${handle.key}`,
          `${found ? 'Found' : 'Opened'} ${tracker.label} ${handle.key} ${what}`,
          { key: handle.key, url: handle.url, team, kind },
        ),
      ],
      escalate: false,
    }));
    return { incident: stored.next, outcome: found ? 'adopted' : 'created' };
  }

  private async recordFailure(incident: Incident, event: IncidentEvent, error: Error): Promise<void> {
    await this.deps.incidents.addTimelineEntry(
      entry(
        incident.id,
        this.deps.clock(),
        'ticket',
        'watchkeeper',
        `failed-${event.id}`,
        `The tracker failed (${error.message}); retried with backoff, then kept in the dead-letter queue`,
        { event: event.kind },
      ),
    );
  }
}
