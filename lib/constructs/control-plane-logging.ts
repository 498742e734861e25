import { Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeControl, CONTROL_EXCEPTIONS } from '../control-tower.ts';
import type { LogSettings } from './log-group.ts';
import { houseLogGroup } from './log-group.ts';
import type { FunctionNetwork } from './network.ts';

/** Properties of {@link ControlPlaneLogging}. */
export interface ControlPlaneLoggingProps {
  /** Cluster names whose control-plane logging is turned on. */
  readonly clusters: readonly string[];
  readonly logs: LogSettings;
  /** The VPC placement of CDK's provider function, as for every function. @default outside a VPC */
  readonly network?: FunctionNetwork;
}

/** Construct id of the provider function CDK creates for AwsCustomResource. */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

/** Every EKS control-plane log type. */
export const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/**
 * Turns on every control-plane log type of the listed clusters at deploy time (eks:UpdateClusterConfig;
 * "no changes needed" is not an error). It never turns logging off, also not on stack deletion.
 */
export class ControlPlaneLogging extends Construct {
  public constructor(scope: Construct, id: string, props: ControlPlaneLoggingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const arns = props.clusters.map((name) =>
      stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: name }),
    );
    const logGroup = houseLogGroup(this, 'Logs', props.logs);
    for (const name of props.clusters) {
      const call = {
        service: 'EKS',
        action: 'updateClusterConfig',
        parameters: { name, logging: { clusterLogging: [{ types: [...LOG_TYPES], enabled: true }] } },
        physicalResourceId: PhysicalResourceId.of(`watchkeeper-logging-${name}`),
        ignoreErrorCodesMatching: 'InvalidParameterException|ResourceInUseException',
      };
      new AwsCustomResource(this, `${name}Logging`, {
        onCreate: call,
        onUpdate: call,
        installLatestAwsSdk: false,
        logGroup,
        ...(props.network
          ? {
              vpc: props.network.vpc,
              vpcSubnets: { subnets: [...props.network.subnets] },
            }
          : {}),
        policy: AwsCustomResourcePolicy.fromStatements([
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['eks:UpdateClusterConfig', 'eks:DescribeCluster'],
            resources: arns,
          }),
        ]),
      });
    }
    // The provider function CDK shares between all AwsCustomResources of the stack.
    const provider = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER);
    if (provider) {
      if (!props.network) acknowledgeControl(provider, CONTROL_EXCEPTIONS.lambdaOutsideVpc);
      Validations.of(provider).acknowledge(
        {
          id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "CDK's AwsCustomResource provider, run once per deployment; its EKS permissions are the statement above, limited to the listed clusters.",
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
  }
}
