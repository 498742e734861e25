import { Aspects, Duration, Stack, Validations } from 'aws-cdk-lib';

import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { nagAccount, nagPartition, nagRegion } from './nag-ids.ts';
import type { StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { ArnPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ExplicitActions } from './aspects/explicit-actions.ts';
import { ControlPlaneLogging } from './constructs/control-plane-logging.ts';
import { EncryptionKey } from './constructs/encryption-key.ts';
import { LogSubscriptions } from './constructs/log-subscriptions.ts';
import { SourceRules } from './constructs/source-rules.ts';
import type { HubRef } from '../functions/core/config/fleet.ts';
import { hubNames } from '../functions/core/config/fleet.ts';
import { subscriptionFilterName } from '../functions/core/sources/origin.ts';

/** Properties of {@link SpokeStack}. */
export interface SpokeStackProps extends StackProps {
  readonly hub: HubRef;
  /** Clusters of this account and region whose control-plane logs go to the hub (none in a StackSet). */
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly enableControlPlaneLogging?: boolean }>;
  /**
   * The account-level parts (event forwarding, the silence reader): off where the hub's StackSet
   * deploys them to the account already, whose roles have the same names. @default true
   */
  readonly accountLevel?: boolean;
}

/**
 * One account and region of the organization, forwarding to the hub: its clusters' control-plane
 * log groups subscribed to the hub's destination, CloudTrail / alarm / GuardDuty events forwarded to
 * the hub's bus, and a read-only role the hub assumes to see when each cluster's logs last arrived.
 * Nothing here stores or decides: the hub does. Without clusters and control-plane logging it has no
 * assets, so the hub can deploy it to every account of an OU as a StackSet.
 */
export class SpokeStack extends Stack {
  public constructor(scope: Construct, id: string, props: SpokeStackProps) {
    super(scope, id, props);
    Aspects.of(this).add(new ExplicitActions());
    const { hub } = props;
    const names = hubNames(hub.stage);
    const hubArn = (service: string, region: string, resource: string) =>
      `arn:${this.partition}:${service}:${region}:${hub.account}:${resource}`;

    if (props.clusters.length > 0)
      this.subscribe(props.clusters, hubArn('logs', this.region, `destination:${names.destination}`));
    if (props.accountLevel === false) return;

    const hubBusArn = hubArn('events', hub.region, `event-bus/${names.bus}`);
    const forwarder = new Role(this, 'Forwarder', {
      roleName: `${names.forwarder}-${this.region}`,
      description: "Watchkeeper: EventBridge forwards this account's cluster events to the hub's bus",
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    forwarder.addToPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [hubBusArn] }));
    // Events the hub's bus did not take (the hub down, a policy changed) are kept here for 14 days.
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
      target: new EventBusTarget(EventBus.fromEventBusArn(this, 'HubBus', hubBusArn), {
        role: forwarder,
        deadLetterQueue: undelivered,
      }),
    });

    const reader = new Role(this, 'SilenceReader', {
      roleName: `${names.silenceReader}-${this.region}`,
      description: "Watchkeeper: the hub reads when each cluster's control-plane logs last arrived",
      assumedBy: new ArnPrincipal(`arn:${this.partition}:iam::${hub.account}:root`).withConditions({
        ArnLike: { 'aws:PrincipalArn': `arn:${this.partition}:iam::${hub.account}:role/${names.hubRolePattern}` },
      }),
    });
    const logGroups = `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:/aws/eks/*`;
    reader.addToPolicy(new PolicyStatement({ actions: ['logs:DescribeLogStreams'], resources: [logGroups] }));
    Validations.of(reader).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:${nagPartition(this)}:logs:${nagRegion(this)}:${nagAccount(this)}:log-group:/aws/eks/*]`,
      reason:
        "Read-only (DescribeLogStreams: the last event time) on EKS clusters' log groups of this account, which a StackSet deploys before anyone lists the clusters.",
    });
  }

  /**
   * The clusters' log groups subscribed to the hub's destination. Its policy admits the organization
   * (aws:PrincipalOrgID), and then CloudWatch Logs wants a role of the sending account named in each
   * filter, which it assumes to check that the account may send
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateSubscriptionFilter-IAMrole.html).
   */
  private subscribe(clusters: SpokeStackProps['clusters'], destinationArn: string): void {
    const { key } = new EncryptionKey(this, 'EncryptionKey');
    const onboarding = new ControlPlaneLogging(this, 'ControlPlaneLogging', {
      clusters,
      logs: { key, retention: RetentionDays.ONE_YEAR },
    });
    const sender = new Role(this, 'SubscriptionRole', {
      description: "Watchkeeper: CloudWatch Logs checks with it that this account may send to the hub's destination",
      // The condition AWS documents for CloudWatch Logs' confused-deputy protection: this account and region.
      assumedBy: new ServicePrincipal('logs.amazonaws.com', {
        conditions: { StringLike: { 'aws:SourceArn': `arn:${this.partition}:logs:${this.region}:${this.account}:*` } },
      }),
    });
    const groups = `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:/aws/eks/*`;
    sender.addToPolicy(new PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [groups] }));
    Validations.of(sender).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:${nagPartition(this)}:logs:${nagRegion(this)}:${nagAccount(this)}:log-group:/aws/eks/*]`,
      reason:
        "What AWS documents for the sender's role: putting events of this account's EKS control-plane log groups.",
    });
    new LogSubscriptions(this, 'Subscriptions', {
      clusters: clusters.map((c) => c.name),
      destination: { bind: () => ({ arn: destinationArn, role: sender }) },
      filterName: subscriptionFilterName(this.region),
      onboarding,
    });
  }
}
