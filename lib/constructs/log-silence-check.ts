import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { nagAccount, nagPartition, nagRegion } from '../nag-ids.ts';
import type { ScheduledFunctionProps } from './scheduled-function.ts';
import { scheduledFunction } from './scheduled-function.ts';
import type { Construct } from 'constructs';
import type { WatchkeeperFunction } from './watchkeeper-function.ts';

/** Properties of {@link logSilenceCheck}. */
export interface LogSilenceCheckProps extends Omit<ScheduledFunctionProps, 'every' | 'description' | 'entryFolder'> {
  /** The watched clusters of the hub's account and region, and how long each may be silent. */
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly silenceMinutes: number }>;
  /** The spokes, whose clusters are read through each spoke's reader role. */
  readonly spokes?: ReadonlyArray<{ readonly account: string; readonly region: string }>;
  /** The name of the spokes' reader role, before `-<region>`. */
  readonly readerRole?: string;
}

/**
 * Every five minutes, the newest event time of each listed cluster's control-plane log group
 * (DescribeLogStreams on those groups only): a silent cluster raises `cluster-logs-silent`.
 */
export function logSilenceCheck(scope: Construct, id: string, props: LogSilenceCheckProps): WatchkeeperFunction {
  const { clusters, spokes = [], readerRole, ...rest } = props;
  const fn = scheduledFunction(scope, id, {
    ...rest,
    entryFolder: 'log-silence',
    every: Duration.minutes(5),
    description: 'Raise an incident for clusters whose control-plane logs fell silent',
  });
  const stack = Stack.of(scope);
  const roles = [...new Set(spokes.map((s) => `${s.account}:role/${readerRole}-${s.region}`))];
  if (readerRole && roles.length > 0)
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['sts:AssumeRole'],
        resources: roles.map((role) => `arn:${stack.partition}:iam::${role}`),
      }),
    );
  if (clusters.length === 0) return fn;
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
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:${nagPartition(stack)}:logs:${nagRegion(stack)}:${nagAccount(stack)}:log-group:/aws/eks/${c.name}/cluster:*]`,
      reason: 'DescribeLogStreams on the listed cluster\'s own log group (the ":*" addresses its streams).',
    });
  }
  return fn;
}
