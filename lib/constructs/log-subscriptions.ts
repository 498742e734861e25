import { FilterPattern, LogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import type { ILogSubscriptionDestination } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Properties of {@link LogSubscriptions}. */
export interface LogSubscriptionsProps {
  /** EKS cluster names; each one's `/aws/eks/<name>/cluster` log group is subscribed. */
  readonly clusters: readonly string[];
  /** Where the deliveries go: the ingest function, or the Kinesis stream it reads. */
  readonly destination: ILogSubscriptionDestination;
  /** The filters' name: a spoke's says its region (`watchkeeper-<region>`). @default "watchkeeper" */
  readonly filterName?: string;
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
      const logGroup = LogGroup.fromLogGroupName(this, `${cluster}LogGroup`, `/aws/eks/${cluster}/cluster`);
      this.filters.set(
        cluster,
        new SubscriptionFilter(this, `${cluster}Subscription`, {
          logGroup,
          destination: props.destination,
          filterPattern: FilterPattern.allEvents(),
          filterName: props.filterName ?? 'watchkeeper',
        }),
      );
    }
  }
}
