import type { Alert } from '../alerts/types.ts';
import { COMPONENTS, maxSeverity, severityRank } from '../vocabulary.ts';
import type { Severity } from '../vocabulary.ts';

/** How a component looks to the business. */
export type ComponentHealth = 'perfect' | 'degraded' | 'unavailable';

const ORDER: readonly ComponentHealth[] = ['perfect', 'degraded', 'unavailable'];

/** Components every cluster has, shown even when nothing is wrong with them. */
export const CORE_COMPONENTS = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'node',
  'dns',
  'network',
  'storage',
  'registry',
  'authentication',
] as const;

/** The status of one component of one cluster. */
export interface ComponentStatus {
  readonly component: string;
  readonly status: ComponentHealth;
  readonly openAlerts: number;
  readonly worstSeverity: Severity | null;
}

/** The status of one cluster: its worst component, and every component. */
export interface ClusterStatus {
  readonly cluster: string;
  readonly status: ComponentHealth;
  readonly components: ComponentStatus[];
}

/** A critical alert makes a component unavailable; high or medium degraded; low and info leave it perfect. */
export function healthOf(worst: Severity | null): ComponentHealth {
  if (worst === null) return 'perfect';
  if (worst === 'critical') return 'unavailable';
  return severityRank(worst) <= severityRank('medium') ? 'degraded' : 'perfect';
}

/**
 * The business view: for every cluster (the configured ones, and any with an active alert), each
 * core component and each component with an active alert, by the worst severity of its open or
 * acknowledged alerts (alerts, not incidents: an incident spans components). Pure.
 */
export function clusterStatuses(active: readonly Alert[], configuredClusters: readonly string[]): ClusterStatus[] {
  const clusters = [...new Set([...configuredClusters, ...active.map((i) => i.cluster)])].sort();
  return clusters.map((cluster) => {
    const mine = active.filter((i) => i.cluster === cluster);
    const components = [...new Set<string>([...CORE_COMPONENTS, ...mine.map((i) => i.component)])]
      .filter((c) => (COMPONENTS as readonly string[]).includes(c))
      .map((component): ComponentStatus => {
        const alerts = mine.filter((i) => i.component === component);
        const worst = alerts.reduce<Severity | null>(
          (w, i) => (w === null ? i.severity : maxSeverity(w, i.severity)),
          null,
        );
        return { component, status: healthOf(worst), openAlerts: alerts.length, worstSeverity: worst };
      });
    const status = components.reduce<ComponentHealth>(
      (s, c) => (ORDER.indexOf(c.status) > ORDER.indexOf(s) ? c.status : s),
      'perfect',
    );
    return { cluster, status, components };
  });
}
