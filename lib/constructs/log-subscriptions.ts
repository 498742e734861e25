import { FilterPattern, LogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import type { ILogSubscriptionDestination } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ControlPlaneLogging } from './control-plane-logging.ts';
import { clusterLogGroup } from './control-plane-logging.ts';

/** Properties of {@link LogSubscriptions}. */
export interface LogSubscriptionsProps {
  /** EKS cluster names; each one's `/aws/eks/<name>/cluster` log group is subscribed. */
  readonly clusters: readonly string[];
  /** Where the deliveries go: the ingest function, or the Kinesis stream it reads. */
  readonly destination: ILogSubscriptionDestination;
  /** The filters' name: a spoke's says its region (`watchkeeper-<region>`). @default "watchkeeper" */
  readonly filterName?: string;
  /** What makes each cluster's log group exist (and its logging on): every filter waits for it. */
  readonly onboarding: ControlPlaneLogging;
}

/**
 * Subscribes the ingest function to every configured cluster's control-plane log group
 * (all streams, no filter: classification happens in the function).
 */
export class LogSubscriptions extends Construct {
  /** One filter per cluster, by cluster name. */
  public readonly filters = new Map<string, SubscriptionFilter>();

  public constructor(scope: Construct, id: string, props: LogSubscriptionsProps) {
    super(scope, id);
    for (const cluster of props.clusters) {
      const logGroup = LogGroup.fromLogGroupName(this, `${cluster}LogGroup`, clusterLogGroup(cluster));
      const filter = new SubscriptionFilter(this, `${cluster}Subscription`, {
        logGroup,
        destination: props.destination,
        filterPattern: FilterPattern.allEvents(),
        filterName: props.filterName ?? 'watchkeeper',
      });
      filter.node.addDependency(props.onboarding.readyFor(cluster));
      this.filters.set(cluster, filter);
    }
  }
}
