import type { App } from 'aws-cdk-lib';
import type { WatchkeeperConfig } from '../functions/core/config/schema.ts';
import { spokesOf } from '../functions/core/config/fleet.ts';
import { GlobalEventsStack } from './global-events-stack.ts';
import { HubDestinationStack } from './hub-destination-stack.ts';
import { SpokeStack } from './spoke-stack.ts';
import type { StageSettings } from './stages.ts';
import { WatchkeeperStack } from './watchkeeper-stack.ts';

/** The stacks a configuration makes. */
export interface FleetStacks {
  readonly hub: WatchkeeperStack;
  /** The hub's destinations in the spokes' other regions, by region. */
  readonly destinations: ReadonlyMap<string, HubDestinationStack>;
  /** One per spoke account and region, `Watchkeeper-<stage>-spoke-<account>-<region>`. */
  readonly spokes: readonly SpokeStack[];
  /** In us-east-1, forwarding global services' calls (IAM) to a hub elsewhere. */
  readonly globalEvents?: GlobalEventsStack;
}

/**
 * The hub (the Watchkeeper stack) and, for clusters of other accounts and regions, a spoke stack per
 * account and region and the hub's destination in each other region. One account: the hub alone.
 */
export function fleetStacks(app: App, config: WatchkeeperConfig, stage: StageSettings): FleetStacks {
  const name = `Watchkeeper-${stage.name}`;
  const env = config.account ? { account: config.account, ...(config.region ? { region: config.region } : {}) } : {};
  const hub = new WatchkeeperStack(app, name, {
    config,
    stage,
    ...(config.account ? { env } : {}),
    description: 'Watchkeeper: incident response for Kubernetes on AWS',
  });
  const destinations = new Map<string, HubDestinationStack>();
  const spokes: SpokeStack[] = [];
  const { organization, account, region } = config;
  // IAM's calls reach EventBridge in us-east-1 only; a hub in a named other region gets them forwarded.
  const globalEvents =
    account && region && region !== 'us-east-1'
      ? new GlobalEventsStack(app, `${name}-global`, {
          hubRegion: region,
          env: { account, region: 'us-east-1' },
          description: "Watchkeeper: forwards global services' API calls (IAM) to the hub's region",
        })
      : undefined;
  if (!organization || !account || !region) return { hub, destinations, spokes, globalEvents };
  const ref = { account, region, organizationId: organization.id, stage: stage.name };
  for (const spoke of spokesOf(config)) {
    if (spoke.region !== region && !destinations.has(spoke.region)) {
      const destination = new HubDestinationStack(app, `${name}-destination-${spoke.region}`, {
        hub: ref,
        env: { account, region: spoke.region },
        description: `Watchkeeper hub: the log destination for spokes in ${spoke.region}`,
      });
      destination.addStackDependency(hub);
      destinations.set(spoke.region, destination);
    }
    const stack = new SpokeStack(app, `${name}-spoke-${spoke.account}-${spoke.region}`, {
      hub: ref,
      clusters: spoke.clusters,
      // The hub's StackSet puts the account-level parts (same role names) into every account of its OUs.
      accountLevel: organization.organizationalUnits.length === 0,
      env: { account: spoke.account, region: spoke.region },
      description: `Watchkeeper spoke: forwards ${spoke.clusters.map((c) => c.name).join(', ')} to the hub`,
    });
    stack.addStackDependency(destinations.get(spoke.region) ?? hub);
    spokes.push(stack);
  }
  return { hub, destinations, spokes, globalEvents };
}
