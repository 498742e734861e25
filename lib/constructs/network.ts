import { Peer, Port, SecurityGroup, Subnet, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { ISecurityGroup, ISubnet, IVpc } from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/** Where the functions run when they run in a VPC. */
export interface FunctionNetwork {
  readonly vpc: IVpc;
  readonly subnets: readonly ISubnet[];
  readonly securityGroups: readonly ISecurityGroup[];
}

/** Properties of {@link FunctionsNetwork}. */
export interface FunctionsNetworkProps {
  readonly vpcId: string;
  /** Private subnets with a route to AWS APIs (a NAT gateway or VPC endpoints). */
  readonly subnetIds: readonly string[];
  /** Security groups to use; a group that allows only HTTPS out is created when none is given. @default [] */
  readonly securityGroupIds?: readonly string[];
}

/**
 * The VPC placement of every function (CT.LAMBDA.PR.3): the configured subnets, and either the
 * configured security groups or one that allows HTTPS out and nothing in.
 */
export class FunctionsNetwork extends Construct {
  public readonly network: FunctionNetwork;

  public constructor(scope: Construct, id: string, props: FunctionsNetworkProps) {
    super(scope, id);
    const vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: props.vpcId,
      availabilityZones: props.subnetIds.map((_, i) => `zone-${i}`),
      privateSubnetIds: [...props.subnetIds],
    });
    const subnets = props.subnetIds.map((subnetId, i) => Subnet.fromSubnetId(this, `Subnet${i}`, subnetId));
    let securityGroups: ISecurityGroup[];
    if (props.securityGroupIds && props.securityGroupIds.length > 0) {
      securityGroups = props.securityGroupIds.map((groupId, i) =>
        SecurityGroup.fromSecurityGroupId(this, `SecurityGroup${i}`, groupId),
      );
    } else {
      const group = new SecurityGroup(this, 'Functions', {
        vpc,
        description: 'Watchkeeper functions: HTTPS to AWS APIs, nothing in',
        allowAllOutbound: false,
      });
      group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'AWS APIs (through NAT or VPC endpoints)');
      securityGroups = [group];
    }
    this.network = { vpc, subnets, securityGroups };
  }
}
