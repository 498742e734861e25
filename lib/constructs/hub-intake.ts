import { Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { IRuleTarget } from 'aws-cdk-lib/aws-events';
import { AnyPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnDestination } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { hubNames } from '../../functions/core/config/fleet.ts';
import { SourceRules } from './source-rules.ts';

/** Properties of {@link HubIntake}. */
export interface HubIntakeProps {
  readonly organizationId: string;
  readonly stage: string;
  /** The hub's Kinesis stream, which every spoke's control-plane logs reach. */
  readonly stream: IStream;
  readonly key: IKey;
  /** The ingest-events function, as an EventBridge target. */
  readonly eventsTarget: IRuleTarget;
}

/**
 * What a hub takes from its organization's spokes: a CloudWatch Logs destination in front of the
 * stream (its policy lets only accounts of the organization subscribe), the role CloudWatch Logs
 * writes with (only on behalf of the organization), and an event bus (its policy lets only the
 * organization put events) with the same source rules as the default bus.
 */
export class HubIntake extends Construct {
  public readonly bus: EventBus;
  public readonly destination: CfnDestination;
  public readonly destinationRole: Role;

  public constructor(scope: Construct, id: string, props: HubIntakeProps) {
    super(scope, id);
    const names = hubNames(props.stage);
    const stack = Stack.of(this);
    const inOrganization = { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } };

    this.destinationRole = new Role(this, 'DestinationRole', {
      roleName: names.destinationRole,
      description: "Watchkeeper: CloudWatch Logs puts the organization's control-plane logs into the hub stream",
      assumedBy: new ServicePrincipal('logs.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceOrgID': props.organizationId } },
      }),
    });
    this.destinationRole.addToPolicy(
      new PolicyStatement({
        actions: ['kinesis:PutRecord', 'kinesis:PutRecords'],
        resources: [props.stream.streamArn],
      }),
    );
    this.destinationRole.addToPolicy(
      new PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [props.key.keyArn] }),
    );
    this.destination = hubDestination(this, 'Destination', {
      name: names.destination,
      streamArn: props.stream.streamArn,
      roleArn: this.destinationRole.roleArn,
      organizationId: props.organizationId,
      region: stack.region,
      account: stack.account,
    });
    this.destination.node.addDependency(this.destinationRole);

    this.bus = new EventBus(this, 'Bus', { eventBusName: names.bus });
    this.bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OrganizationPutEvents',
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: inOrganization,
      }),
    );
    new SourceRules(this, 'SourceRules', { target: props.eventsTarget, eventBus: this.bus });
  }
}

/** Properties of {@link hubDestination}. */
export interface HubDestinationProps {
  readonly name: string;
  readonly streamArn: string;
  readonly roleArn: string;
  readonly organizationId: string;
  readonly region: string;
  readonly account: string;
}

/**
 * A CloudWatch Logs destination in front of the hub's stream. CloudWatch Logs wants the destination in
 * the region of the log groups, so a hub has one per spoke region (the stream may be elsewhere);
 * its access policy lets only accounts of the organization subscribe to it.
 */
export function hubDestination(scope: Construct, id: string, props: HubDestinationProps): CfnDestination {
  const arn = `arn:${Stack.of(scope).partition}:logs:${props.region}:${props.account}:destination:${props.name}`;
  return new CfnDestination(scope, id, {
    destinationName: props.name,
    targetArn: props.streamArn,
    roleArn: props.roleArn,
    destinationPolicy: Stack.of(scope).toJsonString({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OrganizationSubscribes',
          Effect: 'Allow',
          Principal: '*',
          Action: 'logs:PutSubscriptionFilter',
          Resource: arn,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
        },
      ],
    }),
  });
}
