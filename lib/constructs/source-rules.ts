import { Rule } from 'aws-cdk-lib/aws-events';
import type { EventPattern, IEventBus, IRuleTarget } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { EVENTBRIDGE_SOURCES } from '../../functions/core/sources/registry.ts';

/** Properties of {@link SourceRules}. */
export interface SourceRulesProps {
  /** Where matching events go: the ingest-events function (hub), or the hub's event bus (spoke). */
  readonly target: IRuleTarget;
  /** The bus the rules listen on. @default the account's default bus */
  readonly eventBus?: IEventBus;
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
          eventBus: props.eventBus,
          targets: [props.target],
        }),
      );
    }
  }
}
