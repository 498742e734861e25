import type { z } from 'zod';
import type { Home } from '../sources/origin.ts';
import { clusterIdOf } from '../sources/origin.ts';

/** What the fleet rules read of a configuration (structural: the schema refines with it). */
interface FleetConfig {
  readonly account?: string;
  readonly region?: string;
  readonly ingest: 'direct' | 'stream';
  readonly organization?: {
    readonly id: string;
    readonly organizationalUnits?: readonly string[];
    readonly stackSetRegions?: readonly string[];
  };
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly account?: string; readonly region?: string }>;
}

/** A cluster as configured: its name and, for a spoke's, its account and region. */
type ConfiguredCluster = FleetConfig['clusters'][number];

/** One spoke: an account and region whose listed clusters forward to the hub. */
export interface Spoke<C extends ConfiguredCluster = ConfiguredCluster> {
  readonly account: string;
  readonly region: string;
  readonly clusters: readonly C[];
}

/** Where the hub runs (the configuration's `account` and `region`). */
export const homeOf = (config: Pick<FleetConfig, 'account' | 'region'>): Home => ({
  account: config.account,
  region: config.region,
});

/** The id a cluster has in alerts, incidents, routes and the status page: `clusterIdOf` of its place. */
export const configuredClusterId = (cluster: ConfiguredCluster, home: Home): string =>
  clusterIdOf(cluster.name, { account: cluster.account, region: cluster.region }, home);

/** True when the cluster is in the hub's account and region (its log group is subscribed by the hub). */
export const isHomeCluster = (cluster: ConfiguredCluster, home: Home): boolean =>
  configuredClusterId(cluster, home) === cluster.name;

/** The spokes of a configuration: its clusters away from the hub, by account and region. */
export function spokesOf<C extends ConfiguredCluster>(config: {
  readonly account?: string;
  readonly region?: string;
  readonly clusters: readonly C[];
}): Spoke<C>[] {
  const home = homeOf(config);
  const spokes = new Map<string, Spoke<C>>();
  for (const cluster of config.clusters) {
    if (isHomeCluster(cluster, home)) continue;
    const account = cluster.account ?? home.account ?? '';
    const region = cluster.region ?? home.region ?? '';
    const key = `${account}/${region}`;
    const spoke = spokes.get(key) ?? { account, region, clusters: [] };
    spokes.set(key, { ...spoke, clusters: [...spoke.clusters, cluster] });
  }
  return [...spokes.values()];
}

/** The configuration errors of a fleet: what a hub needs to know to take clusters from elsewhere. */
export function checkFleet(config: FleetConfig, ctx: z.RefinementCtx): void {
  const away = config.clusters.some((c) => c.account || c.region);
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if ((away || config.organization) && (!config.account || !config.region))
    issue(
      ['account'],
      'a hub (clusters of other accounts or regions, or an organization) names its account and region',
    );
  if (config.clusters.some((c) => c.account && c.account !== config.account) && !config.organization)
    issue(['organization'], 'clusters of other accounts need the organization they belong to (organization.id)');
  const spokes = config.account && config.region ? spokesOf({ ...config, clusters: config.clusters }) : [];
  if ((spokes.length > 0 || config.organization) && config.ingest !== 'stream')
    issue(['ingest'], 'a hub takes the logs of other accounts and regions through its stream: set ingest to "stream"');
  const { organizationalUnits = [], stackSetRegions } = config.organization ?? {};
  // With a StackSet, cdk-deployed spokes carry only their clusters: event forwarding comes from the StackSet.
  if (organizationalUnits.length > 0 && stackSetRegions)
    for (const spoke of spokes)
      if (!stackSetRegions.includes(spoke.region))
        issue(
          ['organization', 'stackSetRegions'],
          `the StackSet forwards the spokes' events: list ${spoke.region} (clusters of ${spoke.account} are there)`,
        );
  const seen = new Set<string>();
  config.clusters.forEach((cluster, index) => {
    const id = configuredClusterId(cluster, homeOf(config));
    if (seen.has(id)) issue(['clusters', index, 'name'], `"${id}" is listed twice`);
    seen.add(id);
  });
}

/**
 * The names hub and spokes agree on (a spoke finds the hub's destination, bus and roles by name, so
 * neither stack needs the other's outputs; a StackSet cannot pass them).
 */
export function hubNames(stage: string) {
  return {
    /** The CloudWatch Logs destination, in every spoke region. */
    destination: `watchkeeper-${stage}`,
    /** The role CloudWatch Logs uses to put records into the hub's stream. */
    destinationRole: `watchkeeper-${stage}-log-destination`,
    /** The Kinesis data stream of the hub. */
    stream: `watchkeeper-${stage}-logs`,
    /** The hub's event bus, which spokes forward to. */
    bus: `watchkeeper-${stage}-hub`,
    /**
     * In each spoke: what the hub assumes to read when the clusters' logs last arrived, followed by
     * `-<region>` (role names are per account, and one account may be a spoke in several regions).
     */
    silenceReader: `watchkeeper-${stage}-silence-reader`,
    /** In each spoke: what EventBridge assumes to forward to the hub's bus (also followed by `-<region>`). */
    forwarder: `watchkeeper-${stage}-forwarder`,
    /** Hub roles that may assume spoke roles (every role of the hub stack). */
    hubRolePattern: `Watchkeeper-${stage}-*`,
  } as const;
}

/** The hub's place and organization, as spokes need them. */
export interface HubRef {
  readonly account: string;
  readonly region: string;
  readonly organizationId: string;
  readonly stage: string;
}
