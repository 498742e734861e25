import { FilterPattern, LogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** Properties of {@link LogSubscriptions}. */
export interface LogSubscriptionsProps {
  /** EKS cluster names; each one's `/aws/eks/<name>/cluster` log group is subscribed. */
  readonly clusters: readonly string[];
  /** The ingest function that receives the deliveries. */
  readonly destination: IFunction;
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
          destination: new LambdaDestination(props.destination),
          filterPattern: FilterPattern.allEvents(),
          filterName: 'watchkeeper',
        }),
      );
    }
  }
}
