import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { escalationDefinition } from './escalation-definition.ts';
import type { LogSettings } from './log-group.ts';
import { houseLogGroup } from './log-group.ts';
import type { TeamTopics } from './team-topics.ts';

/** Properties of {@link EscalationWorkflow}. */
export interface EscalationWorkflowProps {
  readonly table: ITable;
  readonly key: IKey;
  readonly topics: TeamTopics;
  /** The "Prepare page" function. */
  readonly preparePage: IFunction;
  /** Its execution log (transitions, no data). */
  readonly logs: LogSettings;
}

/**
 * The name of a stack's escalation state machine: known before the machine exists, because the API
 * starts escalations (merges, splits) while the machine's page function links back to the API.
 */
export const escalationName = (scope: Construct): string => `${Stack.of(scope).stackName}-escalation`.slice(0, 80);

/** The ARN of a state machine of this stack's account and region, by name. */
export function stateMachineArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** The ARN of a stack's escalation state machine, without a reference to it (see {@link escalationName}). */
export const escalationArn = (scope: Construct): string => stateMachineArn(scope, escalationName(scope));

/**
 * The escalation state machine (standard workflow, JSONPath) with permissions limited to the
 * table, topics, key and function it uses.
 */
export class EscalationWorkflow extends Construct {
  public readonly stateMachine: StateMachine;

  public constructor(scope: Construct, id: string, props: EscalationWorkflowProps) {
    super(scope, id);
    const definition = escalationDefinition(props.table.tableName, props.preparePage.functionArn);
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: escalationName(this),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(Stack.of(this).toJsonString(definition)),
      tracingEnabled: true,
      timeout: Duration.days(7),
      // Every state transition is logged, but not the data: incidents stay in the encrypted table.
      logs: {
        destination: houseLogGroup(this, 'Logs', props.logs),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Log delivery (logs:CreateLogDelivery …) and X-Ray accept only "*" as resource; every other action is limited to the table, topics, key and function.',
    });
    const role = this.stateMachine.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [props.preparePage.functionArn],
      }),
    );
    // Covers the key for the topics and the table alike (one customer key).
    props.topics.grantPublish(role, props.key);
  }
}
