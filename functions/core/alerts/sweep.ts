import type { ApplyResult } from './lifecycle.ts';
import { resolve } from './lifecycle.ts';
import type { AlertPolicy } from './policy.ts';
import type { Alert } from './types.ts';

/** The store operations the sweeper needs. */
export interface SweepRepository {
  dueForAutoResolve(now: number, limit?: number): Promise<Alert[]>;
  changeAlert(id: string, decide: (current: Alert) => ApplyResult): Promise<ApplyResult>;
}

/** Who resolves incidents whose quiet period ended. */
export const SWEEPER = 'watchkeeper (quiet period)';

/**
 * Resolve every incident whose quiet period has ended. Each one is re-checked under the store's
 * optimistic lock: one that received a signal meanwhile is left open.
 */
export async function sweepQuietIncidents(
  repository: SweepRepository,
  policy: AlertPolicy,
  now: number,
): Promise<Alert[]> {
  const resolved: Alert[] = [];
  for (const due of await repository.dueForAutoResolve(now)) {
    const result = await repository.changeAlert(due.id, (current) => {
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
