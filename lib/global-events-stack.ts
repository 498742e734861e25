import { Aspects, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ExplicitActions } from './aspects/explicit-actions.ts';
import { SourceRules } from './constructs/source-rules.ts';

/** Properties of {@link GlobalEventsStack}. */
export interface GlobalEventsStackProps extends StackProps {
  /** The region the hub (its default event bus) is in. */
  readonly hubRegion: string;
}

/**
 * In us-east-1, where CloudTrail delivers the calls of global services (IAM) to EventBridge: rules
 * that forward them to the default bus of the hub's region, in the same account, where the hub's
 * source rules take them as if they had happened there. Deployed when the hub is elsewhere.
 */
export class GlobalEventsStack extends Stack {
  public constructor(scope: Construct, id: string, props: GlobalEventsStackProps) {
    super(scope, id, props);
    Aspects.of(this).add(new ExplicitActions());
    const hubBus = `arn:${this.partition}:events:${props.hubRegion}:${this.account}:event-bus/default`;
    const role = new Role(this, 'Forwarder', {
      description: "Watchkeeper: EventBridge forwards global services' calls to the hub's region",
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    role.addToPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [hubBus] }));
    // Events the hub's bus did not take are kept here for 14 days.
    const undelivered = new Queue(this, 'Undelivered', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      redriveAllowPolicy: { redrivePermission: RedrivePermission.ALLOW_ALL },
    });
    Validations.of(undelivered).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of the forwarding rules.' },
      {
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'This queue is the dead-letter queue; nothing consumes it automatically.',
      },
    );
    new SourceRules(this, 'Forward', {
      target: new EventBusTarget(EventBus.fromEventBusArn(this, 'HubBus', hubBus), {
        role,
        deadLetterQueue: undelivered,
      }),
      only: 'global',
    });
  }
}
