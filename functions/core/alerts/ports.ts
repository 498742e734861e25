import type { SignalAggregate } from './aggregate.ts';
import type { ApplyResult } from './lifecycle.ts';
import type { Alert } from './types.ts';

/** What a batch did to the store. */
export interface ApplyReport {
  readonly results: ApplyResult[];
  /** Conditional writes that lost a race and were retried. */
  readonly conflicts: number;
}

/** Decides the incident of alerts that have none yet (new alerts, new generations): alert id → incident id. */
export type Homes = (alerts: readonly Alert[]) => Promise<ReadonlyMap<string, string>>;

/** Where aggregated signals go: the alert store. */
export interface AlertSink {
  /**
   * Apply aggregates, one write per fingerprint; alerts without an incident are given theirs by
   * `homes` first. `read` sees, as soon as they are read, the current alerts the aggregates will
   * change (not duplicates): what depends on them can be read beside the writes.
   */
  applyAggregates(
    aggregates: readonly SignalAggregate[],
    homes?: Homes,
    read?: (current: ReadonlyMap<string, Alert>) => void,
  ): Promise<ApplyReport>;
  /** Change one alert by id (its incident, an acknowledgement …). */
  changeAlert(id: string, decide: (current: Alert) => ApplyResult): Promise<ApplyResult>;
}
