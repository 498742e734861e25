import { App } from 'aws-cdk-lib';
import type { WatchkeeperConfig } from '../lib/config-schema.ts';
import { escalationName } from '../lib/constructs/escalation-workflow.ts';
import { WatchkeeperStack } from '../lib/watchkeeper-stack.ts';

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** Placeholder ARN of a resource of the synthesized template (what the local task handlers answer for). */
export const localArn = (logicalId: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${logicalId}`;

/**
 * The escalation state machine's definition exactly as `cdk synth` produces it, with its tokens
 * resolved for the local runtime: the table's `Ref` becomes the local table name, other references
 * placeholder ARNs. Bundling is skipped: only the template is needed.
 */
export function synthesizedEscalationDefinition(
  config: WatchkeeperConfig,
  localTableName: string,
): Record<string, unknown> {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new WatchkeeperStack(app, 'Watchkeeper', { config });
  const template = app.synth().getStackByName(stack.stackName).template as Template;
  // By name: the stack has other state machines (remediation).
  const name = escalationName(stack);
  const machine = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Properties.StateMachineName === name,
  );
  if (!machine) throw new Error(`the synthesized stack has no state machine named ${name}`);
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const token = value as Record<string, unknown>;
    if ('Fn::Join' in token) {
      const [separator, parts] = token['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    if ('Ref' in token) {
      const id = token.Ref as string;
      if (template.Resources[id]?.Type === 'AWS::DynamoDB::Table') return localTableName;
      if (id === 'AWS::Partition') return 'aws';
      if (id === 'AWS::Region') return 'us-east-1';
      if (id === 'AWS::AccountId') return '000000000000';
      return localArn(id);
    }
    if ('Fn::GetAtt' in token) return localArn((token['Fn::GetAtt'] as string[])[0]);
    throw new Error(`unsupported token in the state machine definition: ${JSON.stringify(token)}`);
  };
  return JSON.parse(resolve(machine.Properties.DefinitionString)) as Record<string, unknown>;
}
