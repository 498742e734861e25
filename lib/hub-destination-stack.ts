import { Aspects, Stack } from 'aws-cdk-lib';

import type { StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ExplicitActions } from './aspects/explicit-actions.ts';
import { hubDestination } from './constructs/hub-intake.ts';
import type { HubRef } from '../functions/core/config/fleet.ts';
import { hubNames } from '../functions/core/config/fleet.ts';

/** Properties of {@link HubDestinationStack}. */
export interface HubDestinationStackProps extends StackProps {
  readonly hub: HubRef;
}

/**
 * The hub's CloudWatch Logs destination in another region (in the hub's account): log groups can only
 * subscribe to a destination of their own region, which then writes to the hub's stream wherever it is.
 * It names the hub's stream and role, created by the hub stack (deploy that first).
 */
export class HubDestinationStack extends Stack {
  public constructor(scope: Construct, id: string, props: HubDestinationStackProps) {
    super(scope, id, props);
    Aspects.of(this).add(new ExplicitActions());
    const { hub } = props;
    const names = hubNames(hub.stage);
    hubDestination(this, 'Destination', {
      name: names.destination,
      streamArn: `arn:${this.partition}:kinesis:${hub.region}:${hub.account}:stream/${names.stream}`,
      roleArn: `arn:${this.partition}:iam::${hub.account}:role/${names.destinationRole}`,
      organizationId: hub.organizationId,
      region: this.region,
      account: this.account,
    });
  }
}
