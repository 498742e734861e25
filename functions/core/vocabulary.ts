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

/**
 * Where a signal came from. Each is read by one module of `sources/` (the registry holds them to this
 * list: a source without a module, or a module with a source not named here, does not compile).
 */
export const SOURCES = [
  'eks-audit',
  'eks-authenticator',
  'eks-apiserver',
  'eks-controller-manager',
  'eks-scheduler',
  'eks-cloud-controller-manager',
  'cloudtrail',
  'cloudwatch-alarm',
  'guardduty',
  'alertmanager',
  'k8s-event',
] as const;
export type Source = (typeof SOURCES)[number];

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
