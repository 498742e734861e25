import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Every EKS control-plane log type. */
export const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/**
 * Turns on every control-plane log type of the listed clusters at deploy time (eks:UpdateClusterConfig;
 * "no changes needed" is not an error). It never turns logging off, also not on stack deletion.
 */
export class ControlPlaneLogging extends Construct {
  public constructor(scope: Construct, id: string, props: { readonly clusters: readonly string[] }) {
    super(scope, id);
    const stack = Stack.of(this);
    const arns = props.clusters.map((name) => stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: name }));
    for (const name of props.clusters) {
      const call = {
        service: 'EKS', action: 'updateClusterConfig',
        parameters: { name, logging: { clusterLogging: [{ types: [...LOG_TYPES], enabled: true }] } },
        physicalResourceId: PhysicalResourceId.of(`watchkeeper-logging-${name}`),
        ignoreErrorCodesMatching: 'InvalidParameterException|ResourceInUseException',
      };
      new AwsCustomResource(this, `${name}Logging`, {
        onCreate: call, onUpdate: call,
        installLatestAwsSdk: false,
        logRetention: RetentionDays.ONE_MONTH,
        policy: AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ effect: Effect.ALLOW, actions: ['eks:UpdateClusterConfig', 'eks:DescribeCluster'], resources: arns })]),
      });
    }
  }
}
