import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENTBRIDGE_SOURCES } from '../../functions/core/sources/registry.ts';

/** Properties of {@link SourceRules}. */
export interface SourceRulesProps {
  /** The ingest-events function. */
  readonly target: IFunction;
  /** Where events go that the target could not take after its retries. */
  readonly deadLetters: IQueue;
}

/**
 * One EventBridge rule per source that arrives through EventBridge (CloudTrail API calls, CloudWatch
 * alarm state changes, GuardDuty EKS findings …), with the pattern its source module declares.
 */
export class SourceRules extends Construct {
  public readonly rules: Rule[] = [];

  public constructor(scope: Construct, id: string, props: SourceRulesProps) {
    super(scope, id);
    for (const module of EVENTBRIDGE_SOURCES) {
      const { detailType, description, pattern } = module.eventBridge;
      this.rules.push(
        new Rule(this, module.source, {
          description: `Watchkeeper: ${description}`,
          eventPattern: { ...pattern, detailType: [detailType] } as unknown as EventPattern,
          targets: [
            new LambdaFunction(props.target, {
              retryAttempts: 4,
              maxEventAge: Duration.hours(2),
              deadLetterQueue: props.deadLetters,
            }),
          ],
        }),
      );
    }
  }
}
