import type { CursorState } from '../api/cursor.ts';
import type { ListIncidentsQuery } from '../api/list-query.ts';
import { listWindow } from '../api/time-range.ts';
import type { TimeWindow } from '../api/time-range.ts';
import type { Alert } from '../alerts/types.ts';

/** What reading the active alerts needs of the store: the alert list, one page per Query. */
export interface AlertPages {
  list(
    q: ListIncidentsQuery,
    window: TimeWindow,
    from?: CursorState,
  ): Promise<{ readonly items: readonly Alert[]; readonly next?: CursorState }>;
}

/**
 * Every open and acknowledged alert (what the business status is made of), page by page: the
 * position passes on directly, since cursors are signed only for callers.
 */
export async function activeAlerts(lister: AlertPages, now: number): Promise<Alert[]> {
  const active: Alert[] = [];
  for (const status of ['open', 'acknowledged'] as const) {
    let from: CursorState | undefined;
    do {
      const page = await lister.list({ status, limit: 100 }, listWindow({}, now), from);
      active.push(...page.items);
      from = page.next;
    } while (from);
  }
  return active;
}
