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
  /** Only the rules of global services' events (the us-east-1 forwarder). @default every rule */
  readonly only?: 'global';
}

/**
 * The rule patterns of the sources that arrive through EventBridge: one per source, and one for the
 * events of global services where a source has them (they reach a region's bus in us-east-1, or
 * forwarded from there).
 */
export function sourceRulePatterns(only?: 'global'): Array<{ id: string; description: string; pattern: EventPattern }> {
  return EVENTBRIDGE_SOURCES.flatMap((module) => {
    const { detailType, description, pattern, globalPattern } = module.eventBridge as {
      detailType: string;
      description: string;
      pattern: Record<string, unknown>;
      globalPattern?: Record<string, unknown>;
    };
    const rules = [];
    if (!only) rules.push({ id: module.source, description, pattern: { ...pattern, detailType: [detailType] } });
    if (globalPattern)
      rules.push({
        id: `${module.source}-global`,
        description: `${description} (global services)`,
        pattern: { ...globalPattern, detailType: [detailType] },
      });
    return rules as Array<{ id: string; description: string; pattern: EventPattern }>;
  });
}

/**
 * One EventBridge rule per source that arrives through EventBridge (CloudTrail API calls, CloudWatch
 * alarm state changes, GuardDuty EKS findings …), with the pattern its source module declares.
 */
export class SourceRules extends Construct {
  public readonly rules: Rule[] = [];

  public constructor(scope: Construct, id: string, props: SourceRulesProps) {
    super(scope, id);
    for (const { id, description, pattern } of sourceRulePatterns(props.only))
      this.rules.push(
        new Rule(this, id, {
          description: `Watchkeeper: ${description}`,
          eventPattern: pattern,
          eventBus: props.eventBus,
          targets: [props.target],
        }),
      );
  }
}
