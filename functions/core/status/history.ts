/** A time something was wrong on a cluster: an incident resolved, or an alert still open (`until` now). */
export interface TroubleSpan {
  readonly cluster: string;
  readonly severity: string;
  readonly from: string;
  readonly until?: string;
}

/** Minutes a cluster spent unavailable (something critical open) and degraded (high or medium, nothing critical). */
export interface ClusterHistory {
  readonly cluster: string;
  readonly unavailableMinutes: number;
  readonly degradedMinutes: number;
}

type Interval = readonly [number, number];

/** The union of intervals, merged and sorted. */
function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

const length = (intervals: readonly Interval[]): number => intervals.reduce((sum, [a, b]) => sum + (b - a), 0);

/** How much of `intervals` lies outside `cut` (both unions). */
function minus(intervals: readonly Interval[], cut: readonly Interval[]): number {
  let total = 0;
  for (const [from, to] of intervals) {
    let covered = 0;
    for (const [a, b] of cut) covered += Math.max(0, Math.min(to, b) - Math.max(from, a));
    total += to - from - covered;
  }
  return total;
}

/**
 * Per cluster, the minutes of a window it was unavailable or degraded, as the status grid would have
 * shown it: critical makes it unavailable, high or medium degraded; overlapping troubles count once.
 */
export function clusterHistory(
  spans: readonly TroubleSpan[],
  clusters: readonly string[],
  window: { readonly since: number; readonly until: number },
): ClusterHistory[] {
  const byCluster = new Map<string, { critical: Interval[]; degraded: Interval[] }>(
    clusters.map((c) => [c, { critical: [], degraded: [] }]),
  );
  for (const span of spans) {
    const from = Math.max(window.since, Date.parse(span.from));
    const to = Math.min(window.until, span.until ? Date.parse(span.until) : window.until);
    if (!(to > from)) continue;
    const entry = byCluster.get(span.cluster) ?? { critical: [], degraded: [] };
    byCluster.set(span.cluster, entry);
    if (span.severity === 'critical') entry.critical.push([from, to]);
    else if (span.severity === 'high' || span.severity === 'medium') entry.degraded.push([from, to]);
  }
  const minutes = (ms: number) => Math.round(ms / 60_000);
  return [...byCluster]
    .map(([cluster, { critical, degraded }]) => {
      const down = union(critical);
      return {
        cluster,
        unavailableMinutes: minutes(length(down)),
        degradedMinutes: minutes(minus(union(degraded), down)),
      };
    })
    .sort((a, b) => a.cluster.localeCompare(b.cluster));
}
