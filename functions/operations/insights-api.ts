import type { InsightsQuery } from '../core/api/list-query.ts';
import { listWindow } from '../core/api/time-range.ts';
import { insightsOf } from '../core/insights/insights.ts';
import type { ApiDeps } from './deps.ts';
import type { InsightsBody } from './schemas.ts';

const DEFAULT_DAYS = 30;

/** Insights over resolved incidents: read with one Query per month of the period, computed here. */
/** What the insights operations read and write through. */
export type InsightsApiDeps = Pick<ApiDeps, 'clock' | 'resolutions'>;

export class InsightsApi {
  public constructor(private readonly deps: InsightsApiDeps) {}

  /** @throws {TimeRangeError} for a period outside the limits every list has. */
  public async get(query: InsightsQuery): Promise<InsightsBody> {
    const now = this.deps.clock();
    const until = query.until ?? new Date(now).toISOString();
    const since = query.since ?? new Date(Date.parse(until) - DEFAULT_DAYS * 86_400_000).toISOString();
    const window = listWindow({ since, until }, now);
    const { records, truncated } = await this.deps.resolutions.between(window.since, window.until);
    return { ...insightsOf(records, window.since, window.until), truncated };
  }
}
