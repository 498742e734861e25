import type { Signal } from '../rules/signal.ts';

/** How the baseline of what principals do on a cluster is kept. */
export interface BaselineSettings {
  /** A principal's action counts as known for this long after it was last recorded. @default 30 */
  readonly windowDays: number;
  /** A new cluster only learns for this long: nothing is "first seen" before. @default 7 */
  readonly learningDays: number;
  /** New actions recorded per principal per delivery, at most (a principal trying everything is one alert anyway). @default 50 */
  readonly maxNewPerPrincipal: number;
}

/** The defaults of {@link BaselineSettings}. */
export const DEFAULT_BASELINE: BaselineSettings = { windowDays: 30, learningDays: 7, maxNewPerPrincipal: 50 };

/** Where the baseline is kept (one item per cluster and action; its start per cluster). */
export interface BaselineStore {
  /** When the cluster's baseline started (recorded now if it had none). */
  startOf(cluster: string, now: number): Promise<number>;
  /** Of these actions, those recorded within the window, with when they were recorded. */
  known(cluster: string, actions: readonly string[]): Promise<Map<string, number>>;
  /** Record actions as seen now (new ones, and known ones whose record is getting old). */
  record(cluster: string, actions: readonly string[], now: number): Promise<void>;
}

/** What a principal did, as the baseline knows it: principal, verb, resource, namespaced or cluster-wide. */
export function actionOf(signal: Signal): string {
  const e = signal.evidence;
  const principal = signal.actor.arn ?? signal.actor.username;
  const resource = [e.resource, e.subresource].filter((v) => typeof v === 'string' && v !== '').join('/');
  const scope = typeof e.namespace === 'string' && e.namespace !== '' ? 'namespaced' : 'cluster-wide';
  return [principal, String(e.verb ?? ''), resource, scope].join('|');
}

const DAY = 86_400_000;

/**
 * The signals of first-seen rules that are new for their principal, among the others unchanged; and
 * what to record once they are stored. During a cluster's learning period every action is recorded
 * and none is new. A known action whose record is older than a quarter of the window is recorded
 * again, so that what a principal keeps doing never falls out of the window: at most one write per
 * action and week, nothing per repeat otherwise.
 */
export async function firstSeenSignals(
  signals: readonly Signal[],
  store: BaselineStore,
  settings: BaselineSettings,
  now: number,
): Promise<{ signals: Signal[]; toRecord: Map<string, string[]> }> {
  const candidates = signals.filter((s) => s.firstSeen);
  if (candidates.length === 0) return { signals: [...signals], toRecord: new Map() };
  const byCluster = new Map<string, Signal[]>();
  for (const s of candidates) byCluster.set(s.cluster, [...(byCluster.get(s.cluster) ?? []), s]);
  const dropped = new Set<Signal>();
  const toRecord = new Map<string, string[]>();
  for (const [cluster, list] of byCluster) {
    const learning = now - (await store.startOf(cluster, now)) < settings.learningDays * DAY;
    const actions = [...new Set(list.map(actionOf))];
    const known = await store.known(cluster, actions);
    const perPrincipal = new Map<string, number>();
    const record: string[] = [];
    for (const action of actions) {
      const at = known.get(action);
      if (at !== undefined && now - at < settings.windowDays * DAY) {
        if (now - at > (settings.windowDays * DAY) / 4) record.push(action);
        continue;
      }
      const principal = action.split('|')[0] ?? '';
      const n = (perPrincipal.get(principal) ?? 0) + 1;
      perPrincipal.set(principal, n);
      if (n <= settings.maxNewPerPrincipal) record.push(action);
    }
    const fresh = new Set(
      record.filter((a) => !known.has(a) || now - (known.get(a) ?? 0) >= settings.windowDays * DAY),
    );
    for (const s of list) if (learning || !fresh.has(actionOf(s))) dropped.add(s);
    if (record.length > 0) toRecord.set(cluster, record);
  }
  return { signals: signals.filter((s) => !dropped.has(s)), toRecord };
}
