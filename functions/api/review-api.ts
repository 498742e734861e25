import { insightsOf } from '../core/insights/insights.ts';
import { reviewMarkdown } from '../core/review/review.ts';
import type { ApiDeps } from './api-deps.ts';
import { changesBefore } from './alert-api.ts';
import type { ReviewBody } from './schemas.ts';

/** Days of resolved incidents the review compares response times with. */
export const REVIEW_BASELINE_DAYS = 90;

/** Post-incident reviews: a Markdown draft of a resolved incident, from its record alone. */
export class ReviewApi {
  public constructor(private readonly deps: ApiDeps) {}

  /** @throws {ReviewNotReadyError} while the incident is open or acknowledged. */
  public async get(id: string): Promise<ReviewBody> {
    const incident = await this.deps.incidents.get(id);
    const timeline = await this.deps.incidents.timeline(id);
    const changes = await changesBefore(this.deps, incident);
    // The usual response of the team and the rule: the incidents resolved in the last 90 days (a Query per month).
    const until = new Date(this.deps.clock()).toISOString();
    const since = new Date(this.deps.clock() - REVIEW_BASELINE_DAYS * 86_400_000).toISOString();
    const { records } = await this.deps.resolutions.between(since, until);
    const insights = insightsOf(records, since, until);
    const markdown = reviewMarkdown({
      incident,
      timeline,
      changes,
      usual: {
        team: insights.byTeam.find((t) => t.team === incident.team),
        rule: insights.byRule.find((r) => r.rule === incident.rule),
        days: REVIEW_BASELINE_DAYS,
      },
    });
    return { id: incident.id, markdown };
  }
}
