import type { Category, Component, Source } from './vocabulary.ts';

/**
 * What routes an alert or an incident — its rule's facts and where it happened: what routes, silences
 * and lists filter on. One home for both (an incident takes its leading alert's).
 */
export interface Routing {
  readonly rule: string;
  readonly summary: string;
  readonly runbook: string;
  readonly category: Category;
  readonly component: Component;
  readonly team: string;
  readonly source: Source;
  /** The cluster's id: its name, or `<account>/<region>/<name>` away from the hub. */
  readonly cluster: string;
  /** The AWS account and region of the cluster, where known. */
  readonly account?: string;
  readonly region?: string;
  readonly namespace?: string;
}

/** The account and region of anything placed, as keys only where known (stored items carry no empty ones). */
export function knownPlace(of: { readonly account?: string; readonly region?: string }): {
  account?: string;
  region?: string;
} {
  return { ...(of.account ? { account: of.account } : {}), ...(of.region ? { region: of.region } : {}) };
}

/** The routing fields of an alert or incident, and nothing else. */
export function routingOf(of: Routing): Routing {
  const { rule, summary, runbook, category, component, team, source, cluster, namespace } = of;
  return { rule, summary, runbook, category, component, team, source, cluster, ...knownPlace(of), namespace };
}
