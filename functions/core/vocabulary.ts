/** Stable vocabularies shared by every signal and incident (see the product brief). */

/** How urgent a signal is, most urgent first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What kind of trouble a signal describes. */
export const CATEGORIES = ['security', 'reliability', 'capacity', 'change'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Which part of the system is affected. */
export const COMPONENTS = [
  'etcd',
  'kube-apiserver',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
  'kubelet',
  'node',
  'kube-proxy',
  'container-runtime',
  'dns',
  'network',
  'storage',
  'registry',
  'authentication',
  'authorization',
  'admission',
  'workload',
  'deployment',
  'load-balancer',
  'service-mesh',
  'operator',
  'web-ui',
  'cluster-config',
  'watchkeeper',
] as const;
export type Component = (typeof COMPONENTS)[number];

/** Default owner teams; configuration may add more. */
export const DEFAULT_TEAMS = ['operations', 'platform', 'security', 'devops', 'development', 'infrastructure'] as const;

/** Rank of a severity: 0 is the most urgent. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The more urgent of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}
