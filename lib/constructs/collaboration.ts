import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  CfnCustomAction,
  CfnMicrosoftTeamsChannelConfiguration,
  CfnSlackChannelConfiguration,
} from 'aws-cdk-lib/aws-chatbot';
import { Effect, ManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CollaborationConfig } from '../../functions/core/collaboration/config.ts';
import { collaborationSecretName, TOPIC_NAMES } from '../../functions/shared/settings.ts';
import type { TeamTopics } from './team-topics.ts';
import { WatchkeeperFunction } from './watchkeeper-function.ts';
import { COLLABORATION_CONCURRENCY } from '../concurrency.ts';
import type { FunctionEnvironment, WatchkeeperFunctionProps } from './watchkeeper-function.ts';
import { amazonQTeams, secretIdOf } from '../../functions/core/collaboration/channels.ts';

/** Properties of {@link Collaboration}. */
export interface CollaborationProps {
  readonly config: CollaborationConfig;
  readonly topics: TeamTopics;
  readonly key: IKey;
  /** How functions run here (logs, network, source maps). */
  readonly runtime: Pick<WatchkeeperFunctionProps, 'logs' | 'network' | 'sourceMaps' | 'account' | 'settings'>;
  /** The collaboration function's environment (table, topics, links). */
  readonly environment: FunctionEnvironment;
  /** The chat buttons' function: acknowledges and resolves through the incident API's operations. */
  readonly chatAction: WatchkeeperFunction;
  /** Where its alarms go (the operations topic), when alarms notify. */
  readonly alarmTopic?: ITopic;
}

/** The custom action buttons of chat messages. */
const BUTTONS = [
  { action: 'acknowledge', text: 'Acknowledge' },
  { action: 'resolve', text: 'Resolve' },
] as const;

/**
 * Chat channels and defect trackers: a queue subscribed to every team topic feeds the collaboration
 * function (retries, then a dead-letter queue and an alarm); each tracker and webhook has its
 * secret; teams with Amazon Q Developer channels get a chat topic and channel configurations whose
 * role — capped by a guardrail — may only invoke the acknowledge/resolve function.
 */
export class Collaboration extends Construct {
  public readonly queue: Queue;
  public readonly deadLetters: Queue;
  public readonly function: WatchkeeperFunction;
  /** The chat buttons' function (given). */
  public readonly chatAction: WatchkeeperFunction;
  /** `<team>/<name>` → the secret of each tracker and webhook channel. */
  public readonly secrets = new Map<string, ISecret>();
  /** Team → its chat topic (Amazon Q Developer channels). */
  public readonly chatTopics = new Map<string, Topic>();
  public readonly alarms: Alarm[] = [];

  public constructor(scope: Construct, id: string, props: CollaborationProps) {
    super(scope, id);
    const { config, key } = props;
    this.chatAction = props.chatAction;
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      redriveAllowPolicy: { redrivePermission: RedrivePermission.ALLOW_ALL },
    });
    Validations.of(this.deadLetters).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: 'This queue is the dead-letter queue of the collaboration queue.',
      },
      {
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'This queue is the dead-letter queue; people redrive it once the tracker is back.',
      },
    );
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      // Six times the function's timeout, as Lambda advises for SQS sources.
      visibilityTimeout: Duration.minutes(6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
    this.subscribe([...props.topics.topics].filter(([team]) => team !== 'business').map(([, topic]) => topic));

    for (const [team, tracker] of Object.entries(config.trackers))
      this.secretOf(
        key,
        team,
        'tracker',
        tracker.secretArn,
        tracker.type === 'github' ? '{"token": "…"}' : '{"email": "…", "apiToken": "…"}',
      );
    for (const [team, channels] of Object.entries(config.chat))
      for (const channel of channels)
        if (channel.kind === 'webhook')
          this.secretOf(key, team, channel.name, channel.secretArn, '{"url": "https://…"}');

    for (const team of amazonQTeams(config))
      this.chatTopics.set(
        team,
        new Topic(this, `${team}ChatTopic`, {
          topicName: TOPIC_NAMES.chat(Stack.of(this).stackName, team),
          masterKey: key,
          enforceSSL: true,
          displayName: `Watchkeeper chat ${team}`,
        }),
      );

    this.function = new WatchkeeperFunction(this, 'Function', {
      ...props.runtime,
      entryFolder: 'collaborate',
      // The settings name the channels, secrets (by name) and chat topics (by name): nothing grows here.
      environment: props.environment,
      // One incident's events one after another would be better still; a few at once keep trackers' rate limits.
      extra: { reservedConcurrentExecutions: COLLABORATION_CONCURRENCY },
    });
    const source = new SqsEventSource(this.queue, {
      batchSize: 10,
      reportBatchItemFailures: true,
      maxBatchingWindow: Duration.seconds(1),
    });
    this.function.addEventSource(source);
    Validations.of(this.function).acknowledge({
      id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
      reason:
        "An SQS source takes no on-failure destination: the queue's redrive policy sends a message failed five times to the dead-letter queue, which is alarmed.",
    });
    if (this.secrets.size > 0)
      this.function.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['secretsmanager:GetSecretValue'],
          resources: [...this.secrets.values()].map((s) => s.secretArn),
        }),
      );
    if (this.chatTopics.size > 0)
      this.function.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['sns:Publish'],
          resources: [...this.chatTopics.values()].map((t) => t.topicArn),
        }),
      );
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [key.keyArn],
      }),
    );

    if (this.chatTopics.size > 0) this.amazonQ(props, [...this.chatTopics.keys()]);

    const alarm = (name: string, description: string, metric: Metric, threshold: number) => {
      const a = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      if (props.alarmTopic) a.addAlarmAction(new SnsAction(props.alarmTopic));
      this.alarms.push(a);
    };
    alarm(
      'DeadLettersAlarm',
      'Chat messages or ticket updates failed five times and wait in the dead-letter queue (redrive once the tracker or chat is back)',
      this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      1,
    );
    alarm(
      'FailuresAlarm',
      'A tracker or chat tool keeps failing (each failure is retried and on the incident timeline)',
      new Metric({
        namespace: 'Watchkeeper',
        metricName: 'CollaborationFailures',
        dimensionsMap: { service: 'watchkeeper-collaborate' },
        statistic: 'Sum',
        period: Duration.minutes(15),
      }),
      3,
    );
  }

  /**
   * The queue subscribed to the team topics. Not `SqsSubscription`: it names each topic in the key's
   * policy, while the topics are encrypted with that key — a dependency cycle CloudFormation refuses
   * (the key already lets SNS use it). One statement per queue for all topics keeps the queue policies
   * within SQS's 20 statements however many teams there are.
   */
  private subscribe(topics: readonly ITopic[]): void {
    const arns = topics.map((t) => t.topicArn);
    for (const queue of [this.queue, this.deadLetters])
      queue.addToResourcePolicy(
        new PolicyStatement({
          sid: 'TeamTopicsDeliver',
          effect: Effect.ALLOW,
          principals: [new ServicePrincipal('sns.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': arns } },
        }),
      );
    topics.forEach((topic, index) => {
      new CfnSubscription(this, `Subscription${index}`, {
        topicArn: topic.topicArn,
        protocol: 'sqs',
        endpoint: this.queue.queueArn,
        // What SNS could not deliver after its retries is kept beside what the function gave up on.
        redrivePolicy: { deadLetterTargetArn: this.deadLetters.queueArn },
      });
    });
  }

  /** The secret of a tracker or webhook: the given one, or one created (encrypted with the key) for people to fill in. */
  private secretOf(key: IKey, team: string, name: string, arn: string | undefined, shape: string): void {
    const id = secretIdOf(team, name);
    if (arn) {
      this.secrets.set(id, Secret.fromSecretCompleteArn(this, `${team}-${name}-Secret`, arn));
      return;
    }
    const secret = new Secret(this, `${team}-${name}-Secret`, {
      // Named: the function reads it by this name (collaborationSecrets in its settings).
      secretName: collaborationSecretName(Stack.of(this).stackName, id),
      description: `Watchkeeper ${id}: put ${shape} here`,
      encryptionKey: key,
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'placeholder' },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'A token issued by GitHub, Jira or the chat tool: rotated there, then put here by hand (docs/collaboration.md).',
    });
    this.secrets.set(id, secret);
  }

  /** Channel configurations, their narrow role and guardrail, and the two buttons. */
  private amazonQ(props: CollaborationProps, teams: readonly string[]): void {
    const invoke = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['lambda:InvokeFunction'],
      resources: [props.chatAction.functionArn],
    });
    const role = new Role(this, 'ChannelRole', {
      assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
      description: 'Watchkeeper chat channels: the acknowledge and resolve buttons, nothing else',
      inlinePolicies: { buttons: new PolicyDocument({ statements: [invoke] }) },
    });
    const guardrail = new ManagedPolicy(this, 'ChannelGuardrail', {
      description: 'Watchkeeper chat channels may only press the acknowledge and resolve buttons',
      statements: [invoke],
    });
    const stack = Stack.of(this).stackName.replace(/[^A-Za-z0-9_-]/g, '-');
    const actions = BUTTONS.map(
      ({ action, text }) =>
        new CfnCustomAction(this, `${text}Action`, {
          actionName: `${stack}-${action}`.slice(-64),
          definition: {
            commandText: `lambda invoke --function-name ${props.chatAction.functionArn} --payload {"action": "${action}", "incidentId": "$incidentId"}`,
          },
          attachments: [
            {
              notificationType: 'Custom',
              buttonText: text,
              variables: {
                incidentId: 'event.metadata.additionalContext.incidentId',
                actionable: 'event.metadata.additionalContext.actionable',
              },
              criteria: [{ operator: 'EQUALS', variableName: 'actionable', value: 'true' }],
            },
          ],
        }),
    );
    const common = {
      iamRoleArn: role.roleArn,
      guardrailPolicies: [guardrail.managedPolicyArn],
      loggingLevel: 'ERROR',
      userRoleRequired: false,
      customizationResourceArns: actions.map((a) => a.attrCustomActionArn),
    };
    for (const team of teams) {
      const topicArns = [this.chatTopics.get(team)?.topicArn ?? ''];
      for (const channel of props.config.chat[team] ?? []) {
        const name = `${stack}-${team}-${channel.name}`.slice(-128);
        if (channel.kind === 'slack')
          new CfnSlackChannelConfiguration(this, `${team}-${channel.name}`, {
            ...common,
            configurationName: name,
            slackWorkspaceId: channel.workspaceId,
            slackChannelId: channel.channelId,
            snsTopicArns: topicArns,
          });
        else if (channel.kind === 'teams')
          new CfnMicrosoftTeamsChannelConfiguration(this, `${team}-${channel.name}`, {
            ...common,
            configurationName: name,
            teamId: channel.teamId,
            teamsTenantId: channel.tenantId,
            // CloudFormation takes the channel id URL-encoded (19%3a…%40thread.tacv2).
            teamsChannelId: encodeURIComponent(channel.channelId),
            snsTopicArns: topicArns,
          });
      }
    }
  }
}
