import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { nagAccount } from '../nag-ids.ts';
import type { ScheduledFunctionProps } from './scheduled-function.ts';
import { scheduledFunction } from './scheduled-function.ts';
import type { Construct } from 'constructs';
import type { WatchkeeperFunction } from './watchkeeper-function.ts';

/** Properties of {@link logSilenceCheck}. */
export interface LogSilenceCheckProps extends Omit<ScheduledFunctionProps, 'every' | 'description' | 'entryFolder'> {
  /** The watched clusters and how long each may be silent. */
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly silenceMinutes: number }>;
}

/**
 * Every five minutes, the newest event time of each listed cluster's control-plane log group
 * (DescribeLogStreams on those groups only): a silent cluster raises `cluster-logs-silent`.
 */
export function logSilenceCheck(scope: Construct, id: string, props: LogSilenceCheckProps): WatchkeeperFunction {
  const { clusters, ...rest } = props;
  const fn = scheduledFunction(scope, id, {
    ...rest,
    entryFolder: 'log-silence',
    every: Duration.minutes(5),
    description: 'Raise an incident for clusters whose control-plane logs fell silent',
    environment: {
      ...props.environment,
      SILENCE_WATCHES: JSON.stringify(clusters.map((c) => ({ name: c.name, silenceMinutes: c.silenceMinutes }))),
    },
  });
  if (clusters.length === 0) return fn;
  const stack = Stack.of(scope);
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['logs:DescribeLogStreams'],
      resources: clusters.map((c) =>
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `/aws/eks/${c.name}/cluster:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
    }),
  );
  for (const c of clusters) {
    Validations.of(fn.executionRole).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:${nagAccount(stack)}:log-group:/aws/eks/${c.name}/cluster:*]`,
      reason: 'DescribeLogStreams on the listed cluster\'s own log group (the ":*" addresses its streams).',
    });
  }
  return fn;
}
