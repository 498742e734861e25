import * as z from 'zod/mini';
import '../zod-messages.ts';
import { TimeRangeError } from './errors.ts';

/**
 * An ISO 8601 date or date-time with a four-digit year. `Date.parse` alone also takes `99999`,
 * `+275760-09-13T00:00:00Z` or `Tue`, which turned list queries into month walks without end.
 */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** True for a time the API accepts. */
export function isIsoTime(value: string): boolean {
  return ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/** An ISO 8601 time in a request, normalised to UTC (`2026-11-24T09:00:00.000Z`). */
export const IsoTimeSchema = z.pipe(
  z.string().check(z.maxLength(40), z.refine(isIsoTime, 'an ISO 8601 time such as 2026-11-24T09:00:00Z')),
  z.transform((value: string) => new Date(value).toISOString()),
);

const DAY = 86_400_000;

/** How far list filters may reach: every request's work is bounded by them. */
export const LIST_TIME_LIMITS = {
  /** The oldest time a filter may name: the longest retention (3,650 days) and a little. */
  pastDays: 3660,
  /** Clocks differ: a filter may name up to a day ahead. */
  futureDays: 1,
  /** The widest `since`…`until` window of one request (the default retention). */
  maxSpanDays: 400,
} as const;

/** The window a list request covers: `since` ≤ started < `until`. */
export interface TimeWindow {
  readonly since: string;
  readonly until: string;
}

/**
 * The window of a list query at `now`, checked against {@link LIST_TIME_LIMITS}. Without `until` it
 * ends a day from now; without `since` it starts `maxSpanDays` before its end.
 * @throws {TimeRangeError} naming the parameter and the limit it breaks.
 */
export function listWindow(query: { readonly since?: string; readonly until?: string }, now: number): TimeWindow {
  const oldest = now - LIST_TIME_LIMITS.pastDays * DAY;
  const newest = now + LIST_TIME_LIMITS.futureDays * DAY;
  for (const name of ['since', 'until'] as const) {
    const value = query[name];
    if (value === undefined) continue;
    const at = Date.parse(value);
    if (at < oldest || at > newest) {
      throw new TimeRangeError(
        `query.${name}: must lie between ${new Date(oldest).toISOString()} and ${new Date(newest).toISOString()}`,
      );
    }
  }
  const until = query.until === undefined ? newest : Date.parse(query.until);
  const since = query.since === undefined ? until - LIST_TIME_LIMITS.maxSpanDays * DAY : Date.parse(query.since);
  if (since > until) throw new TimeRangeError('query.since: must not be after query.until');
  if (until - since > LIST_TIME_LIMITS.maxSpanDays * DAY) {
    throw new TimeRangeError(
      `query.since: at most ${LIST_TIME_LIMITS.maxSpanDays} days before query.until; page through longer periods one window at a time`,
    );
  }
  return { since: new Date(Math.max(since, oldest)).toISOString(), until: new Date(until).toISOString() };
}
