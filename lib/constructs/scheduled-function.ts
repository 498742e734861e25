import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DeadLetterDestination } from './dead-letter-destination.ts';
import type { WatchkeeperFunctionProps } from './watchkeeper-function.ts';
import { WatchkeeperFunction } from './watchkeeper-function.ts';

/** Properties of {@link scheduledFunction}. */
export interface ScheduledFunctionProps extends WatchkeeperFunctionProps {
  /** How often it runs. */
  readonly every: Duration;
  /** What the schedule is for (the rule's description). */
  readonly description: string;
  /** Where failed runs go after the schedule's two retries. */
  readonly deadLetters: IQueue;
  /** The key of the dead-letter queue. */
  readonly key: IKey;
}

/**
 * A house function run on a schedule (`<id>` and the rule `<id>Schedule`): the schedule retries twice
 * within five minutes, the function itself not at all (no doubled runs), and failures end in the
 * encrypted dead-letter queue.
 */
export function scheduledFunction(scope: Construct, id: string, props: ScheduledFunctionProps): WatchkeeperFunction {
  const { every, description, deadLetters, key, extra, ...functionProps } = props;
  const fn = new WatchkeeperFunction(scope, id, {
    ...functionProps,
    extra: {
      retryAttempts: 0,
      maxEventAge: Duration.minutes(5),
      onFailure: new DeadLetterDestination(deadLetters, key),
      ...extra,
    },
  });
  new Rule(scope, `${id}Schedule`, {
    description,
    schedule: Schedule.rate(every),
    targets: [
      new LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.minutes(5), deadLetterQueue: deadLetters }),
    ],
  });
  return fn;
}
