import { randomUUID } from 'node:crypto';
import { reviewNotification } from '../core/collaboration/events.ts';
import { insightsOf } from '../core/insights/insights.ts';
import type { ReviewInput } from '../core/review/review.ts';
import { ReviewNotReadyError, reviewMarkdown } from '../core/review/review.ts';
import type { ApiDeps } from './deps.ts';
import { httpError } from '../shared/http-errors.ts';
import type { ReviewBody, ReviewFiling } from './schemas.ts';
import { changesBefore } from './summaries.ts';
import { entry } from '../core/incidents/timeline.ts';

/** Days of resolved incidents the review compares response times with. */
export const REVIEW_BASELINE_DAYS = 90;

/** What a review is drafted from: the incident, its timeline, the changes before it, recent resolutions. */
export type ReviewDeps = Pick<ApiDeps, 'incidents' | 'changes' | 'resolutions' | 'clock'>;

/**
 * What the review of an incident is drafted from: its record alone (the API and the collaboration
 * function, which files it as a ticket, both draft it from here).
 */
export async function reviewInputOf(deps: ReviewDeps, id: string): Promise<ReviewInput> {
  const incident = await deps.incidents.get(id);
  const timeline = await deps.incidents.timeline(id);
  const changes = await changesBefore(deps, incident);
  // The usual response of the team and the rule: the incidents resolved in the last 90 days (a Query per month).
  const until = new Date(deps.clock()).toISOString();
  const since = new Date(deps.clock() - REVIEW_BASELINE_DAYS * 86_400_000).toISOString();
  const { records } = await deps.resolutions.between(since, until);
  const insights = insightsOf(records, since, until);
  return {
    incident,
    timeline,
    changes,
    usual: {
      team: insights.byTeam.find((t) => t.team === incident.team),
      rule: insights.byRule.find((r) => r.rule === incident.rule),
      days: REVIEW_BASELINE_DAYS,
    },
  };
}

/**
 * The post-incident review draft of an incident, in Markdown.
 * @throws {ReviewNotReadyError} while the incident is open or acknowledged.
 */
export async function draftReview(deps: ReviewDeps, id: string): Promise<ReviewBody> {
  return { id, markdown: reviewMarkdown(await reviewInputOf(deps, id)) };
}

/** Post-incident reviews: a Markdown draft of a resolved incident, and its filing into the owner team's tracker. */
/** What the review operations read and write through. */
export type ReviewApiDeps = Pick<
  ApiDeps,
  'changes' | 'clock' | 'incidents' | 'notifier' | 'resolutions' | 'trackerTeams'
>;

export class ReviewApi {
  public constructor(private readonly deps: ReviewApiDeps) {}

  /** @throws {ReviewNotReadyError} while the incident is open or acknowledged. */
  public get(id: string): Promise<ReviewBody> {
    return draftReview(this.deps, id);
  }

  /**
   * Ask the collaboration function to file the review as one ticket of the owner team's tracker
   * (asking again files no second). Answers with the ticket once it is filed.
   * @throws {ReviewNotReadyError} while the incident is open or acknowledged.
   */
  public async file(id: string, by: string): Promise<{ status: 200 | 202; body: ReviewFiling }> {
    const incident = await this.deps.incidents.get(id);
    if (incident.status !== 'resolved') throw new ReviewNotReadyError(incident);
    if (incident.mergedInto)
      throw httpError(409, `incident ${id} was merged into ${incident.mergedInto}: file that one's review`);
    if (!this.deps.trackerTeams.includes(incident.team))
      throw httpError(
        409,
        `team ${incident.team} has no tracker: add collaboration.trackers.${incident.team} to the configuration`,
      );
    const filed = incident.reviewTicket;
    if (filed?.key)
      return { status: 200, body: { id, team: incident.team, status: 'filed', key: filed.key, url: filed.url } };
    await this.deps.notifier.publish(reviewNotification(incident));
    await this.deps.incidents.addTimelineEntry(
      entry(
        id,
        this.deps.clock(),
        'ticket',
        by,
        randomUUID(),
        `Asked to file the post-incident review in ${incident.team}'s tracker`,
      ),
    );
    return { status: 202, body: { id, team: incident.team, status: 'requested' } };
  }
}
