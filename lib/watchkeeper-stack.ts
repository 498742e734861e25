import { Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { WatchkeeperConfig } from './config-schema.ts';
import { LogSubscriptions } from './constructs/log-subscriptions.ts';
import { WatchkeeperFunction } from './constructs/watchkeeper-function.ts';

/** Properties of {@link WatchkeeperStack}. */
export interface WatchkeeperStackProps extends StackProps {
  /** Validated configuration. */
  readonly config: WatchkeeperConfig;
}

/** Composition only: which constructs, wired how. */
export class WatchkeeperStack extends Stack {
  public constructor(scope: Construct, id: string, props: WatchkeeperStackProps) {
    super(scope, id, props);
    const ingestLogs = new WatchkeeperFunction(this, 'IngestLogs', {
      entryFolder: 'ingest-logs',
      environment: { RULE_OVERRIDES: JSON.stringify(props.config.rules) },
    });
    new LogSubscriptions(this, 'Subscriptions', {
      clusters: props.config.clusters.map((cluster) => cluster.name),
      destination: ingestLogs,
    });
  }
}
