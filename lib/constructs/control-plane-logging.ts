import { Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { AwsSdkCall } from 'aws-cdk-lib/custom-resources';
import { Construct, DependencyGroup } from 'constructs';
import type { IDependable } from 'constructs';
import { acknowledgeControl, CONTROL_EXCEPTIONS } from '../control-tower.ts';
import type { LogSettings } from './log-group.ts';
import { houseLogGroup } from './log-group.ts';
import type { FunctionNetwork } from './network.ts';

/** Properties of {@link ControlPlaneLogging}. */
export interface ControlPlaneLoggingProps {
  /** The clusters whose log groups are subscribed, and whether Watchkeeper turns their logging on. */
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly enableControlPlaneLogging?: boolean }>;
  readonly logs: LogSettings;
  /** The VPC placement of CDK's provider function, as for every function. @default outside a VPC */
  readonly network?: FunctionNetwork;
}

/** Construct id of the provider function CDK creates for AwsCustomResource. */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

/** Every EKS control-plane log type. */
export const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** The log group EKS writes a cluster's control-plane logs to. */
export const clusterLogGroup = (cluster: string): string => `/aws/eks/${cluster}/cluster`;

/**
 * What a cluster needs before its log group can be subscribed, at deploy time: the log group exists
 * (CloudWatch Logs refuses a subscription filter on a missing group, and EKS creates it only when
 * logging is on and only some time after it was turned on, so Watchkeeper creates it if it is absent
 * and EKS then writes into it), and, where the configuration asks, every control-plane log type is
 * turned on (eks:UpdateClusterConfig; "no changes needed" is not an error). It never turns logging
 * off and never deletes the group, also not on stack deletion.
 */
export class ControlPlaneLogging extends Construct {
  private readonly ready = new Map<string, DependencyGroup>();

  public constructor(scope: Construct, id: string, props: ControlPlaneLoggingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const logGroup = houseLogGroup(this, 'Logs', props.logs);
    const placement = props.network
      ? { vpc: props.network.vpc, vpcSubnets: { subnets: [...props.network.subnets] } }
      : {};
    const call = (name: string, sdkCall: AwsSdkCall, statement: PolicyStatement): AwsCustomResource =>
      new AwsCustomResource(this, name, {
        onCreate: sdkCall,
        onUpdate: sdkCall,
        installLatestAwsSdk: false,
        logGroup,
        ...placement,
        policy: AwsCustomResourcePolicy.fromStatements([statement]),
      });
    for (const cluster of props.clusters) {
      const group = clusterLogGroup(cluster.name);
      const ready = new DependencyGroup();
      ready.add(
        call(
          `${cluster.name}LogGroup`,
          {
            service: 'CloudWatchLogs',
            action: 'createLogGroup',
            parameters: { logGroupName: group },
            physicalResourceId: PhysicalResourceId.of(`watchkeeper-log-group-${cluster.name}`),
            ignoreErrorCodesMatching: 'ResourceAlreadyExistsException',
          },
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['logs:CreateLogGroup'],
            resources: [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${group}`],
          }),
        ),
      );
      if (cluster.enableControlPlaneLogging)
        ready.add(
          call(
            `${cluster.name}Logging`,
            {
              service: 'EKS',
              action: 'updateClusterConfig',
              parameters: {
                name: cluster.name,
                logging: { clusterLogging: [{ types: [...LOG_TYPES], enabled: true }] },
              },
              physicalResourceId: PhysicalResourceId.of(`watchkeeper-logging-${cluster.name}`),
              ignoreErrorCodesMatching: 'InvalidParameterException|ResourceInUseException',
            },
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['eks:UpdateClusterConfig', 'eks:DescribeCluster'],
              resources: [stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: cluster.name })],
            }),
          ),
        );
      this.ready.set(cluster.name, ready);
    }
    acknowledgeProvider(stack, props.network !== undefined);
  }

  /** What a cluster's subscription filter must wait for. */
  public readyFor(cluster: string): IDependable {
    const ready = this.ready.get(cluster);
    if (!ready) throw new Error(`cluster "${cluster}" is not onboarded here`);
    return ready;
  }
}

/** The findings of the provider function CDK shares between all AwsCustomResources of the stack. */
function acknowledgeProvider(stack: Stack, inVpc: boolean): void {
  const provider = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER);
  if (!provider) return;
  if (!inVpc) acknowledgeControl(provider, CONTROL_EXCEPTIONS.lambdaOutsideVpc);
  Validations.of(provider).acknowledge(
    {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's AwsCustomResource provider, run once per deployment; its permissions are the statements above, limited to the listed clusters and their log groups.",
    },
    {
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: "CDK's own provider function; its runtime follows the CDK version.",
    },
    {
      id: 'Serverless::Serverless-LambdaDLQ',
      reason: 'Invoked synchronously by CloudFormation, which reports failures in the deployment.',
    },
    {
      id: 'Serverless::Serverless-LambdaDefaultMemorySize',
      reason: "CDK's provider function makes one API call per deployment.",
    },
    { id: 'Serverless::Serverless-LambdaTracing', reason: "CDK's provider function; deployment-time only." },
    {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      reason: "CDK's provider function in the configured VPC: AWS's policy for the function's network interfaces.",
    },
  );
}
