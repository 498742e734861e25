import type { ApplyResult } from './lifecycle.ts';
import { resolve } from './lifecycle.ts';
import type { IncidentPolicy } from './policy.ts';
import type { Incident } from './types.ts';

/** The store operations the sweeper needs. */
export interface SweepRepository {
  dueForAutoResolve(now: number, limit?: number): Promise<Incident[]>;
  changeIncident(id: string, decide: (current: Incident) => ApplyResult): Promise<ApplyResult>;
}

/** Who resolves incidents whose quiet period ended. */
export const SWEEPER = 'watchkeeper (quiet period)';

/**
 * Resolve every incident whose quiet period has ended. Each one is re-checked under the store's
 * optimistic lock: one that received a signal meanwhile is left open.
 */
export async function sweepQuietIncidents(
  repository: SweepRepository,
  policy: IncidentPolicy,
  now: number,
): Promise<Incident[]> {
  const resolved: Incident[] = [];
  for (const due of await repository.dueForAutoResolve(now)) {
    const result = await repository.changeIncident(due.id, (current) => {
      if (current.status === 'resolved' || !current.autoResolveAt || Date.parse(current.autoResolveAt) > now) {
        return { outcome: 'duplicate', next: current, timeline: [], escalate: false };
      }
      const quiet = current.quietPeriodMinutes ?? 0;
      return resolve(
        current,
        SWEEPER,
        `No new occurrence for ${quiet} minutes since ${current.lastSeen}`,
        policy,
        now,
        `sweep-${current.generation}-${current.autoResolveAt}`,
      );
    });
    if (result.outcome !== 'duplicate') resolved.push(result.next);
  }
  return resolved;
}
